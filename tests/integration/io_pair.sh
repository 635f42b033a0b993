#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Two joined nodes (ng1's inet/inet6 hooks on ng0's) forwarding in testpmd io
# mode, started with --tx-first: both ports receive and transmit, nothing is
# dropped, and the two tx-first bursts (2 x 32) are all that TX is ahead of RX.
# Then the same with two queue pairs per node (4 bursts in flight).
# Usage: io_pair.sh BUILD_DIR

IT_NAME=io-pair
. "$(dirname "$0")/common.sh"
it_setup

# pair QUEUES: one io run over two joined nodes with QUEUES queue pairs
pair()
{
	local q=$1 out="$IT_TMP/testpmd-q$1.out" p rx tx rxd txd txe rxm
	local tot_rx=0 tot_tx=0
	it_run_timed "$out" 8 "${IT_EAL[@]}" \
		--vdev=net_ngiface0,queues="$q" \
		--vdev=net_ngiface1,queues="$q",inet=ng0:inet,inet6=ng0:inet6 \
		-- --total-num-mbufs=16384 --forward-mode=io --tx-first \
		--rxq="$q" --txq="$q" --stats-period 1
	it_check_clean_exit
	for p in 0 1; do
		rx=$(it_fwd_stat $p RX-packets)
		tx=$(it_fwd_stat $p TX-packets)
		rxd=$(it_fwd_stat $p RX-dropped)
		txd=$(it_fwd_stat $p TX-dropped)
		t_check "q=$q port $p RX-packets $rx > 0" "$rx" -gt 0
		t_check "q=$q port $p TX-packets $tx > 0" "$tx" -gt 0
		t_check "q=$q port $p RX-dropped $rxd == 0" "$rxd" -eq 0
		t_check "q=$q port $p TX-dropped $txd == 0" "$txd" -eq 0
		txe=$(it_nic_stat $p TX-errors)
		rxm=$(it_nic_stat $p RX-missed)
		t_check "q=$q port $p NIC TX-errors $txe == 0" "$txe" -eq 0
		t_check "q=$q port $p NIC RX-missed $rxm == 0" "$rxm" -eq 0
		[ "$rx" -ge 0 ] && tot_rx=$((tot_rx + rx))
		[ "$tx" -ge 0 ] && tot_tx=$((tot_tx + tx))
	done
	# one tx_first burst of 32 per port and queue is still in the rings
	t_check "q=$q total TX $tot_tx == total RX $tot_rx + $((64 * q))" \
		"$tot_tx" -eq $((tot_rx + 64 * q))
}

pair 1
# the same with two queue pairs per node (queues=2, --rxq=2 --txq=2)
pair 2
it_done
