#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A second relay must not hurt a first one whose TUN it names with iface=
# (the same unit started twice, a copy of its command line).  net_tap
# joins an existing TUN as one more queue: its probe set the first relay's
# TUN back to MTU 1500 (under nodes of mtu=1400: a TCP black hole), and
# its close took the TUN down, which removed its IPv6 addresses.  That
# happened even to a second relay refused after EAL init (its --ctl in
# use, exit 2), and one that was not refused ran on, sharing the TUN's
# traffic.  Now a TUN or TAP that another process holds is refused before
# EAL starts, exit 2, in both spellings of --vdev; the first relay's TUN
# keeps its state and the first relay stops cleanly.  So is a net_tap
# --vdev, one given first, one whose iface= is not its first key, and a
# TUN another process holds by one queue, or by one it detached
# (numdisabled); of twenty holders, 16 are named and the others counted.
# A persistent TUN that no process holds (ip tuntap add
# ... multi_queue) is still joined; an interface of another kind (vxlan),
# a name of none or one too long for an interface are net_tap's to judge,
# with no word of the check; rtnetlink refused (strace injects EACCES) is
# a warning, and EAL starts.
# Needs root and /dev/net/tun; skips otherwise.
# Usage: tun_held.sh RELAY

RT_NAME=tun-held
. "$(dirname "$0")/common.sh"
rt_setup
BIN=$RT_RELAY
rt_netns held
NS=$RT_NS
TUN=ngheld0
sock="$RT_TMP/ctl.sock"
held='another process holds'
HOLDER=""
rt_local_cleanup()
{
	[ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
}

# tun_state: "UP MTU" of the first relay's TUN, and its IPv6 address
tun_state()
{
	local flags mtu

	flags=$(ip -n "$NS" -o link show "$TUN" 2>/dev/null |
		sed -nE 's/.*<([^>]*)>.* mtu ([0-9]+) .*/\1 \2/p')
	mtu=${flags##* }
	case ",${flags% *}," in
	*,UP,*) echo "up $mtu" ;;
	*) echo "down $mtu" ;;
	esac
}

# other TAG ARGS...: a relay beside the first, ARGS its arguments, each
# EAL among them replaced by the EAL options, with a --file-prefix of its
# own; its output in $RT_TMP/TAG.out, its exit status in RC
other()
{
	local tag=$1 prefix="$RT_PREFIX-$1" a args=()

	shift
	for a in "$@"; do
		if [ "$a" = EAL ]; then
			args+=(-l 0-1 "--file-prefix=$prefix"
				--log-level=lib.eal:warning)
		else
			args+=("$a")
		fi
	done
	timeout -s TERM -k 3 20 "$RT_RELAY" "${args[@]}" \
		>"$RT_TMP/$tag.out" 2>&1
	RC=$?
	rm -rf "${EAL_RUN_DIR:?}/$prefix"
}

# second TAG IFACE ARGS...: other's relay; expected refused, exit 2,
# before EAL, for IFACE held, the first relay's TUN unharmed
second()
{
	local tag=$1 iface=$2 out="$RT_TMP/$1.out"

	shift 2
	other "$tag" "$@"
	t_check "$tag: exit status $RC == 2" "$RC" -eq 2
	t_grep "$tag: the TUN named as held" \
		"^error: --vdev=[^ ]*iface=${iface}[^ ]*: $iface is a TUN/TAP interface that $held" \
		"$out"
	if grep -qE 'relay running|^EAL: Selected' "$out"; then
		t_fail "$tag: EAL or the relay started anyway"
		cat "$out"
	fi
	t_check "$tag: the first relay's TUN is still up, MTU 1400 ($(tun_state))" \
		"$(tun_state)" = "up 1400"
	t_check "$tag: ... and keeps its IPv6 address" \
		"$(ip -n "$NS" -6 -o addr show dev "$TUN" | grep -c 2001:db8::1/64)" \
		-eq 1
}

# shellcheck disable=SC2046
rt_start "$RT_TMP/first.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 --vdev=net_tun0,iface=$TUN -- \
	--stack ng0=net_tun0@1 --ctl "$sock" ||
	t_fail "the first relay did not start"
ip -n "$NS" -6 addr add 2001:db8::1/64 dev "$TUN" nodad ||
	t_fail "cannot give $TUN an IPv6 address"
t_check "the first relay set its TUN up, MTU 1400 ($(tun_state))" \
	"$(tun_state)" = "up 1400"
