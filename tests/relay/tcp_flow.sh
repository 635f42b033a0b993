#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Bulk TCP across the relay, as a user of the default topology would try
# it after ping: 8 MiB from namespace A to B over IPv4, and back from B to
# A over IPv6, each read to its end and judged by its SHA-256.  Full-size
# segments in numbers, with the kernel's own flow and congestion control,
# where the ping tests send a few small packets; and a ping of 4000 bytes
# each way, in fragments.  Four set-ups:
#   - two nodes joined, each on a kernel TUN (raw IP, l2=none): the
#     default topology's shape;
#   - the same under nodes of mtu=1400, which the relay gives the TUNs
#     (the kernel then sizes its segments to fit, where a TUN left at 1500
#     would send segments the node drops);
#   - the same on TAPs (Ethernet, the driver's default l2=eth: frames of
#     1514 bytes must pass the node's MTU of 1500);
#   - one node, its stack side on one TUN and both hooks on another
#     (--hooks: the relay's per-family dispatch, fed by the kernel).
# Each time: the segments went through the nodes' hooks (the per-hook
# counters at exit), none was an MTU drop, SIGTERM ends the relay with
# exit 0 and totals that balance.  A packet a TUN's write refused is
# counted (tx_full) and TCP sends it again.  Last, a node of mtu=9000 on a
# TUN, which refuses that MTU: the relay says so, with the reason.
# Needs root, /dev/net/tun, ip netns and python3; skips otherwise.
# Usage: tcp_flow.sh RELAY

RT_NAME=tcp-flow
. "$(dirname "$0")/common.sh"
rt_setup
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"

# shellcheck source=ns_pair.sh
. "$(dirname "$0")/ns_pair.sh"
np_setup ngtcp

size=$((8 << 20))
np_xfer_data "$size"
# every segment carries at most 1500 - 40 bytes of it
min_segs=$((size / 1460))

# hook_count NODE:HOOK FIELD: a per-hook counter from the relay's exit lines
hook_count()
{
	local v

	v=$(sed -nE "s/^node $1:.* $2 ([0-9]+) .*/\1/p" "$RT_OUT" | head -n 1)
	echo "${v:--1}"
}

