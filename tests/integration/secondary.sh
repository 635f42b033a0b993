#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A secondary process reads a node the primary made: testpmd (primary,
# hugepages) sends through ng0, dpdk-proc-info (secondary, the driver
# preloaded, as dpdk-dumpcap would have it) finds port ng0 by its vdev and
# reads the driver's xstats.  Skips where the kernel gives no hugepages.
# Usage: secondary.sh BUILD_DIR

IT_NAME=secondary
. "$(dirname "$0")/common.sh"
it_setup

proc_info=$(command -v dpdk-proc-info) ||
	t_skip "dpdk-proc-info not found (Debian package dpdk-dev)"
# the preloaded plugin brings its DPDK's libraries first: only a static
# dpdk-proc-info (EAL linked in, a second EAL would panic) cannot take it
if plugin_eal_linked_in "$proc_info"; then
	echo "FAIL: $PLUGIN_WHY"
	exit 1
fi
# shellcheck source=../../scripts/huge.sh
. "$(dirname "$0")/../../scripts/huge.sh"
hp_dir="$IT_TMP/huge"
# LD_PRELOAD splits its list at spaces and colons: a plugin whose path
# holds one (a tree unpacked under "My Projects") is preloaded through a
# link of a plain path
preload=$IT_PLUGIN
preload_dir=""
hp_undo()
{
	huge_down
	[ -z "$preload_dir" ] || rm -rf "$preload_dir"
	it_cleanup
}
trap hp_undo EXIT
case $IT_PLUGIN in
*[[:space:]:]*)
	preload_dir=$(mktemp -d /tmp/ngiface-preload.XXXXXX) ||
		t_skip "mktemp failed"
	preload="$preload_dir/$(basename "$IT_PLUGIN")"
	ln -s "$IT_PLUGIN" "$preload" || t_skip "ln -s failed"
	;;
esac
huge_up 128 "$hp_dir" || t_skip "$HUGE_WHY"

out="$IT_TMP/testpmd.out"
# shellcheck disable=SC2046
it_start "$out" 60 -l 0-1 --huge-dir="$hp_dir" -m 200 --no-pci \
	--file-prefix="$IT_PREFIX" -d "$IT_PLUGIN" \
	--vdev=net_ngiface0,inet=hole,inet6=hole \
	-- -i --total-num-mbufs=8192
it_cmd "set fwd txonly"
it_cmd "start"
sleep 1
it_cmd "stop"

sec="$IT_TMP/proc-info.out"
LD_PRELOAD="$preload" timeout -k 3 20 "$proc_info" \
	--file-prefix="$IT_PREFIX" -- --xstats > "$sec" 2>&1
rc=$?
it_cmd "show port xstats 0"
it_stop
# the primary outlives the secondary's attach and detach, and ends clean
it_check_clean_exit

t_check "dpdk-proc-info exit status $rc == 0" "$rc" -eq 0
sec_hole=$(awk '/inet_hole_packets:/ { print $2 }' "$sec")
pri_hole=$(it_xstat 0 inet_hole_packets)
t_check "secondary sees inet_hole_packets (${sec_hole:-none})" \
	-n "$sec_hole"
t_check "secondary ${sec_hole:-0} == primary $pri_hole > 0" \
	"${sec_hole:-0}" -eq "$pri_hole" -a "$pri_hole" -gt 0
it_done
