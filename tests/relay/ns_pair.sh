# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Helpers for ns_ping.sh, tap_ping.sh and tcp_flow.sh: sourced after
# common.sh, never run.  Two kernel interfaces the relay made (IF_A, IF_B, one per node of
# a joined pair: ng0 and ng1), each moved into a network namespace of its
# own (NS_A, NS_B), addressed 192.0.2.1/.2 and 2001:db8::1/::2, pinged
# across.  np_setup makes NS_A and NS_B; the sourcing script sets IF_A and
# IF_B.

NS_A=""
NS_B=""
IF_A=""
IF_B=""

rt_local_cleanup()
{
	[ -n "$NS_A" ] && ip netns del "$NS_A" 2>/dev/null
	[ -n "$NS_B" ] && ip netns del "$NS_B" 2>/dev/null
	# the interfaces go with the relay; these are for a relay killed hard
	[ -n "$IF_A" ] && [ "$IF_A" != ng0 ] && ip link del "$IF_A" 2>/dev/null
	[ -n "$IF_B" ] && [ "$IF_B" != ng1 ] && ip link del "$IF_B" 2>/dev/null
}

# np_setup TAG: what both tests need (root, /dev/net/tun, ip, ping), then
# the two namespaces, named after TAG
np_setup()
{
	rt_need_netns
	command -v ping >/dev/null ||
		t_skip "no ping (apt-get install iputils-ping)"
	ip netns add "$1-$$-a" || t_skip "cannot create network namespaces"
	NS_A="$1-$$-a"
	ip netns add "$1-$$-b" || exit 1
	NS_B="$1-$$-b"
}

# np_node_mac PORT: a node's MAC, as it reports it: 02:6e:67:00:PP:PP, PP
# the port id
np_node_mac()
{
	printf '02:6e:67:00:%02x:%02x' $(($1 >> 8)) $(($1 & 255))
}

# np_up NS IFN MAC ME4 PEER4 ME6 PEER6: IFN moved into NS, up, addressed
# point to point.  MAC empty for a TUN; a TAP gets MAC (its node's, the
# destination the node writes) and "arp off" (see tap_ping.sh).
np_up()
{
	local ns=$1 ifn=$2 mac=$3 me4=$4 peer4=$5 me6=$6 peer6=$7

	ip link set "$ifn" netns "$ns" &&
	ip -n "$ns" link set lo up &&
	if [ -n "$mac" ]; then
		ip -n "$ns" link set "$ifn" address "$mac" arp off
	fi &&
	ip -n "$ns" link set "$ifn" up &&
	ip -n "$ns" addr add "$me4" peer "$peer4" dev "$ifn" &&
	ip -n "$ns" -6 addr add "$me6" peer "$peer6" dev "$ifn" nodad
}

# np_ping NS DESC PING-ARGS...: one bounded ping from NS, checked as DESC
np_ping()
{
	local ns=$1 what=$2 rc

	shift 2
	ip netns exec "$ns" ping -W 2 -i 0.2 "$@" >"$RT_TMP/ping.out" 2>&1
	rc=$?
	cat "$RT_TMP/ping.out"
	t_check "$what (status $rc)" "$rc" -eq 0
}

# np_xfer_data SIZE: NP_DATA, a file of SIZE random bytes for np_xfer, and
# NP_WANT, what tcp_xfer.py's server says on receiving it whole
np_xfer_data()
{
	NP_DATA="$RT_TMP/data"
	head -c "$1" /dev/urandom >"$NP_DATA" || exit 1
	NP_WANT="$1 $(sha256sum "$NP_DATA" | cut -d ' ' -f 1)"
}

# np_xfer FROM-NS TO-NS ADDR WHAT LIMIT: one TCP transfer of NP_DATA
# (tcp_xfer.py), each side bounded by LIMIT s, judged by its hash
np_xfer()
{
	local from=$1 to=$2 addr=$3 what=$4 limit=$5 spid rc

	timeout -k 2 "$limit" ip netns exec "$to" "$RT_PY" \
		"$RT_DIR/tcp_xfer.py" serve "$addr" 5001 >"$RT_TMP/serve.out" 2>&1 &
	spid=$!
	timeout -k 2 "$limit" ip netns exec "$from" "$RT_PY" \
		"$RT_DIR/tcp_xfer.py" send "$addr" 5001 "$NP_DATA"
	rc=$?
	wait "$spid"
	t_check "$what: sent (status $rc)" "$rc" -eq 0
	t_check "$what: received $(cat "$RT_TMP/serve.out")" \
		"$(cat "$RT_TMP/serve.out")" = "$NP_WANT"
}

# np_pings WHAT: both families A -> B, then IPv4 B -> A, over WHAT
np_pings()
{
	np_ping "$NS_A" "IPv4 ping A -> B over $1" -c 3 192.0.2.2
	np_ping "$NS_A" "IPv6 ping A -> B over $1" -6 -c 3 2001:db8::2
	np_ping "$NS_B" "IPv4 ping B -> A over $1" -c 2 192.0.2.1
}

# np_finish WHAT: SIGTERM; exit 0, totals that balance and count the pings;
# the namespaces deleted, and no interface (a WHAT) outliving the relay
np_finish()
{
	local v

	rt_stop TERM
	t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
	rt_check_totals 4
	v=$(rt_total 0 in packets)
	t_check "stack ng0 in: $v >= 8 (3 + 3 echo requests, 2 replies)" \
		"$v" -ge 8
	v=$(rt_total 1 out delivered)
	t_check "stack ng1 out delivered: $v >= 8" "$v" -ge 8
	# looked for where they are, in the namespaces, before those go:
	# deleting a namespace destroys a TUN or TAP left in it, so a look in
	# this namespace after that found none, whatever the relay left
	if np_wait_gone; then
		t_pass "no $1 outlived the relay"
	else
		t_fail "a $1 outlived the relay"
	fi
	ip netns del "$NS_A"
	ip netns del "$NS_B"
}

# np_wait_gone: wait up to 3 s for IF_A and IF_B, which go with the relay
# that made them, to be gone; fails if one is still there
np_wait_gone()
{
	for _ in $(seq 1 30); do
		if_left || return 0
		sleep 0.1
	done
	! if_left
}

# if_left: IF_A or IF_B still exists, in its namespace or in this one (not
# moved)
if_left()
{
	ip -n "$NS_A" link show "$IF_A" >/dev/null 2>&1 ||
		ip -n "$NS_B" link show "$IF_B" >/dev/null 2>&1 ||
		ip link show "$IF_A" >/dev/null 2>&1 ||
		ip link show "$IF_B" >/dev/null 2>&1
}
