#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A persistent TUN or TAP of the user's (iface=) keeps its own MTU.
# net_tap's probe, inside rte_eal_init(), sets the interface it opens to
# 1500; the relay read the MTU to give back after that, so a TUN at 9000
# ended at 1500 (or at the node's) even after an orderly stop, and a dead
# relay's record of it read as a change by hand.  Now the relay reads the
# MTU before EAL starts and gives it back as soon as EAL's init returns.
# In a network namespace of the test's:
#   - a TUN at 9000 under nodes of mtu=1400: the TUN runs at 1400, said as
#     "(was 9000)", and has 9000 again after SIGTERM;
#   - the same under nodes of 1500 (which the probe's 1500 hid: nothing
#     was set, nothing given back);
#   - a TAP at 1300 (net_tap, l2=eth) under nodes of 1500;
#   - a TUN at 9000 under a node of 1400, set to 1300 by hand while the
#     relay runs: it keeps 1300 at the stop, said (it got 9000 back);
#   - a TUN at 9000 under --hooks: it runs at 9000, its own;
#   - a TUN at 9000 under two --stack links (two net_tun on it, nodes of
#     1400 and 1300): 9000 again at the stop, the MTUs given back last
#     changed first (in link order it ended at 1400), the first link's
#     record said as this relay's (it was warned of as another relay's);
#   - a relay killed (SIGKILL) on the TUN at 9000 under nodes of 1400:
#     the next relay takes the dead relay's record (9000) as the TUN's
#     own and gives it back at its stop;
#   - a relay killed on the TUN at 1500 under nodes of 1400, then one
#     forced out of EAL's init before net_tap's probe (net_pcap's FIFO):
#     the TUN has the 1500 the dead relay's record said;
#   - a TUN the user had up and a TAP down, not promiscuous: as they were
#     after the stop (net_tap's stop left the TUN down, and the relay's
#     start both promiscuous for good), said; the TUN set down by hand
#     during a run left down; and the TUN up after a plan error found
#     once EAL had probed it (EAL's cleanup took it down);
# and no record of the namespace is left behind.
# Needs root and /dev/net/tun; skips otherwise.
# Usage: tun_mtu.sh RELAY

RT_NAME=tun-mtu
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns tunmtu
TUN=ngtm0
TAP=ngtm1

ip -n "$RT_NS" tuntap add mode tun multi_queue name $TUN &&
	ip -n "$RT_NS" tuntap add mode tap multi_queue name $TAP ||
	t_skip "cannot make a persistent TUN or TAP"
ino=$(ip netns exec "$RT_NS" stat -L -c %i /proc/self/ns/net) || exit 1

mtu_of()
{
	ip -n "$RT_NS" link show "$1" | sed -nE 's/.* mtu ([0-9]+) .*/\1/p'
}

# start OUT ARGS...: rt_start a relay of the EAL options and ARGS
start()
{
	local out=$1

	shift
	# shellcheck disable=SC2046
	rt_start "$out" 30 $(rt_eal) "$@" || t_fail "relay did not start: $*"
}

# stack WHAT IFACE OWN NODE DRIVER L2: a relay whose node of mtu=NODE has
# its stack side on IFACE (at OWN, its own MTU), then SIGTERM
stack()
{
	local what=$1 ifc=$2 own=$3 node=$4 drv=$5 l2=$6
	local out="$RT_TMP/$what.out" port=${5}0

	ip -n "$RT_NS" link set "$ifc" mtu "$own" || exit 1
	start "$out" --vdev=net_ngiface0,l2="$l2",mtu="$node" \
		--vdev="$drv"0,iface="$ifc" -- --stack ng0="$port"@1 --ctl none
	t_check "$what: $ifc runs at the node's $node ($(mtu_of "$ifc"))" \
		"$(mtu_of "$ifc")" = "$node"
	t_grep "$what: the MTU it had said as 'was $own'" \
		"^--stack ng0=$port@1: $port MTU $node, ng0's \\(was $own\\)\$" \
		"$out"
	rt_stop TERM
	t_check "$what: exit status $RT_RC == 0" "$RT_RC" -eq 0
	t_check "$what: $ifc has its own $own again ($(mtu_of "$ifc"))" \
		"$(mtu_of "$ifc")" = "$own"
	t_grep "$what: given back, said" \
		"^--stack ng0=$port@1: $port MTU $own again\$" "$out"
}

echo "== a TUN at 9000, nodes of 1400, then 1500; a TAP at 1300"
stack tun-1400 $TUN 9000 1400 net_tun none
stack tun-1500 $TUN 9000 1500 net_tun none
stack tap-1500 $TAP 1300 1500 net_tap eth
t_grep "tap-1500: the probe's 1500 undone, said" \
	"^--vdev=net_tap0,iface=$TAP: $TAP MTU 1300 again, its own \\(net_tap's probe set 1500\\)\$" \
	"$RT_TMP/tap-1500.out"

