#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A --stack port that is no TUN: net_af_packet on one end of a veth pair,
# the other end in a network namespace of its own (A, B), two nodes joined,
# the relay in a third namespace.  The kernel interface under the port (the
# relay's end of the veth) outlives the relay, so its MTU is checked:
#   - left at 1400 (as a relay with nodes of mtu=1400 used to leave it),
#     the relay gives it the nodes' 1500 and says so with the 1400 it had:
#     ethdev's own MTU says 1500 after a configure whatever the interface
#     has, and the relay used to see nothing to do there, while the veth
#     dropped every packet over 1400 from A (full-size pings and TCP
#     segments: a black hole, in no count of the relay's);
#   - at the stop the interface gets its MTU back (it kept the node's);
#   - nodes of mtu=1400: the relay gives its ends 1400, the far ends are
#     the user's (doc/relay.md), and 1400-byte packets cross;
#   - left at 9000, above what net_af_packet takes through ethdev: the
#     stop gives the 9000 back all the same (it used to stay at 1500);
#   - after each stop neither veth end is promiscuous (the relay's start
#     made them so, and they stayed), but for one its administrator had
#     made promiscuous before the relay, which stays so (the first stop
#     that undid the start's took that one's off too).
# Pings in both families, full-size ones with DF, and TCP both ways
# (tcp_xfer.py) with the far ends' Tx checksum offload off: over a veth the
# kernel leaves a TCP checksum to be completed, which af_packet hands up as
# it is (doc/relay.md, "net_af_packet over a veth").  SIGTERM: exit 0,
# totals that balance.  Needs root, ip netns, ping, ethtool, python3 and
# the net_af_packet PMD; skips otherwise.
# Usage: afpacket_veth.sh RELAY

RT_NAME=afpacket-veth
. "$(dirname "$0")/common.sh"
rt_setup
ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_af_packet.so \
	>/dev/null 2>&1 || t_skip "net_af_packet PMD not installed"
command -v ethtool >/dev/null ||
	t_skip "no ethtool (apt-get install ethtool; scripts/setup.sh does)"
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"

# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup ngafp
rt_netns relay
IF_A="ngva$$"	# the far ends, moved to A and B by np_up
IF_B="ngvb$$"
P_A="ngpa$$"	# the relay's ends, the ports
P_B="ngpb$$"

if ! ip link add "$IF_A" type veth peer name "$P_A" netns "$RT_NS" ||
   ! ip link add "$IF_B" type veth peer name "$P_B" netns "$RT_NS"; then
	t_skip "cannot create veth pairs"
fi
for p in "$P_A" "$P_B"; do
	# the relay's namespace sends nothing of its own into the ports
	ip netns exec "$RT_NS" sysctl -qw "net.ipv6.conf.$p.disable_ipv6=1" &&
		ip -n "$RT_NS" link set "$p" up || exit 1
done
# ng0 and ng1 are ports 0 and 1 (probed first, in this order)
np_up "$NS_A" "$IF_A" "$(np_node_mac 0)" 192.0.2.1 192.0.2.2 \
	2001:db8::1 2001:db8::2 &&
	np_up "$NS_B" "$IF_B" "$(np_node_mac 1)" 192.0.2.2 192.0.2.1 \
		2001:db8::2 2001:db8::1 || exit 1
ip netns exec "$NS_A" ethtool -K "$IF_A" tx off >/dev/null &&
	ip netns exec "$NS_B" ethtool -K "$IF_B" tx off >/dev/null || exit 1

mtu_of() # NS IF
{
	ip -n "$1" link show "$2" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p'
}

size=$((2 << 20))
np_xfer_data "$size"

# relay OUT NODE-DEVARGS: ng0 on net_af_packet0 (P_A), ng1 on 1 (P_B)
relay()
{
	# shellcheck disable=SC2046
	rt_start "$1" 30 $(rt_eal) --vdev=net_ngiface0"$2" \
		--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6"$2" \
		--vdev=net_af_packet0,iface="$P_A" \
		--vdev=net_af_packet1,iface="$P_B" -- \
		--stack ng0=net_af_packet0@1 --stack ng1=net_af_packet1@1 \
		--ctl none || t_fail "relay did not start ($2)"
}

