#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Ping across the relay in both families through kernel TAPs: Ethernet on
# the stack side (l2=eth, the driver's default), where ns_ping.sh has raw
# IP on TUNs.  Each TAP sits in a network namespace of its own, bound by
# --stack to a node, the nodes' hooks joined.  The node is point-to-point
# and answers no ARP or neighbour solicitation, so each TAP gets its node's
# MAC (the node addresses its frames to that) and "arp off" (the kernel
# sends without resolving; the node reads only the EtherType).  The kernel
# then judges the frames the node builds: a wrong destination or EtherType
# and the pings fail.  Then SIGTERM: totals balance, exit 0.  Needs root,
# /dev/net/tun, ip netns and ping; skips otherwise.
# Usage: tap_ping.sh RELAY

RT_NAME=tap-ping
. "$(dirname "$0")/common.sh"
rt_setup

[ "$(id -u)" -eq 0 ] || t_skip "needs root"
[ -c /dev/net/tun ] || t_skip "no /dev/net/tun"
command -v ip >/dev/null || t_skip "no ip(8)"
command -v ping >/dev/null || t_skip "no ping (apt-get install iputils-ping)"

NS_A="ngtap-$$-a"
NS_B="ngtap-$$-b"
IF_A="ngp$$a"
IF_B="ngp$$b"

rt_local_cleanup()
{
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	# the TAPs go with the relay; these are for a relay killed hard
	ip link del "$IF_A" 2>/dev/null
	ip link del "$IF_B" 2>/dev/null
}

ip netns add "$NS_A" || t_skip "cannot create network namespaces"
ip netns add "$NS_B" || exit 1

out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 40 $(rt_eal) \
	--vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_tap0,iface="$IF_A" --vdev=net_tap1,iface="$IF_B" \
	-- --stack ng0=net_tap0@1 --stack ng1=net_tap1@1 --ctl none ||
	t_fail "relay did not start"

# the node's MAC, as it reports it: 02:6e:67:00:PP:PP, PP the port id
node_mac()
{
	printf '02:6e:67:00:%02x:%02x' $(($1 >> 8)) $(($1 & 255))
}

ns_up()
{
	local ns=$1 ifn=$2 mac=$3 me4=$4 peer4=$5 me6=$6 peer6=$7

	ip link set "$ifn" netns "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" link set "$ifn" address "$mac" arp off &&
	ip -n "$ns" link set "$ifn" up &&
	ip -n "$ns" addr add "$me4" peer "$peer4" dev "$ifn" &&
	ip -n "$ns" -6 addr add "$me6" peer "$peer6" dev "$ifn" nodad
}

# ng0 and ng1 are ports 0 and 1 (probed first, in this order)
if ns_up "$NS_A" "$IF_A" "$(node_mac 0)" 192.0.2.1 192.0.2.2 \
	2001:db8::1 2001:db8::2 &&
   ns_up "$NS_B" "$IF_B" "$(node_mac 1)" 192.0.2.2 192.0.2.1 \
	2001:db8::2 2001:db8::1; then
	t_pass "namespaces addressed"
	ip netns exec "$NS_A" ping -c 3 -W 2 -i 0.2 192.0.2.2 >"$RT_TMP/ping4" 2>&1
	rc=$?
	cat "$RT_TMP/ping4"
	t_check "IPv4 ping A -> B over TAPs (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_A" ping -6 -c 3 -W 2 -i 0.2 2001:db8::2 \
		>"$RT_TMP/ping6" 2>&1
	rc=$?
	cat "$RT_TMP/ping6"
	t_check "IPv6 ping A -> B over TAPs (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_B" ping -c 2 -W 2 -i 0.2 192.0.2.1 >/dev/null 2>&1
	rc=$?
	t_check "IPv4 ping B -> A over TAPs (status $rc)" "$rc" -eq 0
else
	t_fail "could not move/address the TAPs"
fi

rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
v=$(rt_total 0 in packets)
t_check "stack ng0 in: $v >= 8 (3 + 3 echo requests, 2 replies)" "$v" -ge 8
v=$(rt_total 1 out delivered)
t_check "stack ng1 out delivered: $v >= 8" "$v" -ge 8
ip netns del "$NS_A"
ip netns del "$NS_B"
if ip link show "$IF_A" >/dev/null 2>&1 || ip link show "$IF_B" >/dev/null 2>&1
then
	t_fail "a TAP outlived the relay"
fi
rt_done
