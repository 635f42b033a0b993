#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Hooks joined and cut while Tx runs on another lcore: testpmd txonly keeps
# sending on ng0 (lcore 1) while the main lcore attaches a node whose inet
# hook joins ng0:inet, then stops, closes and detaches it, twice.  Every
# packet testpmd tried ends in exactly one place:
#   TX-total == inet_out_packets + inet_drop_unconnected + inet_ring_full
# (nobody polls the joined node, so its ring fills and Tx hands packets
# back), every packet that went out is flushed when the join is cut
# (inet_flushed == inet_out_packets), and the mempool is whole at the end.
# Usage: live_rejoin.sh BUILD_DIR

IT_NAME=live-rejoin
. "$(dirname "$0")/common.sh"
it_setup

out="$IT_TMP/testpmd.out"
it_start "$out" 60 "${IT_EAL[@]}" --vdev=net_ngiface0 \
	-- -i --total-num-mbufs=16384
it_cmd "set fwd txonly"
it_cmd "set portlist 0"
it_cmd "start"
for round in 1 2; do
	sleep 0.3
	it_cmd_out "port attach net_ngiface5,inet=ng0:inet"
	t_check "round $round: attached as port 1" \
		-n "$(grep -F 'Port 1 is attached' "$IT_LAST")"
	sleep 0.3
	it_cmd "port stop 1"
	it_cmd "port close 1"
	it_cmd_out "device detach net_ngiface5"
	t_check "round $round: detached" \
		-n "$(grep -F 'Device net_ngiface5 is detached' "$IT_LAST")"
done
sleep 0.3
it_cmd "stop"
it_cmd "show port xstats 0"
it_mempool_whole
it_stop
it_check_clean_exit

tot=$(it_fwd_stat 0 TX-total)
txp=$(it_fwd_stat 0 TX-packets)
o=$(it_xstat 0 inet_out_packets)
u=$(it_xstat 0 inet_drop_unconnected)
f=$(it_xstat 0 inet_ring_full)
fl=$(it_xstat 0 inet_flushed)
t_check "packets went out while joined ($o)" "$o" -gt 0
t_check "packets dropped while unconnected ($u)" "$u" -gt 0
t_check "TX-packets $txp == inet_out_packets $o" "$txp" -eq "$o"
t_check "TX-total $tot == out $o + unconnected $u + ring_full $f" \
	"$tot" -eq $((o + u + f))
t_check "inet_flushed $fl == inet_out_packets $o" "$fl" -eq "$o"
it_done
