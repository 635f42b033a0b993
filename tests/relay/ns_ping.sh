#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Ping across the relay in both families: two kernel TUNs, each in a
# network namespace of its own, each bound by --stack to a node, the nodes'
# hooks joined.  With ng0 and ng1 free this is the relay's default topology
# (no link option); otherwise the same topology with TUNs of unique names.
# Then the family of an IPv6 packet that net_tun takes for IPv4 (see below),
# with the inet hook removed.  Then SIGTERM: totals balance, exit 0.  Needs
# root, /dev/net/tun, ip netns and ping; skips otherwise.
# Usage: ns_ping.sh RELAY NGCTL

RT_NAME=ns-ping
. "$(dirname "$0")/common.sh"
rt_setup
NGCTL=${2:-}
[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"

[ "$(id -u)" -eq 0 ] || t_skip "needs root"
[ -c /dev/net/tun ] || t_skip "no /dev/net/tun"
command -v ip >/dev/null || t_skip "no ip(8)"
command -v ping >/dev/null || t_skip "no ping (apt-get install iputils-ping)"

NS_A="ngtest-$$-a"
NS_B="ngtest-$$-b"

rt_local_cleanup()
{
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	# the TUNs go with the relay; these are for a relay killed hard
	[ -n "${IF_A:-}" ] && [ "$IF_A" != ng0 ] && ip link del "$IF_A" 2>/dev/null
	[ -n "${IF_B:-}" ] && [ "$IF_B" != ng1 ] && ip link del "$IF_B" 2>/dev/null
}

ip netns add "$NS_A" || t_skip "cannot create network namespaces"
ip netns add "$NS_B" || exit 1

out="$RT_TMP/relay.out"
if [ -z "${RT_NS_UNIQUE:-}" ] && ! ip link show ng0 >/dev/null 2>&1 &&
   ! ip link show ng1 >/dev/null 2>&1
then
	IF_A=ng0
	IF_B=ng1
	echo "default topology (no link options)"
	# shellcheck disable=SC2046
	rt_start "$out" 40 $(rt_eal) -- --stats-period 2 \
		--ctl "$RT_TMP/ctl.sock" ||
		t_fail "relay did not start"
else
	IF_A="ngt$$a"
	IF_B="ngt$$b"
	echo "TUNs of unique names: $IF_A and $IF_B"
	# shellcheck disable=SC2046
	rt_start "$out" 40 $(rt_eal) \
		--vdev=net_ngiface0,l2=none \
		--vdev=net_ngiface1,l2=none,inet=ng0:inet,inet6=ng0:inet6 \
		--vdev=net_tun0,iface="$IF_A" --vdev=net_tun1,iface="$IF_B" \
		-- --stack ng0=net_tun0@1 --stack ng1=net_tun1@1 \
		--stats-period 2 --ctl "$RT_TMP/ctl.sock" ||
		t_fail "relay did not start"
fi

# A second IPv6 pair, 2001:db8:800:4500::/64: see the last ping below.
ns_up()
{
	local ns=$1 ifn=$2 me4=$3 peer4=$4 me6=$5 peer6=$6

	ip link set "$ifn" netns "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" link set "$ifn" up &&
	ip -n "$ns" addr add "$me4" peer "$peer4" dev "$ifn" &&
	ip -n "$ns" -6 addr add "$me6" peer "$peer6" dev "$ifn" nodad &&
	ip -n "$ns" -6 addr add "2001:db8:800:4500::${me6##*:}" \
		peer "2001:db8:800:4500::${peer6##*:}" dev "$ifn" nodad
}

if ns_up "$NS_A" "$IF_A" 192.0.2.1 192.0.2.2 2001:db8::1 2001:db8::2 &&
   ns_up "$NS_B" "$IF_B" 192.0.2.2 192.0.2.1 2001:db8::2 2001:db8::1; then
	t_pass "namespaces addressed"
	ip netns exec "$NS_A" ping -c 3 -W 2 -i 0.2 192.0.2.2 >"$RT_TMP/ping4" 2>&1
	rc=$?
	cat "$RT_TMP/ping4"
	t_check "IPv4 ping A -> B (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_A" ping -6 -c 3 -W 2 -i 0.2 2001:db8::2 >"$RT_TMP/ping6" 2>&1
	rc=$?
	cat "$RT_TMP/ping6"
	t_check "IPv6 ping A -> B (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_B" ping -c 2 -W 2 -i 0.2 192.0.2.1 >/dev/null 2>&1
	rc=$?
	t_check "IPv4 ping B -> A (status $rc)" "$rc" -eq 0

	# net_tun parses what the kernel hands it as Ethernet and sets
	# packet_type so: an IPv6 packet from 2001:db8:800:4500::1 has 0x0800 at
	# bytes 12-13 and comes typed L2_ETHER + IPv4.  The nodes (l2=none)
	# must go by the version nibble: with the inet hook removed, this
	# IPv6 ping still answers and IPv4 does not.
	"$NGCTL" -s "$RT_TMP/ctl.sock" rmhook ng0: inet
	rc=$?
	t_check "ngctl rmhook ng0: inet (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_A" ping -6 -c 3 -W 2 -i 0.2 2001:db8:800:4500::2 \
		>"$RT_TMP/ping6b" 2>&1
	rc=$?
	cat "$RT_TMP/ping6b"
	t_check "IPv6 ping from 2001:db8:800:4500::1, inet hook removed (status $rc)" \
		"$rc" -eq 0
	ip netns exec "$NS_A" ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1
	rc=$?
	t_check "IPv4 ping fails with the inet hook removed (status $rc)" \
		"$rc" -ne 0
else
	t_fail "could not move/address the TUNs"
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
	t_fail "a TUN outlived the relay"
fi
rt_done
