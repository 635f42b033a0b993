#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Ping across the relay in both families: two kernel TUNs, each in a
# network namespace of its own, each bound by --stack to a node, the nodes'
# hooks joined.  With ng0 and ng1 free this is the relay's default topology
# (no link option); otherwise the same topology with TUNs of unique names.
# Then the family of an IPv6 packet that net_tun takes for IPv4 (see below),
# with the inet hook removed; shutdown refused for a node the relay polls,
# done for one made with mkpeer; inet joined again (IPv4 answers), inet6
# removed (IPv6 fails, IPv4 answers) and joined again (IPv6 answers).
# Then SIGTERM: totals balance, exit 0.  Needs
# root, /dev/net/tun, ip netns and ping; skips otherwise.
# Usage: ns_ping.sh RELAY NGCTL

RT_NAME=ns-ping
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
ng() { "$NGCTL" -s "$RT_TMP/ctl.sock" "$@"; }

# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup ngtest

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
	np_pings TUNs

	# net_tun parses what the kernel hands it as Ethernet and sets
	# packet_type so: an IPv6 packet from 2001:db8:800:4500::1 reads at
	# bytes 12-14 as EtherType IPv4 and an IPv4 header, and comes typed
	# L2_ETHER + IPv4.  The nodes (l2=none)
	# must go by the version nibble: with the inet hook removed, this
	# IPv6 ping still answers and IPv4 does not.
	ng rmhook ng0: inet
	rc=$?
	t_check "ngctl rmhook ng0: inet (status $rc)" "$rc" -eq 0
	np_ping "$NS_A" "IPv6 ping from 2001:db8:800:4500::1, inet hook removed" \
		-6 -c 3 2001:db8:800:4500::2
	ip netns exec "$NS_A" ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1
	rc=$?
	t_check "IPv4 ping fails with the inet hook removed (status $rc)" \
		"$rc" -ne 0

	# A node the relay's links poll is not shut down under them (EBUSY,
	# as testpmd wants a port stopped before "port detach"); a node made
	# with mkpeer (on the inet hook, free now) goes as asked.
	ng shutdown ng1: 2>"$RT_TMP/shut.err"
	rc=$?
	cat "$RT_TMP/shut.err"
	t_check "shutdown ng1: refused with EX_TEMPFAIL (status $rc)" "$rc" -eq 75
	t_grep "shutdown ng1: says EBUSY" "\(EBUSY\)" "$RT_TMP/shut.err"
	ng mkpeer ng0: iface inet inet &&
		ng shutdown ng2:
	rc=$?
	t_check "mkpeer ng0: iface, then shutdown ng2: (status $rc)" "$rc" -eq 0
	ng list >"$RT_TMP/list.out" 2>&1
	t_check "ng1 still listed, ng2 gone" \
		"$(grep -c 'Name: ng1 ' "$RT_TMP/list.out")" -eq 1 -a \
		"$(grep -c 'Name: ng2 ' "$RT_TMP/list.out")" -eq 0

	# rmhook per family, each joined again: the family removed fails,
	# the other answers, and the rejoined one answers again
	ng connect ng0: ng1: inet inet
	rc=$?
	t_check "ngctl connect ng0: ng1: inet inet (status $rc)" "$rc" -eq 0
	np_ping "$NS_A" "IPv4 ping with the inet hook joined again" \
		-c 2 192.0.2.2
	ng rmhook ng0: inet6
	rc=$?
	t_check "ngctl rmhook ng0: inet6 (status $rc)" "$rc" -eq 0
	ip netns exec "$NS_A" ping -6 -c 1 -W 1 2001:db8::2 >/dev/null 2>&1
	rc=$?
	t_check "IPv6 ping fails with the inet6 hook removed (status $rc)" \
		"$rc" -ne 0
	np_ping "$NS_A" "IPv4 ping with the inet6 hook removed" -c 2 192.0.2.2
	ng connect ng0: ng1: inet6 inet6
	rc=$?
	t_check "ngctl connect ng0: ng1: inet6 inet6 (status $rc)" "$rc" -eq 0
	np_ping "$NS_A" "IPv6 ping with the inet6 hook joined again" \
		-6 -c 2 2001:db8::2
else
	t_fail "could not move/address the TUNs"
fi

np_finish TUN
rt_done
