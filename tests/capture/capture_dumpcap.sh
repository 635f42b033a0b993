#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# dpdk-dumpcap against a live relay: the relay (primary, hugepages) serves
# rte_pdump and warmed the pcapng clock up; dumpcap (a secondary, which must
# load the net_ngiface driver: LD_PRELOAD, as dumpcap takes no -d) records
# the Ethernet-level packets of ng1 (its stack side, l2=eth) while endless
# traffic flows ng0 -> ng1.  tshark checks the packets and their timestamps.
# The traffic is cut (ngctl rmhook) before dumpcap detaches: DPDK 22.11's
# pdump removes its callback without waiting for an lcore inside it, and
# dumpcap then frees the pool that callback copies into (a primary crash,
# seen under heavy traffic).  Sets up hugepages (scripts/huge.sh) and restores
# them on exit; skips (77) only where the kernel refuses hugepages.
# Usage: capture_dumpcap.sh RELAY PMD_SO NGCTL

RT_NAME=capture-dumpcap
. "$(dirname "$0")/../relay/common.sh"
rt_setup
PMD_SO=${2:-}
NGCTL=${3:-}
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
DUMP_PID=""
# shellcheck source=../../scripts/huge.sh
. "$(dirname "$0")/../../scripts/huge.sh"

rt_local_cleanup()
{
	if [ -n "$DUMP_PID" ]; then
		kill -TERM "$DUMP_PID" 2>/dev/null
		wait "$DUMP_PID" 2>/dev/null
	fi
	huge_down
}

[ "$(id -u)" -eq 0 ] || t_skip "needs root (hugepages)"
command -v dpdk-dumpcap >/dev/null || t_skip "dpdk-dumpcap not installed (dpdk-dev)"
# shellcheck source=../../scripts/plugin.sh
. "$(dirname "$0")/../../scripts/plugin.sh"
# the preloaded driver brings its DPDK's libraries first: only a static
# dpdk-dumpcap (EAL linked in, a second EAL would panic) cannot take it
if plugin_eal_linked_in "$(command -v dpdk-dumpcap)"; then
	echo "FAIL: $PLUGIN_WHY"
	exit 1
fi
command -v tshark >/dev/null || t_skip "tshark not installed"
[ -f "$PMD_SO" ] || t_skip "driver library not given: $PMD_SO"
[ -x "$NGCTL" ] || t_skip "ngctl not given: $NGCTL"
rt_need_pcap

# hugepages for this run (scripts/huge.sh); undone by rt_local_cleanup
huge_up 128 "$RT_TMP/huge" || t_skip "$HUGE_WHY"

"$RT_PY" "$GEN" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1
"$RT_PY" "$GEN" eth "$RT_TMP/empty.pcap" 0 0 0 || exit 1
SOCK=$RT_TMP/ctl.sock
rt_start_pair "$RT_TMP/relay.out" 60 "$RT_TMP/a.pcap,infinite_rx=1" \
	"$RT_TMP/empty.pcap" --huge-dir="$HUGE_DIR" -m 200 -- --ctl "$SOCK" ||
	t_fail "relay (primary, hugepages) did not start"

dump()
{
	LD_PRELOAD=$PMD_SO timeout -k 3 "$1" dpdk-dumpcap \
		--file-prefix="$RT_PREFIX" "${@:2}"
}

dump 20 -D >"$RT_TMP/list.out" 2>&1
rc=$?
cat "$RT_TMP/list.out"
t_check "dumpcap -D attaches as a secondary (status $rc)" "$rc" -eq 0
grep -qw ng1 "$RT_TMP/list.out"
t_check "ng1 listed by dumpcap" $? -eq 0

# a filter keeps the file small: IPv4 with IP ID 7, one frame in 187
F=$RT_TMP/dump.pcapng
dump 30 -i ng1 -f "ip and ip[4:2] = 7" -a duration:3 -w "$F" \
	>"$RT_TMP/dump.out" 2>&1 &
DUMP_PID=$!
sleep 2
# cut the traffic into ng1 before dumpcap detaches
"$NGCTL" -s "$SOCK" rmhook ng0: inet && "$NGCTL" -s "$SOCK" rmhook ng0: inet6
t_check "traffic to ng1 cut (rmhook)" $? -eq 0
wait "$DUMP_PID"
rc=$?
DUMP_PID=""
tr '\r' '\n' <"$RT_TMP/dump.out" | grep -v '^Packets captured' | tail -n 4
t_check "dumpcap -i ng1 -a duration:3: status $rc" "$rc" -eq 0
n=$(tshark -r "$F" 2>/dev/null | wc -l)
t_check "dumpcap recorded packets ($n)" "$n" -gt 0
n7=$(tshark -r "$F" -Y "ip.id == 7 && eth.type == 0x0800" 2>/dev/null | wc -l)
t_check "all of them Ethernet frames of IPv4 ID 7, as filtered ($n7 of $n)" "$n7" -eq "$n"
enc=$(capinfos -E "$F" 2>/dev/null | sed -nE 's/^File encapsulation: +//p')
t_check "Ethernet-level ($enc)" "$enc" = "Ethernet"
now=$(date +%s)
tshark -r "$F" -T fields -e frame.time_epoch 2>/dev/null |
	awk -v now="$now" '$1 < now - 300 || $1 > now + 60 { bad++ }
		END { exit bad > 0 || NR == 0 }'
t_check "dumpcap timestamps within minutes of now ($now): the warm-up works" $? -eq 0
tshark -r "$F" -T fields -e frame.time_epoch -c 3 2>/dev/null
rt_stop TERM
t_check "relay exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
rt_done
