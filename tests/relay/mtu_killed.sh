#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A relay killed (SIGKILL, a crash) leaves the kernel interface under a
# --stack port at its node's MTU, and the next relay used to take that MTU
# for the interface's own: it gave it back at its stop, and the MTU the
# interface had before the first relay was lost for good.  Now the relay
# records the MTU an interface had (/var/run/ngiface-relay) before it
# changes it, and the next relay on that interface, finding the record of
# a relay that is dead, takes the recorded MTU as the interface's own and
# says so.  net_af_packet on a veth (1500 of its own) in a network
# namespace of the test's:
#   - nodes of mtu=1400, killed; the next relay, nodes of 1400 too, has
#     nothing to change, and still gives 1500 back at its stop; killed
#     too, the one after it still takes 1500, the MTU its record carries;
#   - killed and not reaped (a zombie, its PID and start time those
#     recorded): dead all the same, its record taken;
#   - killed again, the next one with nodes of 1500: it sets 1500, and its
#     stop leaves 1500 (it used to give the dead relay's 1400 "back");
#   - killed, then the veth set to 1450 by hand: the record is the dead
#     relay's no more (said); the next relay gives back 1450;
#   - a record that does not parse: said, removed, and replaced by the
#     relay's own;
#   - a relay beside a running one on the same veth: the record is the
#     running one's, said in a warning and left alone;
#   - the record's directory read-only (a mount namespace of its own): a
#     warning, and the relay runs and gives the MTU back at its stop;
# and no record of the namespace is left behind.
# Needs root, ip netns, unshare and the net_af_packet PMD; skips otherwise.
# Usage: mtu_killed.sh RELAY

RT_NAME=mtu-killed
. "$(dirname "$0")/common.sh"
rt_setup
ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_af_packet.so \
	>/dev/null 2>&1 || t_skip "net_af_packet PMD not installed"
BIN=$RT_RELAY
rt_netns mtukill
P="ngpk$$"	# the relay's end of the veth, the port
RECDIR=/var/run/ngiface-relay
ZP=""	# the zombie's case: timeout(1) over the parent that never reaps it
rt_local_cleanup()
{
	[ -n "$ZP" ] && kill "$ZP" 2>/dev/null
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-z"
	# a failed run's records, not to be read by a later namespace of
	# the same inode
	[ -n "${ino:-}" ] && rm -f "$RECDIR/mtu.$ino."*
}

ip -n "$RT_NS" link add "$P" type veth peer name "ngqk$$" ||
	t_skip "cannot create a veth pair"
ip netns exec "$RT_NS" sysctl -qw "net.ipv6.conf.$P.disable_ipv6=1" &&
	ip -n "$RT_NS" link set "$P" up || exit 1
ino=$(ip netns exec "$RT_NS" stat -L -c %i /proc/self/ns/net) || exit 1

mtu_of()
{
	ip -n "$RT_NS" link show "$P" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p'
}

# node_args MTU: the EAL and relay arguments of a relay whose node has
# mtu=MTU, its stack side on net_af_packet0 (P)
node_args()
{
	echo "$(rt_eal) --vdev=net_ngiface0,mtu=$1 \
		--vdev=net_af_packet0,iface=$P -- --stack ng0=net_af_packet0@1 \
		--ctl none"
}

# start OUT MTU: rt_start a relay of node_args MTU
start()
{
	# shellcheck disable=SC2046
	rt_start "$1" 30 $(node_args "$2") ||
		t_fail "relay did not start (node MTU $2)"
}

# kill_relay MTU: SIGKILL the relay itself (rt_start's PID is timeout(1)'s),
# which leaves the veth at its node's MTU
kill_relay()
{
	local pid

	pid=$(pgrep -P "$RT_PID" | head -1)
	[ -n "$pid" ] && kill -KILL "$pid"
	# timeout(1) ends as its child did: no "Killed" from the shell
	{ rt_stop TERM; } 2>/dev/null
	t_check "killed: the veth is left at the node's $1 ($(mtu_of))" \
		"$(mtu_of)" = "$1"
}

# stop_clean WHAT MTU: SIGTERM, exit 0, the veth at MTU
stop_clean()
{
	rt_stop TERM
	t_check "$1: exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
	t_check "$1: the veth's MTU $(mtu_of) is $2 again" "$(mtu_of)" = "$2"
}

taken="^--stack ng0=net_af_packet0@1: net_af_packet0 MTU"

echo "== nodes of mtu=1400, killed; the next one of mtu=1400"
start "$RT_TMP/k1.out" 1400
kill_relay 1400
out="$RT_TMP/n1.out"
start "$out" 1400
t_grep "the dead relay's record taken, said" \
	"$taken 1400 is the one relay [0-9]+ gave it, which ended without giving it back: 1500 taken as its own" \
	"$out"
