#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# testpmd "show port xstats" on two joined nodes after io forwarding with
# tx_first: every per-cause and per-family counter of the driver is listed,
# the per-family counters add up to the ethdev's, bytes on the hooks are L3
# bytes (the Ethernet header stripped), IPv6 counters stay 0 (testpmd sends
# IPv4 only), and "clear port xstats" zeroes them.  "show port 0 ptypes"
# lists the packet types Rx sets, "show rxq info" the hook rings' size,
# "show port N rxq 0 desc used count" the tx_first bursts left in the
# rings, and "port 0 rxq 0 stop/start" the queue's state.
# Usage: xstats.sh BUILD_DIR

IT_NAME=xstats
. "$(dirname "$0")/common.sh"
it_setup

names="tx_drop_down tx_drop_nesting tx_drop_afnosupport tx_drop_nombuf
rx_drop_down rx_drop_headroom rx_drop_afnosupport rx_drop_noscatter"
for h in inet inet6; do
	for f in out_packets out_bytes in_packets in_bytes hole_packets \
		 hole_bytes drop_unconnected drop_mtu ring_full flushed; do
		names="$names ${h}_$f"
	done
done

out="$IT_TMP/testpmd.out"
snap="$IT_TMP/before-clear.out"
it_start "$out" 60 "${IT_EAL[@]}" \
	--vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	-- -i --total-num-mbufs=16384
it_cmd "set fwd io"
it_cmd "start tx_first"
sleep 1
it_cmd "stop"
it_cmd "show port xstats all"
cp "$out" "$snap"
it_cmd "clear port xstats all"
it_cmd "show port xstats 0"
it_cmd "show port xstats 1"
it_cmd_out "show port 0 ptypes"
ptypes=$IT_TMP/ptypes.out
cp "$IT_LAST" "$ptypes"
it_cmd_out "show rxq info 1 0"
rxq=$IT_TMP/rxq.out
cp "$IT_LAST" "$rxq"
# what waits in each port's in rings (the tx_first bursts), as testpmd
# asks for it; and a queue stopped and started on its own
used=0
for p in 0 1; do
	it_cmd_out "show port $p rxq 0 desc used count"
	n=$(sed -nE 's/^Used desc count = ([0-9]+)$/\1/p' "$IT_LAST")
	t_check "show port $p rxq 0 desc used count: a count (${n:-none})" -n "$n"
	used=$((used + ${n:-0}))
done
it_cmd "port 0 rxq 0 stop"
it_cmd_out "show rxq info 0 0"
t_grep "port 0 rxq 0 stop: the queue is stopped" \
	"^Rx queue state: stopped" "$IT_LAST"
it_cmd "port 0 rxq 0 start"
it_cmd_out "show rxq info 0 0"
t_grep "port 0 rxq 0 start: the queue is started" \
	"^Rx queue state: started" "$IT_LAST"
it_stop
it_check_clean_exit
# the packet types Rx sets, as ethdev reports them to testpmd
for t in L2_ETHER L3_IPV4_EXT_UNKNOWN L3_IPV6_EXT_UNKNOWN; do
	t_grep "show port 0 ptypes lists $t" "^$t *\$" "$ptypes"
done
t_grep "show port 0 ptypes: no L4 types" "^L4 ptypes unsupported" "$ptypes"
# a queue's descriptors are its hook rings (ring_size, default 1024)
t_grep "show rxq info: the hook rings' size" "Number of RXDs: 1024" "$rxq"

after=$out
IT_OUT=$snap
sum_out=0
sum_in=0
for p in 0 1; do
	missing=""
	for x in $names; do
		[ "$(it_xstat $p "$x")" = "-1" ] && missing="$missing $x"
	done
	t_check "port $p lists all driver xstats (missing:$missing)" \
		-z "$missing"
	o4=$(it_xstat $p inet_out_packets)
	o6=$(it_xstat $p inet6_out_packets)
	i4=$(it_xstat $p inet_in_packets)
	i6=$(it_xstat $p inet6_in_packets)
	ob=$(it_xstat $p inet_out_bytes)
	ib=$(it_xstat $p inet_in_bytes)
	txg=$(it_xstat $p tx_good_packets)
	rxg=$(it_xstat $p rx_good_packets)
	txb=$(it_xstat $p tx_good_bytes)
	t_check "port $p inet_out_packets $o4 > 0" "$o4" -gt 0
	t_check "port $p inet_in_packets $i4 > 0" "$i4" -gt 0
	t_check "port $p tx_good_packets $txg == inet+inet6 out $o4+$o6" \
		"$txg" -eq $((o4 + o6))
	t_check "port $p rx_good_packets $rxg == inet+inet6 in $i4+$i6" \
		"$rxg" -eq $((i4 + i6))
	# testpmd's packets are 64 bytes: 14 of Ethernet, 50 of IPv4
	t_check "port $p inet_out_bytes $ob == 50 * $o4" "$ob" -eq $((50 * o4))
	t_check "port $p inet_in_bytes $ib == 50 * $i4" "$ib" -eq $((50 * i4))
	t_check "port $p tx_good_bytes $txb == 64 * $txg" \
		"$txb" -eq $((64 * txg))
	for x in inet6_out_packets inet6_in_packets inet6_out_bytes \
		 inet6_in_bytes tx_drop_down tx_drop_nesting \
		 tx_drop_afnosupport rx_drop_down rx_drop_headroom \
		 rx_drop_afnosupport rx_drop_noscatter inet_drop_unconnected inet_drop_mtu inet_ring_full \
		 inet_hole_packets inet_hole_bytes; do
		v=$(it_xstat $p $x)
		t_check "port $p $x $v == 0" "$v" -eq 0
	done
	sum_out=$((sum_out + o4 + o6))
	sum_in=$((sum_in + i4 + i6))
done
t_check "rings: the used counts $used == the tx_first bursts (64)" \
	"$used" -eq 64
t_check "hooks: out $sum_out == in $sum_in + 64 (tx_first bursts in rings)" \
	"$sum_out" -eq $((sum_in + 64))

IT_OUT=$after
for p in 0 1; do
	nonzero=""
	for x in $names tx_good_packets rx_good_packets; do
		v=$(it_xstat $p "$x")
		[ "$v" = "0" ] || nonzero="$nonzero $x=$v"
	done
	t_check "port $p xstats zero after clear (not:$nonzero)" -z "$nonzero"
done
it_done