# flow WHAT MAC-A MAC-B MTU V6-HOOK [EAL-ARGS...] -- RELAY-ARGS...: one
# relay, made with these arguments and bringing up interfaces IF_A and
# IF_B; both transfers and pings; its stop.  MAC-A, MAC-B empty for TUNs;
# MTU the nodes' (the interfaces must have it); V6-HOOK the node's hook
# and direction the IPv6 transfer's segments cross ("ng1:inet6 out").
flow()
{
	local what=$1 mac_a=$2 mac_b=$3 mtu=$4 v6hook=$5 n eal=()

	shift 5
	while [ "$1" != -- ]; do
		eal+=("$1")
		shift
	done
	shift
	echo "== $what"
	# shellcheck disable=SC2046
	rt_start "$RT_TMP/relay-${what//[^a-z0-9]/-}.out" 60 $(rt_eal) \
		"${eal[@]}" -- "$@" --ctl none ||
		{ t_fail "$what: relay did not start"; return; }
	if ! np_up "$NS_A" "$IF_A" "$mac_a" 192.0.2.1 192.0.2.2 \
		2001:db8::1 2001:db8::2 ||
	   ! np_up "$NS_B" "$IF_B" "$mac_b" 192.0.2.2 192.0.2.1 \
		2001:db8::2 2001:db8::1; then
		t_fail "$what: could not move/address the interfaces"
		rt_stop TERM
		return
	fi
	n=$(ip -n "$NS_B" link show "$IF_B" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p')
	t_check "$what: $IF_B's MTU $n is the nodes' $mtu" "$n" = "$mtu"
	np_xfer "$NS_A" "$NS_B" 192.0.2.2 "$what: IPv4 A -> B" 40
	np_xfer "$NS_B" "$NS_A" 2001:db8::1 "$what: IPv6 B -> A" 40
	np_ping "$NS_A" "$what: IPv4 ping of 4000 bytes, fragmented" \
		-c 2 -s 4000 192.0.2.2
	np_ping "$NS_B" "$what: IPv6 ping of 4000 bytes, fragmented" \
		-6 -c 2 -s 4000 2001:db8::1
	rt_stop TERM
	t_check "$what: exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
	# the TUNs are in A and B now: no MTU to give back here, nothing said
	t_check "$what: no MTU warning at the stop" \
		-z "$(grep 'not given back' "$RT_OUT")"
	rt_check_totals 4
	n=$(hook_count ng0:inet out)
	t_check "$what: ng0:inet out $n >= $min_segs segments" \
		"$n" -ge "$min_segs"
	n=$(hook_count "${v6hook% *}" "${v6hook#* }")
	t_check "$what: $v6hook $n >= $min_segs segments" "$n" -ge "$min_segs"
	n=$(grep -cE '^node ng[01]:inet6?: .* drop_mtu 0 ' "$RT_OUT")
	t_check "$what: no MTU drop on any hook" \
		"$n" -eq "$(grep -cE '^node ng[01]:inet6?: ' "$RT_OUT")"
	# the interfaces went with the relay: the next one makes them again
	np_wait_gone
}

IF_A="ngc$$a"
IF_B="ngc$$b"
TUNS="--vdev=net_tun0,iface=$IF_A --vdev=net_tun1,iface=$IF_B"
PAIR="--stack ng0=net_tun0@1 --stack ng1=net_tun1@1"
# shellcheck disable=SC2086
flow "TUNs" "" "" 1500 "ng1:inet6 out" --vdev=net_ngiface0,l2=none \
	--vdev=net_ngiface1,l2=none,inet=ng0:inet,inet6=ng0:inet6 $TUNS -- $PAIR
# a TUN that has the node's MTU already is left alone, in silence
t_check "TUNs of the nodes' MTU: no MTU line" -z "$(grep -E 'MTU' "$RT_OUT")"
# no --stats-period: no periodic report
t_check "no --stats-period: no stats line" \
	-z "$(grep -E '^stats over' "$RT_OUT")"
# shellcheck disable=SC2086
flow "TUNs, nodes of mtu=1400" "" "" 1400 "ng1:inet6 out" \
	--vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_ngiface1,l2=none,mtu=1400,inet=ng0:inet,inet6=ng0:inet6 \
	$TUNS -- $PAIR
t_grep "the relay gave net_tun0 ng0's MTU, and said so" \
	"^--stack ng0=net_tun0@1: net_tun0 MTU 1400, ng0's \(was 1500\)$" \
	"$RT_OUT"
# ng0 and ng1 are ports 0 and 1 (probed first, in this order)
flow "TAPs" "$(np_node_mac 0)" "$(np_node_mac 1)" 1500 "ng1:inet6 out" \
	--vdev=net_ngiface0 --vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_tap0,iface="$IF_A" --vdev=net_tap1,iface="$IF_B" -- \
	--stack ng0=net_tap0@1 --stack ng1=net_tap1@1
# shellcheck disable=SC2086
flow "one node, stack on a TUN, hooks on a TUN" "" "" 1500 "ng0:inet6 in" \
	--vdev=net_ngiface0,l2=none $TUNS -- \
	--stack ng0=net_tun0@1 --hooks ng0=net_tun1@1

# A port that refuses the node's MTU keeps its own, and the relay says
# so, with the port's reason (net_tun takes no MTU past 1504: frames of
# 1522 bytes, VLAN tag included)
out="$RT_TMP/relay-mtu-refused.out"
# shellcheck disable=SC2046
rt_start "$out" 20 $(rt_eal) --vdev=net_ngiface0,l2=none,mtu=9000 \
	--vdev=net_tun0,iface="$IF_A" -- --stack ng0=net_tun0@1 --ctl none ||
	t_fail "relay with a node of mtu=9000 on a TUN did not start"
rt_stop TERM
t_check "relay exit status $RT_RC == 0" "$RT_RC" -eq 0
t_grep "net_tun0 keeps its MTU, with a warning and the reason" \
	"^warning: --stack ng0=net_tun0@1: net_tun0 keeps MTU 1500, ng0 has 9000 \(Invalid argument \(EINVAL\)\): what is longer than the smaller is dropped$" \
	"$out"
rt_done
