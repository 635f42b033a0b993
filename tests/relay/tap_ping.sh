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

# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup ngtap
IF_A="ngp$$a"
IF_B="ngp$$b"

out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 40 $(rt_eal) \
	--vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_tap0,iface="$IF_A" --vdev=net_tap1,iface="$IF_B" \
	-- --stack ng0=net_tap0@1 --stack ng1=net_tap1@1 --ctl none ||
	t_fail "relay did not start"

# ng0 and ng1 are ports 0 and 1 (probed first, in this order)
if np_up "$NS_A" "$IF_A" "$(np_node_mac 0)" 192.0.2.1 192.0.2.2 \
	2001:db8::1 2001:db8::2 &&
   np_up "$NS_B" "$IF_B" "$(np_node_mac 1)" 192.0.2.2 192.0.2.1 \
	2001:db8::2 2001:db8::1; then
	t_pass "namespaces addressed"
	np_pings TAPs
else
	t_fail "could not move/address the TAPs"
fi

np_finish TAP
rt_done
