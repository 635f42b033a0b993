#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Bulk TCP across the relay, as a user of the default topology would try
# it after ping: 8 MiB from namespace A to B over IPv4, and back from B to
# A over IPv6, each read to its end and judged by its SHA-256.  Full-size
# segments (MTU 1500) in numbers, with the kernel's own flow and
# congestion control, where the ping tests send a few small packets.
# Three times: over kernel TUNs (raw IP, l2=none); over TUNs under nodes
# of mtu=1400, which the relay gives the TUNs (the kernel then sizes its
# segments to fit, where a TUN left at 1500 would send segments the node
# drops); and over TAPs (Ethernet, the driver's default l2=eth, frames of
# 1514 bytes that must pass the node's MTU of 1500).  Each time: the segments went through the nodes' hooks (the
# per-hook counters at exit), none was an MTU drop, SIGTERM ends the relay
# with exit 0 and totals that balance.  A packet a TUN's write refused is
# counted (tx_full) and TCP sends it again.  Needs root, /dev/net/tun,
# ip netns and python3; skips otherwise.
# Usage: tcp_flow.sh RELAY

RT_NAME=tcp-flow
. "$(dirname "$0")/common.sh"
rt_setup
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"

# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup ngtcp

size=$((8 << 20))
data="$RT_TMP/data"
head -c "$size" /dev/urandom >"$data" || exit 1
want="$size $(sha256sum "$data" | cut -d ' ' -f 1)"
# every segment carries at most 1500 - 40 bytes of it
min_segs=$((size / 1460))

# xfer FROM-NS TO-NS ADDR WHAT: one transfer of $data, judged at the end
xfer()
{
	local from=$1 to=$2 addr=$3 what=$4 spid rc

	timeout -k 2 40 ip netns exec "$to" "$RT_PY" "$RT_DIR/tcp_xfer.py" \
		serve "$addr" 5001 >"$RT_TMP/serve.out" 2>&1 &
	spid=$!
	timeout -k 2 40 ip netns exec "$from" "$RT_PY" \
		"$RT_DIR/tcp_xfer.py" send "$addr" 5001 "$data"
	rc=$?
	wait "$spid"
	t_check "$what: sent (status $rc)" "$rc" -eq 0
	t_check "$what: received $(cat "$RT_TMP/serve.out")" \
		"$(cat "$RT_TMP/serve.out")" = "$want"
}

# hook_count NODE:HOOK FIELD: a per-hook counter from the relay's exit lines
hook_count()
{
	local v

	v=$(sed -nE "s/^node $1:.* $2 ([0-9]+) .*/\1/p" "$RT_OUT" | head -n 1)
	echo "${v:--1}"
}

# flow WHAT KIND NODE-DEVARGS MAC-A MAC-B: one relay, both transfers, its
# stop
flow()
{
	local what=$1 kind=$2 l2=$3 mac_a=$4 mac_b=$5 n mtu

	mtu=$(echo "$l2" | sed -nE 's/.*mtu=([0-9]+).*/\1/p')
	IF_A="ngc$$a"
	IF_B="ngc$$b"
	echo "== over $what"
	# shellcheck disable=SC2046
	rt_start "$RT_TMP/relay-${what// /-}.out" 60 $(rt_eal) \
		--vdev=net_ngiface0"$l2" \
		--vdev=net_ngiface1"$l2",inet=ng0:inet,inet6=ng0:inet6 \
		--vdev=net_"$kind"0,iface="$IF_A" \
		--vdev=net_"$kind"1,iface="$IF_B" \
		-- --stack ng0=net_"$kind"0@1 --stack ng1=net_"$kind"1@1 \
		--ctl none || { t_fail "$what: relay did not start"; return; }
	if ! np_up "$NS_A" "$IF_A" "$mac_a" 192.0.2.1 192.0.2.2 \
		2001:db8::1 2001:db8::2 ||
	   ! np_up "$NS_B" "$IF_B" "$mac_b" 192.0.2.2 192.0.2.1 \
		2001:db8::2 2001:db8::1; then
		t_fail "$what: could not move/address the interfaces"
		rt_stop TERM
		return
	fi
	if [ -n "$mtu" ]; then
		t_grep "$what: the relay gave net_${kind}0 ng0's MTU" \
			"^--stack ng0=net_${kind}0@1: net_${kind}0 MTU $mtu, ng0's \(was 1500\)$" \
			"$RT_OUT"
	fi
	n=$(ip -n "$NS_B" link show "$IF_B" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p')
	t_check "$what: $IF_B's MTU $n is ng1's" "$n" = "${mtu:-1500}"
	xfer "$NS_A" "$NS_B" 192.0.2.2 "$what: IPv4 A -> B"
	xfer "$NS_B" "$NS_A" 2001:db8::1 "$what: IPv6 B -> A"
	rt_stop TERM
	t_check "$what: exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
	rt_check_totals 4
	n=$(hook_count ng0:inet out)
	t_check "$what: ng0:inet out $n >= $min_segs segments" \
		"$n" -ge "$min_segs"
	n=$(hook_count ng1:inet6 out)
	t_check "$what: ng1:inet6 out $n >= $min_segs segments" \
		"$n" -ge "$min_segs"
	n=$(grep -cE '^node ng[01]:inet6?: .* drop_mtu 0 ' "$RT_OUT")
	t_check "$what: no MTU drop on any of the 4 hooks ($n lines say 0)" \
		"$n" -eq 4
	# the interfaces went with the relay: the next one makes them again
	for _ in $(seq 1 30); do
		ip -n "$NS_A" link show "$IF_A" >/dev/null 2>&1 ||
			ip -n "$NS_B" link show "$IF_B" >/dev/null 2>&1 || break
		sleep 0.1
	done
}

flow TUNs tun ",l2=none" "" ""
flow "TUNs, nodes of mtu=1400" tun ",l2=none,mtu=1400" "" ""
# ng0 and ng1 are ports 0 and 1 (probed first, in this order)
flow TAPs tap "" "$(np_node_mac 0)" "$(np_node_mac 1)"
rt_done