# gave N IF MTU WAS: the relay said it gave IF (net_af_packetN, under
# ngN) the node's MTU, with the one it had; back N IF WAS: at the stop it
# said it gave WAS back, and IF has it (the relay's output in $out)
gave()
{
	t_grep "the relay gave $2 the node's $3, with the $4 it had" \
		"^--stack ng$1=net_af_packet$1@1: net_af_packet$1 MTU $3, ng$1's \\(was $4\\)\$" \
		"$out"
}

back()
{
	t_grep "at the stop $2 got its $3 back, said" \
		"^--stack ng$1=net_af_packet$1@1: net_af_packet$1 MTU $3 again\$" \
		"$out"
	t_check "$2's MTU $(mtu_of "$RT_NS" "$2") is $3 again" \
		"$(mtu_of "$RT_NS" "$2")" = "$3"
}

# stop WHAT [IF]: SIGTERM, exit 0, the totals; neither port promiscuous
# but IF, which was before the relay
stop()
{
	local ifc

	rt_stop TERM
	t_check "$1: exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
	rt_check_totals 4
	# the relay made them promiscuous, and net_af_packet's stop did not
	# undo it: they were PROMISC for good
	for ifc in "$P_A" "$P_B"; do
		if [ "$ifc" = "${2:-}" ]; then
			t_check "$1: $ifc promiscuous still, as before the relay" \
				-n "$(ip -n "$RT_NS" link show "$ifc" |
					grep -o PROMISC)"
			continue
		fi
		t_check "$1: $ifc no longer promiscuous" \
			-z "$(ip -n "$RT_NS" link show "$ifc" | grep -o PROMISC)"
	done
}

echo "== nodes of 1500, $P_A left at 1400"
ip -n "$RT_NS" link set "$P_A" mtu 1400 || exit 1
out="$RT_TMP/relay-1500.out"
relay "$out" ""
gave 0 "$P_A" 1500 1400
t_check "$P_A's MTU $(mtu_of "$RT_NS" "$P_A") is 1500" \
	"$(mtu_of "$RT_NS" "$P_A")" = 1500
t_check "$P_B, at 1500 already: no line" \
	-z "$(grep 'ng1=net_af_packet1@1: .*MTU' "$out")"
np_pings "af_packet/veth"
np_ping "$NS_A" "IPv4 ping of 1500 bytes, DF, A -> B" -c 2 -M "do" -s 1472 \
	192.0.2.2
np_ping "$NS_B" "IPv6 ping of 1500 bytes, B -> A" -6 -c 2 -M "do" -s 1452 \
	2001:db8::1
np_xfer "$NS_A" "$NS_B" 192.0.2.2 "IPv4 A -> B" 20
np_xfer "$NS_B" "$NS_A" 2001:db8::1 "IPv6 B -> A" 20
stop "nodes of 1500"
back 0 "$P_A" 1400
n=$(grep -cE '^node ng[01]:inet6?: .* drop_mtu 0 ' "$out")
t_check "no MTU drop on any hook ($n of 4 hooks)" "$n" -eq 4

echo "== nodes of mtu=1400, far ends set to 1400 by the user"
ip -n "$NS_A" link set "$IF_A" mtu 1400 &&
	ip -n "$NS_B" link set "$IF_B" mtu 1400 || exit 1
out="$RT_TMP/relay-1400.out"
relay "$out" ",mtu=1400"
gave 1 "$P_B" 1400 1500
np_ping "$NS_A" "IPv4 ping of 1400 bytes, DF, A -> B" -c 2 -M "do" -s 1372 \
	192.0.2.2
np_ping "$NS_B" "IPv6 ping of 1400 bytes, B -> A" -6 -c 2 -M "do" -s 1352 \
	2001:db8::1
np_xfer "$NS_A" "$NS_B" 192.0.2.2 "IPv4 A -> B, MTU 1400" 20
stop "nodes of 1400"
t_check "$P_B's MTU $(mtu_of "$RT_NS" "$P_B") is 1500 again" \
	"$(mtu_of "$RT_NS" "$P_B")" = 1500

echo "== nodes of 1500, $P_A left at 9000 (above net_af_packet's max_mtu), $P_B promiscuous"
ip -n "$RT_NS" link set "$P_A" mtu 9000 &&
	ip -n "$RT_NS" link set "$P_B" promisc on || exit 1
out="$RT_TMP/relay-9000.out"
relay "$out" ""
gave 0 "$P_A" 1500 9000
stop "nodes of 1500, $P_A at 9000" "$P_B"
back 0 "$P_A" 9000
rt_done