if grep -q 'cannot tell' "$RT_TMP/first.out"; then
	t_fail "a TUN of a name not yet taken: a warning (rtnetlink's ENODEV)"
fi

# the same command line but the prefix: its --ctl alone would refuse it,
# after EAL init, when the probe had already done its harm
second same-ctl $TUN EAL --vdev=net_ngiface0,l2=none \
	--vdev=net_tun0,iface=$TUN -- --stack ng0=net_tun0@1 --ctl "$sock"
# rt_start's PID is timeout(1)'s; the relay is its child
first=$(pgrep -P "$RT_PID" | head -1)
t_grep "same-ctl: the first relay ($first) named as the holder" \
	"^error: process $first \\(ngiface-relay\\) has a queue of a TUN/TAP named $TUN open\$" \
	"$RT_TMP/same-ctl.out"
# nothing else to refuse it: it used to run, sharing the TUN
second own-ctl $TUN EAL --vdev=net_ngiface0,l2=none \
	--vdev net_tun0,iface=$TUN \
	-- --stack ng0=net_tun0@1 --ctl "$RT_TMP/other.sock"
# net_tap joins a TUN as net_tun does; a --vdev first of all the
# arguments; iface= after another key
second tap-first $TUN --vdev=net_tap0,iface=$TUN EAL \
	--vdev=net_ngiface0,l2=none \
	-- --stack ng0=net_tap0@1 --ctl "$RT_TMP/other.sock"
second iface-late $TUN EAL --vdev=net_ngiface0,l2=none \
	--vdev=net_tap0,mac=02:00:00:00:00:01,iface=$TUN \
	-- --stack ng0=net_tap0@1 --ctl "$RT_TMP/other.sock"

# EAL's --help answers, whatever the --vdev
other help EAL --vdev=net_tun0,iface=$TUN --help
t_check "help: exit status $RC == 0" "$RC" -eq 0
t_grep "help: EAL's options" '^  -l CORELIST' "$RT_TMP/help.out"

# hold_tun NAME attach|detach: a process of the test holds TUN NAME by
# one queue, enabled or detached (TUNSETQUEUE): numqueues 1, or
# numqueues 0 and numdisabled 1
hold_tun()
{
	ip netns exec "$NS" "$RT_PY" -c '
import fcntl, os, struct, sys, time
name, detach = sys.argv[1].encode(), sys.argv[2] == "detach"
fd = os.open("/dev/net/tun", os.O_RDWR)
# TUNSETIFF: IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", name, 0x1101))
if detach:	# TUNSETQUEUE: IFF_DETACH_QUEUE
    fcntl.ioctl(fd, 0x400454d9, struct.pack("16sH", b"", 0x400))
print("held", flush=True)
time.sleep(60)
' "$1" "$2" >"$RT_TMP/holder.out" 2>&1 &
	HOLDER=$!
	rt_wait_for grep -q held "$RT_TMP/holder.out" && return 0
	t_fail "cannot hold TUN $1 ($2): $(cat "$RT_TMP/holder.out")"
}

for how in attach detach; do
	hold_tun ngpy0 $how
	second "one-queue-$how" ngpy0 EAL --vdev=net_ngiface0,l2=none \
		--vdev=net_tun0,iface=ngpy0 \
		-- --stack ng0=net_tun0@1 --ctl "$RT_TMP/other.sock"
	t_grep "one-queue-$how: one queue counted" '\(1 queue\(s\) open' \
		"$RT_TMP/one-queue-$how.out"
	# a detached queue's fdinfo names no interface: no holder to name
	if [ $how = attach ]; then
		t_grep "one-queue-$how: the holder named" \
			"^error: process $HOLDER \\(python[0-9.]*\\) has a queue of a TUN/TAP named ngpy0 open\$" \
			"$RT_TMP/one-queue-$how.out"
	fi
	kill "$HOLDER"
	wait "$HOLDER" 2>/dev/null
	HOLDER=""
done

# twenty processes each with a queue of one TUN: 16 named, the rest
# counted on a line of their own (eal_holders.sh has the same bound for
# EAL's run files); the children die with their parent (PDEATHSIG)
ip netns exec "$NS" "$RT_PY" -c '
import ctypes, fcntl, os, struct, sys, time
name, n = sys.argv[1].encode(), int(sys.argv[2])
r, w = os.pipe()
for i in range(n):
    if os.fork() == 0:
        ctypes.CDLL(None).prctl(1, 15)	# PR_SET_PDEATHSIG, SIGTERM
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", name, 0x1101))
        os.write(w, b"x")
        time.sleep(60)
        os._exit(0)
