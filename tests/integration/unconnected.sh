#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# testpmd txonly into a node whose hooks are not connected (as after
# rmhook): Tx takes every packet and frees it under the named cause
# inet_drop_unconnected (ENETDOWN); the ethdev counts them as TX errors,
# none as sent.
# Usage: unconnected.sh BUILD_DIR

IT_NAME=unconnected
. "$(dirname "$0")/common.sh"
it_setup

it_txonly_run net_ngiface0

it_check_clean_exit
# testpmd's TX-packets is the port's opackets; TX-dropped adds oerrors to
# what Tx handed back, and TX-total is the sum of both: every packet tried.
tx=$(it_fwd_stat 0 TX-packets)
txd=$(it_fwd_stat 0 TX-dropped)
txt=$(it_fwd_stat 0 TX-total)
unc=$(it_xstat 0 inet_drop_unconnected)
terr=$(it_xstat 0 tx_errors)
good=$(it_xstat 0 tx_good_packets)
nictx=$(it_nic_stat 0 TX-packets)
nicerr=$(it_nic_stat 0 TX-errors)
t_check "testpmd TX-total $txt > 0" "$txt" -gt 0
t_check "testpmd TX-packets $tx == 0" "$tx" -eq 0
t_check "testpmd TX-dropped $txd == TX-total $txt" "$txd" -eq "$txt"
t_check "inet_drop_unconnected $unc == TX-total $txt" "$unc" -eq "$txt"
t_check "tx_errors $terr == TX-total $txt" "$terr" -eq "$txt"
t_check "NIC TX-errors $nicerr == TX-total $txt" "$nicerr" -eq "$txt"
t_check "tx_good_packets $good == 0" "$good" -eq 0
t_check "NIC TX-packets $nictx == 0" "$nictx" -eq 0
for x in inet_out_packets inet_hole_packets inet_ring_full \
	 inet6_drop_unconnected tx_drop_down tx_drop_afnosupport; do
	v=$(it_xstat 0 $x)
	t_check "$x $v == 0" "$v" -eq 0
done
it_done
