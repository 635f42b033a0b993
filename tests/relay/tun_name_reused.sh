#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A TUN the relay runs on, moved into another namespace (as scripts/run.sh
# does), leaves its name free in the relay's; another interface may take
# it there: another relay's TUN (the first one's checks find the name
# free), the user's.  net_tap acts by name: its stop and close take "its"
# interface down, and ethdev's MTU set is a SIOCSIFMTU by name.  So the
# relay's stop took the newcomer down (its IPv6 addresses with it) and gave
# it the MTU it had recorded for the TUN that left; EAL's cleanup, which
# closes every vdev left, took it down too.  Now a port whose interface's
# name names another interface at the stop is neither stopped nor closed
# (released from ethdev unclosed; the process's exit closes its queues),
# with a warning, and its MTU is not given back.  In a namespace of the test's:
#   - ngA, the relay's own TUN (node ng0), and ngB, a persistent TUN of the
#     user's at 1450 (net_tap takes no more than 1504) under ng1 of
#     mtu=1400, moved into two namespaces, pinged across in both families;
#   - two persistent TUNs named ngA and ngB made in the relay's namespace,
#     up, ngB at 1300;
#   - SIGTERM: exit 0, totals balance, both newcomers still up, ngB still
#     at 1300, each port's warning said, the relay's ngA gone with it, no
#     MTU record left.
# Needs root, /dev/net/tun, ip netns and ping; skips otherwise.
# Usage: tun_name_reused.sh RELAY

RT_NAME=tun-name-reused
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns tnr
# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup tnr
# IF_A and IF_B stay unset: the TUNs are the relay's namespace's, which
# rt_cleanup deletes, and ns_pair.sh's cleanup would delete those names in
# this one

ip -n "$RT_NS" tuntap add mode tun multi_queue name ngB &&
	ip -n "$RT_NS" link set ngB mtu 1450 ||
	t_skip "cannot make a persistent TUN"
ino=$(ip netns exec "$RT_NS" stat -L -c %i /proc/self/ns/net) || exit 1

# flags_of NS IFACE: the flags between <>, comma-separated
flags_of()
{
	ip -n "$1" -o link show "$2" | sed -nE 's/^[0-9]+: [^<]*<([^>]*)>.*/\1/p'
}

# is_up NS IFACE: IFACE has the flag UP (administratively up)
is_up()
{
	flags_of "$1" "$2" | tr , '\n' | grep -qx UP
}

mtu_of()
{
	ip -n "$1" -o link show "$2" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p'
}

# mv_up NS IFACE ME4 PEER4 ME6 PEER6: IFACE moved from the relay's
# namespace into NS, up, addressed point to point
mv_up()
{
	ip -n "$RT_NS" link set "$2" netns "$1" &&
	ip -n "$1" link set lo up &&
	ip -n "$1" link set "$2" up &&
	ip -n "$1" addr add "$3" peer "$4" dev "$2" &&
	ip -n "$1" -6 addr add "$5" peer "$6" dev "$2" nodad
}

out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 40 $(rt_eal) \
	--vdev=net_ngiface0,l2=none \
	--vdev=net_ngiface1,l2=none,mtu=1400,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_tun0,iface=ngA --vdev=net_tun1,iface=ngB \
	-- --stack ng0=net_tun0@1 --stack ng1=net_tun1@1 --ctl none ||
	t_fail "relay did not start"
t_grep "ngB runs at ng1's 1400" \
	"^--stack ng1=net_tun1@1: net_tun1 MTU 1400, ng1's \\(was 1450\\)\$" \
	"$out"

if mv_up "$NS_A" ngA 192.0.2.1 192.0.2.2 2001:db8::1 2001:db8::2 &&
   mv_up "$NS_B" ngB 192.0.2.2 192.0.2.1 2001:db8::2 2001:db8::1; then
	t_pass "ngA and ngB moved into their namespaces and addressed"
	np_pings "the moved TUNs"
else
	t_fail "could not move/address the TUNs"
	exit 1
fi

# the names, free in the relay's namespace, taken by two others
ip -n "$RT_NS" tuntap add mode tun multi_queue name ngA &&
	ip -n "$RT_NS" tuntap add mode tun multi_queue name ngB &&
	ip -n "$RT_NS" link set ngA up &&
	ip -n "$RT_NS" link set ngB mtu 1300 up &&
	ip -n "$RT_NS" addr add 198.51.100.1/24 dev ngA || exit 1
for i in ngA ngB; do
	is_up "$RT_NS" $i
	rc=$?
	t_check "the newcomer $i is up ($(flags_of "$RT_NS" $i))" $rc -eq 0
done

rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
for i in ngA ngB; do
	is_up "$RT_NS" $i
	rc=$?
	t_check "the newcomer $i is still up ($(flags_of "$RT_NS" $i))" \
		$rc -eq 0
done
t_check "the newcomer ngB keeps its 1300 ($(mtu_of "$RT_NS" ngB))" \
	"$(mtu_of "$RT_NS" ngB)" = 1300
t_check "ngA keeps its address" \
	-n "$(ip -n "$RT_NS" -o addr show ngA | grep -F 198.51.100.1/24)"
for p in 0 1; do
	t_grep "net_tun$p: its name taken by another interface, said" \
		"^warning: port net_tun$p: ng[AB] names another interface here now \\(index [0-9]+; the port's was [0-9]+: moved to another namespace, renamed or deleted\\): neither stopped nor closed, as its PMD would act on that one by name \\(take it down\\); the process's exit closes the port's queues\$" \
		"$out"
done
if grep -q 'net_tun1 MTU 1450 again' "$out"; then
	t_fail "the MTU of ngB that left said as given back"
fi
# the relay's own TUN goes with the process, closed or not
rt_wait_for sh -c "! ip -n '$NS_A' link show ngA >/dev/null 2>&1"
t_check "the relay's ngA gone from $NS_A with the relay" $? -eq 0
left=$(find /var/run/ngiface-relay -maxdepth 1 -name "mtu.$ino.*" 2>/dev/null)
t_check "no MTU record of the namespace left ($left)" -z "$left"
rt_done