# killed in turn: its record carries the 1500 it took, not the 1400 it found
kill_relay 1400
out="$RT_TMP/n1b.out"
start "$out" 1400
t_grep "killed twice: the first relay's 1500 still taken" \
	"$taken 1400 is the one relay [0-9]+ gave it, which ended without giving it back: 1500 taken as its own" \
	"$out"
stop_clean "nodes of 1400 after two kills" 1500
t_grep "given back at the stop, said" "$taken 1500 again\$" "$out"

echo "== killed, not reaped: a zombie"
# its parent execs a sleep, which never reaps it (a container's first
# process may not): the PID and its start time still match
zout=$RT_TMP/z.out
# shellcheck disable=SC2016,SC2046
timeout -k 5 30 sh -c 'out=$1; shift; "$@" >"$out" 2>&1 &
	echo $! >"$out.pid"; exec sleep 30' sh "$zout" "$RT_RELAY" \
	$(node_args 1400 | sed "s/--file-prefix=[^ ]*/--file-prefix=$RT_PREFIX-z/") &
ZP=$!
rt_wait_for grep -qs 'relay running' "$zout"
zpid=$(cat "$zout.pid" 2>/dev/null)
[ -n "$zpid" ] && kill -KILL "$zpid"
rt_wait_for grep -qs '^State:.*zombie' "/proc/$zpid/status"
t_grep "killed, left a zombie" '^State:.*zombie' "/proc/$zpid/status"
out="$RT_TMP/z2.out"
start "$out" 1400
t_grep "the zombie's record taken, as a dead relay's" \
	"$taken 1400 is the one relay $zpid gave it, which ended without giving it back: 1500 taken as its own" \
	"$out"
stop_clean "nodes of 1400 after a zombie" 1500
kill "$ZP" 2>/dev/null
wait "$ZP" 2>/dev/null
ZP=""
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-z"

echo "== nodes of mtu=1400, killed; the next one of 1500"
start "$RT_TMP/k2.out" 1400
kill_relay 1400
out="$RT_TMP/n2.out"
start "$out" 1500
t_grep "the dead relay's record taken" "$taken 1400 is the one relay" "$out"
t_grep "the veth given the node's 1500" \
	"$taken 1500, ng0's \\(was 1400\\)\$" "$out"
stop_clean "nodes of 1500 after a kill" 1500
if grep -q "$taken 1400 again" "$out"; then
	t_fail "the dead relay's 1400 given back as the veth's own"
fi

echo "== killed, then the veth set to 1450 by hand"
start "$RT_TMP/k3.out" 1400
kill_relay 1400
ip -n "$RT_NS" link set "$P" mtu 1450 || exit 1
out="$RT_TMP/n3.out"
start "$out" 1400
t_grep "a record whose MTU was changed since: not taken, said" \
	"$taken 1450, not the 1400 relay [0-9]+ gave it: changed since, taken as its own" \
	"$out"
stop_clean "after a change by hand" 1450
ip -n "$RT_NS" link set "$P" mtu 1500 || exit 1

echo "== a record that does not parse (an MTU of 0)"
idx=$(ip -n "$RT_NS" -o link show "$P" | cut -d: -f1)
bad="$RECDIR/mtu.$ino.$idx.$P"
mkdir -p "$RECDIR" &&
	echo "pid 1 start 1 pidns 1 mtu 0 set 1400" >"$bad" || exit 1
out="$RT_TMP/bad.out"
start "$out" 1400
t_grep "unparsable: a warning, the record removed" \
	"^warning: --stack ng0=net_af_packet0@1: net_af_packet0: record $bad unreadable, removed\$" \
	"$out"
if grep -q "not recorded" "$out"; then
	t_fail "unparsable: the relay's own record not written in its place"
fi
stop_clean "after an unparsable record" 1500

echo "== a relay beside a running one"
start "$RT_TMP/first.out" 1400
first=$(pgrep -P "$RT_PID" | head -1)
prefix="$RT_PREFIX-beside"
out="$RT_TMP/beside.out"
# shellcheck disable=SC2046
timeout -s TERM -k 3 4 "$RT_RELAY" $(node_args 1400 |
	sed "s/--file-prefix=[^ ]*/--file-prefix=$prefix/") >"$out" 2>&1
rm -rf "${EAL_RUN_DIR:?}/$prefix"
t_grep "beside: the running relay's record named in a warning" \
	"^warning: --stack ng0=net_af_packet0@1: net_af_packet0 MTU 1400 is the one relay $first gave it, which runs" \
	"$out"
t_check "beside: the veth still at 1400 ($(mtu_of))" "$(mtu_of)" = 1400
stop_clean "the first relay, after one beside it" 1500