echo "== a TUN at 9000, a node of 1400, the TUN set to 1300 by hand meanwhile"
# the MTU set by hand while the relay runs is the interface's own now, as
# a dead relay's record on an interface at another MTU says: the stop
# used to put 9000 over it
out="$RT_TMP/hand.out"
ip -n "$RT_NS" link set $TUN mtu 9000 || exit 1
start "$out" --vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl none
ip -n "$RT_NS" link set $TUN mtu 1300 || exit 1
rt_stop TERM
t_check "hand: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "hand: $TUN keeps the 1300 set by hand ($(mtu_of $TUN))" \
	"$(mtu_of $TUN)" = 1300
t_grep "hand: kept, said" \
	"^--stack ng0=net_tun0@1: net_tun0 MTU 1300, not the 1400 the relay gave it: changed since, kept \\(9000 before the relay\\)\$" \
	"$out"
ip -n "$RT_NS" link set $TUN mtu 9000 || exit 1

echo "== a TUN at 9000 under --hooks"
out="$RT_TMP/hooks.out"
start "$out" --vdev=net_ngiface0,l2=none --vdev=net_tun0,iface=$TUN \
	-- --hooks ng0=net_tun0@1 --ctl none
t_check "hooks: $TUN runs at its own 9000 ($(mtu_of $TUN))" \
	"$(mtu_of $TUN)" = 9000
rt_stop TERM
t_check "hooks: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "hooks: $TUN still at 9000 ($(mtu_of $TUN))" "$(mtu_of $TUN)" = 9000

echo "== a TUN at 9000 under two --stack links, nodes of 1400 then 1300"
# net_tun0 sets 1400 from 9000, net_tun1 1300 from 1400: given back in
# link order, the TUN ended at 1400
out="$RT_TMP/two.out"
start "$out" --vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_ngiface1,l2=none,mtu=1300 --vdev=net_tun0,iface=$TUN \
	--vdev=net_tun1,iface=$TUN -- --stack ng0=net_tun0@1 \
	--stack ng1=net_tun1@1 --ctl none
t_check "two: $TUN runs at the last node's 1300 ($(mtu_of $TUN))" \
	"$(mtu_of $TUN)" = 1300
# the first link's record is this relay's own, not another relay's
t_grep "two: the first link's record said as this relay's" \
	"^--stack ng1=net_tun1@1: net_tun1 MTU 1400 is the one this relay gave it through another port " \
	"$out"
t_check "two: no warning of two relays" \
	-z "$(grep 'two relays on one interface' "$out")"
rt_stop TERM
t_check "two: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "two: $TUN has its own 9000 again ($(mtu_of $TUN))" \
	"$(mtu_of $TUN)" = 9000

echo "== a relay killed on the TUN at 9000, nodes of 1400"
start "$RT_TMP/killed.out" --vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl none
pid=$(pgrep -P "$RT_PID" | head -1)
[ -n "$pid" ] && kill -KILL "$pid"
{ rt_stop TERM; } 2>/dev/null
t_check "killed: $TUN left at 1400 ($(mtu_of $TUN))" "$(mtu_of $TUN)" = 1400
out="$RT_TMP/next.out"
start "$out" --vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl none
t_grep "next: the dead relay's record taken before EAL, said" \
	"^--vdev=net_tun0,iface=$TUN: $TUN MTU 1400 is the one relay $pid gave it, which ended without giving it back: 9000 taken as its own" \
	"$out"
t_grep "next: the TUN given the node's 1400 from its own 9000" \
	"^--stack ng0=net_tun0@1: net_tun0 MTU 1400, ng0's \\(was 9000\\)\$" \
	"$out"
rt_stop TERM
t_check "next: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "next: $TUN has its own 9000 again ($(mtu_of $TUN))" \
	"$(mtu_of $TUN)" = 9000