os.close(w)
got = 0
while got < n:
    b = os.read(r, n)
    if not b:
        break
    got += len(b)
print("held" if got == n else "only %d held" % got, flush=True)
time.sleep(60)
' ngpy1 20 >"$RT_TMP/holder.out" 2>&1 &
HOLDER=$!
rt_wait_for grep -q '^held$' "$RT_TMP/holder.out" ||
	t_fail "cannot hold TUN ngpy1 twenty times: $(cat "$RT_TMP/holder.out")"
second twenty-holders ngpy1 EAL --vdev=net_ngiface0,l2=none \
	--vdev=net_tun0,iface=ngpy1 \
	-- --stack ng0=net_tun0@1 --ctl "$RT_TMP/other.sock"
t_grep "twenty-holders: 20 queues counted" '\(20 queue\(s\) open' \
	"$RT_TMP/twenty-holders.out"
t_check "twenty-holders: 16 holders named" "$(grep -cE \
	'^error: process [0-9]+ \(python[0-9.]*\) has a queue of a TUN/TAP named ngpy1 open$' \
	"$RT_TMP/twenty-holders.out")" -eq 16
t_grep "twenty-holders: the other 4 counted" \
	'^error: 4 more processes have a queue of ngpy1 open, not named$' \
	"$RT_TMP/twenty-holders.out"
kill "$HOLDER"
wait "$HOLDER" 2>/dev/null
HOLDER=""

# not a TUN, or no interface: net_tap's to refuse, not the check's
ip -n "$NS" link add ngvx0 type vxlan id 42 dstport 4789 ||
	t_fail "cannot make a vxlan interface"
for name in ngvx0 ngabcdefghijklmnopq; do
	other "not-tun-$name" EAL --vdev=net_ngiface0,l2=none \
		--vdev=net_tun0,iface=$name \
		-- --stack ng0=net_tun0@1 --ctl "$RT_TMP/other.sock"
	t_grep "not-tun-$name: EAL ran (net_tap judged $name)" \
		'^EAL: Bus \(vdev\) probe failed' "$RT_TMP/not-tun-$name.out"
	if grep -qE "$held|cannot tell" "$RT_TMP/not-tun-$name.out"; then
		t_fail "not-tun-$name: said to be held, or not known"
		cat "$RT_TMP/not-tun-$name.out"
	fi
done
ip -n "$NS" link del ngvx0

# rtnetlink refused (the relay's first socket()): a warning, EAL starts
# (and stops at an EAL option of none); outside the namespace, as the
# wrapper's ip(8) may call socket() first, and with an interface name
# that is nowhere, which EAL never comes to make
if command -v strace >/dev/null; then
	timeout -s TERM -k 3 20 strace -o /dev/null -e trace=socket \
		-e inject=socket:error=EACCES:when=1 "$BIN" -l 0-1 \
		"--file-prefix=$RT_PREFIX-nl" --no-such-eal-option \
		--vdev=net_ngiface0,l2=none --vdev=net_tun0,iface=ngnl$$ \
		-- --stack ng0=net_tun0@1 --ctl none >"$RT_TMP/nl.out" 2>&1
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-nl"
	t_grep "rtnetlink refused: a warning" \
		"^warning: --vdev=net_tun0,iface=ngnl$$: cannot tell whether another process holds ngnl$$: Permission denied \\(EACCES\\)" \
		"$RT_TMP/nl.out"
	t_grep "rtnetlink refused: EAL starts" \
		'^error: EAL init failed: Invalid argument' "$RT_TMP/nl.out"
else
	echo "skip: rtnetlink refused (no strace)"
fi

rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
rt_check_totals 2

# A persistent TUN nobody holds is the user's to give: joined, as before
ip -n "$NS" tuntap add mode tun multi_queue name ngpers0 ||
	t_fail "cannot make a persistent TUN"
# shellcheck disable=SC2046
rt_start "$RT_TMP/persist.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none --vdev=net_tun0,iface=ngpers0 -- \
	--stack ng0=net_tun0@1 --ctl none
t_grep "a persistent TUN nobody holds: the relay runs on it" \
	'relay running' "$RT_OUT"
rt_stop TERM
t_check "  ... and stops: exit status $RT_RC == 0" "$RT_RC" -eq 0
ip -n "$NS" link del ngpers0
rt_done