echo "== the record's directory read-only"
if command -v unshare >/dev/null; then
	mkdir -p "$RECDIR"
	printf '#!/bin/sh\nmount -t tmpfs -o ro,mode=0755 ngiface-h "%s" || exit 99\nexec "%s" "$@"\n' \
		"$RECDIR" "$BIN" >"$RT_TMP/ro-relay" &&
		printf '#!/bin/sh\nexec ip netns exec %s unshare -m --propagation private "%s" "$@"\n' \
		"$RT_NS" "$RT_TMP/ro-relay" >"$RT_TMP/relay-ro" &&
		chmod +x "$RT_TMP/ro-relay" "$RT_TMP/relay-ro" || exit 1
	RT_RELAY=$RT_TMP/relay-ro
	out="$RT_TMP/ro.out"
	start "$out" 1400
	t_grep "read-only: a warning that nothing is recorded" \
		"^warning: --stack ng0=net_af_packet0@1: net_af_packet0 MTU 1500 not recorded in $RECDIR: .*Read-only" \
		"$out"
	t_grep "read-only: the veth given 1400 all the same" \
		"$taken 1400, ng0's \\(was 1500\\)\$" "$out"
	stop_clean "read-only record directory" 1500
	RT_RELAY=$BIN
else
	echo "no unshare: the read-only case not run"
fi

echo "== records of a directory of the test's own"
# own_dir MODE: the relays from now on see REC (mode MODE) as the record
# directory (a bind mount, in a mount namespace of their own)
REC=$RT_TMP/rec
own_dir()
{
	mkdir -p "$REC" "$RECDIR" && chmod "$1" "$REC" || exit 1
	printf '#!/bin/sh\nmount --bind "%s" "%s" || exit 99\nexec "%s" "$@"\n' \
		"$REC" "$RECDIR" "$BIN" >"$RT_TMP/own-relay" &&
		printf '#!/bin/sh\nexec ip netns exec %s unshare -m --propagation private "%s" "$@"\n' \
		"$RT_NS" "$RT_TMP/own-relay" >"$RT_TMP/relay-own" &&
		chmod +x "$RT_TMP/own-relay" "$RT_TMP/relay-own" || exit 1
	RT_RELAY=$RT_TMP/relay-own
}
if command -v unshare >/dev/null; then
	own_dir 0755
	ifx=$(ip netns exec "$RT_NS" cat "/sys/class/net/$P/ifindex") || exit 1
	pidns=$(stat -L -c %i /proc/self/ns/pid) || exit 1
	rec="$REC/mtu.$ino.$ifx.$P"
	unreadable="^warning: --stack ng0=net_af_packet0@1: net_af_packet0: record $RECDIR/mtu.$ino.$ifx.$P unreadable, removed"
	# plant WHAT [SAID]: start a relay of nodes of 1400 over the record
	# planted, which must be removed, said (default: unreadable); it
	# records its own in its place
	plant()
	{
		out="$RT_TMP/plant.out"
		start "$out" 1400
		t_grep "$1: removed, said" "${2:-$unreadable}" "$out"
		t_check "$1: the relay's own record in its place" \
			"$(sed -n 's/^pid \([0-9]*\) .* mtu 1500 set 1400 netns [1-9][0-9]*$/\1/p' "$rec" 2>/dev/null)" = \
			"$(pgrep -P "$RT_PID" | head -1)"
		stop_clean "$1" 1500
		rm -f "$rec"
	}
	printf 'pid 12' >"$rec"
	plant "a truncated record"
	# kill() would be given 0 (the relay's own group): a relay that runs
	printf 'pid 4294967296 start 1 pidns %s mtu 1300 set 1500\n' \
		"$pidns" >"$rec"
	plant "a PID beyond pid_t's"
	# opened for reading, it waited for a writer: the relay never started
	mkfifo "$rec" || exit 1
	plant "a FIFO"
	# a namespace gone, its inode number taken again by this one's: a
	# record of its interface at the same index and name is no longer
	# this one's, at whatever MTU (its 1300 was given the veth at the stop)
	printf 'pid 4242 start 1 pidns %s mtu 1300 set 1500 netns 1\n' \
		"$pidns" >"$rec"
	plant "a record of a namespace gone" \
		"^--stack ng0=net_af_packet0@1: net_af_packet0: record $RECDIR/mtu.$ino.$ifx.$P is of a network namespace gone, whose number this one has again: removed"
	# another user could write the records: not used
	own_dir 0777
	out="$RT_TMP/shared.out"
	start "$out" 1400
	t_grep "a directory others write: said" \
		"^warning: $RECDIR: owned by uid 0, mode 0777: not the relay's alone" \
		"$out"
	left=$(find "$REC" -mindepth 1 2>/dev/null)
	t_check "a directory others write: nothing written there ($left)" \
		-z "$left"
	stop_clean "a directory others write" 1500
	RT_RELAY=$BIN
else
	echo "no unshare: the own directory cases not run"
fi

left=$(find "$RECDIR" -maxdepth 1 -name "mtu.$ino.*" 2>/dev/null)
t_check "no record of the namespace left ($left)" -z "$left"
rt_done
