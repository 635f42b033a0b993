#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A full hook ring hands packets back to the caller (DPDK Tx semantics):
# ng0 (ring_size=100) joined to ng1, testpmd txonly on ng0 while nobody
# polls ng1.  Exactly 100 packets go out, every other one is returned
# (inet_ring_full == testpmd's TX-dropped, which testpmd freed) and none is
# a Tx error.  Stopping ng1 then drops the 100 waiting in ng0's out ring,
# its in ring (rx_drop_down, as ng_iface drops what comes while down),
# closing it leaves nothing to flush, and the mempool is whole again.
# Usage: ring_full.sh BUILD_DIR

IT_NAME=ring-full
. "$(dirname "$0")/common.sh"
it_setup

out="$IT_TMP/testpmd.out"
it_start "$out" 60 "${IT_EAL[@]}" \
	--vdev=net_ngiface0,ring_size=100 \
	--vdev=net_ngiface1,ring_size=100,inet=ng0:inet,inet6=ng0:inet6 \
	-- -i --total-num-mbufs=16384
it_cmd "set fwd txonly"
it_cmd "set portlist 0"
it_cmd "start"
sleep 0.5
it_cmd "stop"
it_cmd "show port xstats 0"
tx=$(it_fwd_stat 0 TX-packets)
txd=$(it_fwd_stat 0 TX-dropped)
outp=$(it_xstat 0 inet_out_packets)
full=$(it_xstat 0 inet_ring_full)
terr=$(it_xstat 0 tx_errors)
t_check "TX-packets $tx == 100 (the ring)" "$tx" -eq 100
t_check "inet_out_packets $outp == 100" "$outp" -eq 100
t_check "inet_ring_full $full == TX-dropped $txd > 0" \
	"$full" -gt 0 -a "$full" -eq "$txd"
t_check "tx_errors $terr == 0 (returned, not dropped)" "$terr" -eq 0

it_cmd "port stop 1"
it_cmd "show port xstats 1"
down=$(it_xstat 1 rx_drop_down)
t_check "stopping ng1 drops the 100 waiting for it: rx_drop_down $down == 100" \
	"$down" -eq 100
it_cmd "port close 1"
it_cmd "show port xstats 0"
fl=$(it_xstat 0 inet_flushed)
t_check "after closing ng1: nothing left to flush, ng0 inet_flushed $fl == 0" \
	"$fl" -eq 0
it_mempool_whole
it_stop
it_check_clean_exit
it_done
