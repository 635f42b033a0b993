#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Tx drop causes seen from testpmd (txonly sends Ethernet/IPv4/UDP):
# - link down ("set link-down port", NGM_LINK_IS_DOWN): an LSC event is
#   raised and every packet is counted in tx_drop_down; link up again and
#   they reach the hook;
# - l2=none (the stack side carries raw L3): testpmd's Ethernet frames
#   start with a MAC address, not an IP version, so every one is counted in
#   tx_drop_afnosupport.
# Each packet counted once: the cause equals testpmd's TX-total and the
# port's tx_errors, nothing reaches a hook.
# Usage: drops.sh BUILD_DIR

IT_NAME=drops
. "$(dirname "$0")/common.sh"
it_setup

# txrun PORT TAG: txonly on PORT alone for a moment; that run's output in
# $IT_TMP/TAG.out
txrun()
{
	it_cmd "set portlist $1"
	it_moment "$1" "$2"
}

# expect PORT TAG CAUSE: every packet of run TAG counted under CAUSE only
expect()
{
	local f="$IT_TMP/$2.out" tot v x

	tot=$(it_fwd_stat "$1" TX-total "$f")
	v=$(it_xstat "$1" "$3" "$f")
	t_check "$2: $3 $v == TX-total $tot > 0" "$v" -gt 0 -a "$v" -eq "$tot"
	for x in tx_drop_down tx_drop_afnosupport tx_drop_nesting \
		 inet_hole_packets inet6_hole_packets tx_errors; do
		[ "$x" = "$3" ] && continue
		v=$(it_xstat "$1" "$x" "$f")
		if [ "$x" = tx_errors ] && [ "$3" != inet_hole_packets ]; then
			t_check "$2: $x $v == $tot" "$v" -eq "$tot"
		else
			t_check "$2: $x $v == 0" "$v" -eq 0
		fi
	done
}

out="$IT_TMP/testpmd.out"
it_start "$out" 60 "${IT_EAL[@]}" \
	--vdev=net_ngiface0,inet=hole \
	--vdev=net_ngiface1,l2=none,inet=hole,inet6=hole \
	-- -i --total-num-mbufs=16384
it_cmd "set fwd txonly"

it_cmd_out "set link-down port 0"
it_wait_for "Port 0: link state change event" 5 ||
	t_fail "no link state change event for port 0 going down"
it_cmd_out "show port summary 0"
if grep -qE '^0 .* ng0 +net_ngiface +down' "$IT_LAST"; then
	t_pass "port 0 link down"
else
	t_fail "port 0 link not down"
fi
txrun 0 down
expect 0 down tx_drop_down

it_cmd "set link-up port 0"
txrun 0 up
expect 0 up inet_hole_packets

txrun 1 l2none
expect 1 l2none tx_drop_afnosupport
it_stop
it_check_clean_exit
it_done
