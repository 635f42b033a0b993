#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# testpmd txonly (Ethernet/IPv4/UDP) into a node whose inet hook is a hole
# (ng_hole): every packet testpmd transmitted is counted in
# inet_hole_packets and inet_out_packets, its L3 bytes in inet_hole_bytes,
# and nothing is dropped otherwise.
# Usage: txonly_hole.sh BUILD_DIR

IT_NAME=txonly-hole
. "$(dirname "$0")/common.sh"
it_setup

it_txonly_run net_ngiface0,inet=hole

it_check_clean_exit
tx=$(it_fwd_stat 0 TX-packets)
txd=$(it_fwd_stat 0 TX-dropped)
hole=$(it_xstat 0 inet_hole_packets)
iout=$(it_xstat 0 inet_out_packets)
good=$(it_xstat 0 tx_good_packets)
t_check "TX-packets $tx > 0" "$tx" -gt 0
t_check "TX-dropped $txd == 0" "$txd" -eq 0
t_check "inet_hole_packets $hole == TX-packets $tx" "$hole" -eq "$tx"
t_check "inet_out_packets $iout == TX-packets $tx" "$iout" -eq "$tx"
# testpmd's txonly frames are 64 bytes: 14 of Ethernet, 50 of IPv4
hbytes=$(it_xstat 0 inet_hole_bytes)
t_check "inet_hole_bytes $hbytes == 50 * TX-packets $tx" "$hbytes" -eq $((50 * tx))
t_check "tx_good_packets $good == TX-packets $tx" "$good" -eq "$tx"
for x in tx_errors tx_drop_down tx_drop_nesting tx_drop_afnosupport \
	 inet_drop_unconnected inet_drop_mtu inet_ring_full \
	 inet6_out_packets inet6_hole_packets; do
	v=$(it_xstat 0 $x)
	t_check "$x $v == 0" "$v" -eq 0
done
txe=$(it_nic_stat 0 TX-errors)
t_check "NIC TX-errors $txe == 0" "$txe" -eq 0
it_done