echo "== a relay killed on the TUN at 1500, the next one forced out of EAL's init"
# the next one takes the dead relay's 1500 for the TUN's own while the TUN
# is at 1400, its probe yet to come (net_pcap's rx_pcap FIFO before it,
# with no writer); the forced exit must give the 1500 back too (its
# record said 1500 set 1500, and the next relay read the 1400 as a change
# by hand)
if ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_pcap.so \
	>/dev/null 2>&1; then
	ip -n "$RT_NS" link set $TUN mtu 1500 || exit 1
	start "$RT_TMP/killed2.out" --vdev=net_ngiface0,l2=none,mtu=1400 \
		--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl none
	pid=$(pgrep -P "$RT_PID" | head -1)
	[ -n "$pid" ] && kill -KILL "$pid"
	{ rt_stop TERM; } 2>/dev/null
	t_check "killed2: $TUN left at 1400 ($(mtu_of $TUN))" \
		"$(mtu_of $TUN)" = 1400
	fifo=$RT_TMP/in.fifo
	mkfifo "$fifo" || exit 1
	RT_OUT=$RT_TMP/init.out
	# shellcheck disable=SC2046
	timeout -s TERM -k 5 30 "$RT_RELAY" $(rt_eal) \
		--vdev=net_ngiface0,l2=none,mtu=1400 \
		--vdev=net_ngiface1,l2=none \
		--vdev="net_pcap0,rx_pcap=$fifo,tx_pcap=$RT_TMP/out.pcap" \
		--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 \
		--stack ng1=net_pcap0@1 --ctl none >"$RT_OUT" 2>&1 &
	RT_PID=$!
	rt_wait_for pgrep -P "$RT_PID" >/dev/null
	relay=$(pgrep -P "$RT_PID" | head -n 1)
	rt_wait_for grep -qs 'wait_for_partner\|fifo_open' "/proc/$relay/wchan"
	# said on stdout, which the forced exit does not flush: its record
	rec=$(find /var/run/ngiface-relay -maxdepth 1 \
		-name "mtu.$ino.*.$TUN" 2>/dev/null)
	t_grep "init: the dead relay's 1500 taken as the TUN's own" \
		"^pid $relay start [0-9]+ pidns [0-9]+ mtu 1500 set 1500 " \
		"${rec:-/dev/null}"
	kill -INT "$relay"
	sleep 0.5
	kill -INT "$relay"
	wait "$RT_PID"
	RT_RC=$?
	RT_PID=""
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
	t_check "init: exit status $RT_RC == 3" "$RT_RC" -eq 3
	t_check "init: $TUN has its own 1500 again ($(mtu_of $TUN))" \
		"$(mtu_of $TUN)" = 1500
else
	echo "skip: no net_pcap PMD: the forced exit out of EAL's init not tried"
fi

echo "== the TUN up and the TAP down, neither promiscuous, as they were"
# flags_of IFACE: "UP" and "PROMISC" where the interface has them
flags_of()
{
	ip -n "$RT_NS" link show "$1" |
		sed -nE '1s/^[^<]*<([^>]*)>.*/\1/p' | tr ',' '\n' |
		grep -xE 'UP|PROMISC' | tr '\n' ' '
}
ip -n "$RT_NS" link set $TUN promisc off up &&
	ip -n "$RT_NS" link set $TAP promisc off down || exit 1
out="$RT_TMP/flags.out"
start "$out" --vdev=net_ngiface0,l2=none --vdev=net_ngiface1 \
	--vdev=net_tun0,iface=$TUN --vdev=net_tap0,iface=$TAP -- \
	--stack ng0=net_tun0@1 --stack ng1=net_tap0@1 --ctl none
t_check "flags: the TAP runs up ($(flags_of $TAP))" \
	-n "$(flags_of $TAP | grep UP)"
rt_stop TERM
t_check "flags: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "flags: $TUN up, not promiscuous ($(flags_of $TUN))" \
	"$(flags_of $TUN)" = "UP "
t_check "flags: $TAP down, not promiscuous ($(flags_of $TAP))" \
	-z "$(flags_of $TAP)"
t_grep "flags: the TUN's said" \
	"^--vdev=net_tun0,iface=$TUN: $TUN up and not promiscuous again, as it was\$" \
	"$out"
# set down by hand while the relay runs: left down, as a hand-set MTU
start "$RT_TMP/hand.out" --vdev=net_ngiface0,l2=none \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl none
ip -n "$RT_NS" link set $TUN down || exit 1
rt_stop TERM
t_check "flags: down by hand during the run, exit status $RT_RC == 0" \
	"$RT_RC" -eq 0
t_check "flags: $TUN left down, not promiscuous ($(flags_of $TUN))" \
	-z "$(flags_of $TUN)"
ip -n "$RT_NS" link set $TUN up || exit 1
# shellcheck disable=SC2046
rt_run "$RT_TMP/plan.out" 30 $(rt_eal) --vdev=net_ngiface0,l2=none \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@7 --ctl none
t_check "flags: a plan error after EAL, exit status $RT_RC == 2" \
	"$RT_RC" -eq 2
t_check "flags: $TUN still up ($(flags_of $TUN))" "$(flags_of $TUN)" = "UP "

left=$(find /var/run/ngiface-relay -maxdepth 1 -name "mtu.$ino.*" 2>/dev/null)
t_check "no record of the namespace left ($left)" -z "$left"
rt_done
