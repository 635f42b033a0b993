#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The main job, end to end, on a fresh Debian 12 machine (as root):
#   sets up what is missing, builds, starts ngiface-relay in its default
#   topology (ng0 and ng1 on kernel TUNs of the same names, the nodes'
#   hooks joined), moves ng0 and ng1 into two network namespaces, addresses
#   them, pings across in both families, shows the graph with ngctl, removes
#   the inet hook (IPv4 fails, IPv6 still answers), reconnects it, and
#   prints the relay's totals.  The relay captures both nodes the whole time
#   (--capture, pcapng, raw IP, both directions); tshark summarises the file.
# Cleans up namespaces, interfaces and DPDK run files even when a step
# fails; exits non-zero if any step failed.  One run at a time: a second one
# started meanwhile refuses at once (flock on /run/ngiface-run.lock).
#
#   scripts/run.sh [--no-setup]     NGIFACE_BUILD=DIR picks the build dir
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${NGIFACE_BUILD:-$top/build}
relay="$build/app/ngiface-relay/ngiface-relay"
ngctl="$build/app/ngctl/ngctl"
prefix="ngiface-run-$$"
ns_a="ngrun-$$-a"
ns_b="ngrun-$$-b"
sock="/var/run/ngiface/run-$$.sock"
relay_pid=""
interrupted=""
failed=0
step_no=0

say() { printf '\n== %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
bad() { printf 'FAILED: %s\n' "$*"; failed=$((failed + 1)); }
skip() { printf 'skipped: %s\n' "$*"; }

# step DESCRIPTION COMMAND...: run, report, count a failure
step()
{
	local what=$1

	shift
	step_no=$((step_no + 1))
	if "$@"; then
		ok "$what"
	else
		bad "$what"
	fi
}

# expect_fail DESCRIPTION COMMAND...: the command must fail
expect_fail()
{
	local what=$1

	shift
	step_no=$((step_no + 1))
	if "$@"; then
		bad "$what (it succeeded)"
	else
		ok "$what"
	fi
}

cleanup()
{
	trap '' INT TERM	# a second Ctrl-C must not cut the cleanup short
	if [ -n "$relay_pid" ]; then
		kill -TERM "$relay_pid" 2>/dev/null
		wait "$relay_pid" 2>/dev/null
	fi
	ip netns del "$ns_a" 2>/dev/null
	ip netns del "$ns_b" 2>/dev/null
	rm -rf "/var/run/dpdk/$prefix" "$work"
	rm -f "$sock"
	if [ -n "$interrupted" ]; then
		echo "run.sh: interrupted by $interrupted; relay stopped, namespaces and run files removed" >&2
	fi
}

# Before the work dir and the traps: a refused run has nothing to clean up.
if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: needs root (it makes TUN interfaces and network namespaces): run it with sudo or as root" >&2
	exit 1
fi

# One run at a time: two would both open TUNs ng0 and ng1.  The lock is held
# on an open descriptor, so it goes with this process however it ends; the
# file keeps the holder's PID for the refusal message (and stays: removing it
# would let a run that opened it before the removal lock the old file)
lock=/run/ngiface-run.lock
exec {lock_fd}<>"$lock" ||
	{ echo "run.sh: cannot open the lock file $lock" >&2; exit 1; }
if ! flock -n "$lock_fd"; then
	holder=$(cat "$lock" 2>/dev/null)
	echo "run.sh: another run.sh${holder:+ (pid $holder)} is running (it holds $lock); wait for it to end" >&2
	exit 1
fi
printf '%s\n' "$$" >"$lock"

work=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-run.XXXXXX") ||
	{ echo "run.sh: cannot make a work dir under ${TMPDIR:-/tmp}" >&2; exit 1; }
out="$work/relay.out"
cap="$work/run.pcapng"
trap cleanup EXIT
trap 'interrupted=SIGINT; exit 130' INT
trap 'interrupted=SIGTERM; exit 143' TERM

if [ "${1:-}" != "--no-setup" ]; then
	say "set-up"
	bash "$top/scripts/setup.sh" || { bad "scripts/setup.sh"; exit 1; }
fi

say "build ($build)"
build_log="$work/build.log"
# build_failed COMMAND: report it with the end of the tools' output, give up
build_failed()
{
	bad "$1; the last 40 lines of its output:"
	tail -n 40 "$build_log"
	exit 1
}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$top" >"$build_log" 2>&1 ||
		build_failed "meson setup $build"
fi
ninja -C "$build" -j2 >>"$build_log" 2>&1 || build_failed "ninja -C $build"
[ -x "$relay" ] || { bad "no relay binary at $relay"; exit 1; }
ok "built"

if ip link show ng0 >/dev/null 2>&1 || ip link show ng1 >/dev/null 2>&1; then
	bad "interfaces ng0/ng1 exist already: another relay is running?"
	exit 1
fi

say "start ngiface-relay (default topology)"
# (without the lock's descriptor: a relay outliving a killed run.sh must not
# keep the lock; the new relay's claim on its network namespace's default
# topology refuses to start beside it instead, as the ng0/ng1 check above
# does while the TUNs are still in this namespace)
timeout -s TERM -k 3 300 "$relay" -l 0-1 --file-prefix="$prefix" \
	-- --ctl "$sock" --capture "$cap" >"$out" 2>&1 {lock_fd}>&- &
relay_pid=$!
for _ in $(seq 1 100); do
	grep -q 'relay running' "$out" && break
	kill -0 "$relay_pid" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q 'relay running' "$out"; then
	bad "relay did not start"
	cat "$out"
	exit 1
fi
grep -E '^link ' "$out"
ok "relay running, pid $relay_pid"

say "namespaces $ns_a (ng0) and $ns_b (ng1)"
ns_up()
{
	local ns=$1 ifn=$2 me4=$3 peer4=$4 me6=$5 peer6=$6

	ip netns add "$ns" &&
	ip link set "$ifn" netns "$ns" &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" link set "$ifn" up &&
	ip -n "$ns" addr add "$me4" peer "$peer4" dev "$ifn" &&
	ip -n "$ns" -6 addr add "$me6" peer "$peer6" dev "$ifn" nodad
}
step "ng0 in $ns_a: 192.0.2.1 -> 192.0.2.2, 2001:db8::1 -> 2001:db8::2" \
	ns_up "$ns_a" ng0 192.0.2.1 192.0.2.2 2001:db8::1 2001:db8::2
step "ng1 in $ns_b: 192.0.2.2 -> 192.0.2.1, 2001:db8::2 -> 2001:db8::1" \
	ns_up "$ns_b" ng1 192.0.2.2 192.0.2.1 2001:db8::2 2001:db8::1

ping4() { ip netns exec "$ns_a" ping -c 3 -W 2 -i 0.2 192.0.2.2; }
ping6() { ip netns exec "$ns_a" ping -6 -c 3 -W 2 -i 0.2 2001:db8::2; }

say "ping across the relay"
step "IPv4 ping ng0 -> ng1" ping4
step "IPv6 ping ng0 -> ng1" ping6

say "the graph through ngctl"
have_ctl=0
if [ -x "$ngctl" ] && [ -S "$sock" ]; then
	have_ctl=1
else
	skip "ngctl or the relay's control socket is not available in this build"
fi
ctl() { "$ngctl" -s "$sock" "$@"; }
if [ "$have_ctl" = 1 ]; then
	step "ngctl list" ctl list
	step "ngctl show ng0:" ctl show ng0:
	step "ngctl msg ng0: getifname" ctl msg ng0: getifname
	step "ngctl capture status (the relay's --capture)" ctl capture status
	say "rmhook ng0: inet: IPv4 stops, IPv6 goes on"
	step "ngctl rmhook ng0: inet" ctl rmhook ng0: inet
	expect_fail "IPv4 ping fails without the inet hook" ping4
	step "IPv6 ping still answers" ping6
	say "reconnect"
	step "ngctl connect ng0: ng1: inet inet" ctl connect ng0: ng1: inet inet
	step "IPv4 ping answers again" ping4
fi

say "stop the relay"
kill -TERM "$relay_pid"
wait "$relay_pid"
rc=$?
relay_pid=""
grep -E '^(total|node) ' "$out"
if [ "$rc" -eq 0 ]; then
	ok "relay stopped cleanly"
else
	bad "relay exit status $rc"
	tail -n 30 "$out"
fi
grep -q UNBALANCED "$out" && bad "relay totals do not balance"

say "capture summary (tshark)"
# count DIRECTION NODE DISPLAY-FILTER: packets of the capture
count()
{
	tshark -r "$cap" -Y "frame.interface_name == \"$2\" && frame.packet_flags_direction == $1 && ($3)" 2>/dev/null | wc -l
}
if ! command -v tshark >/dev/null || ! command -v capinfos >/dev/null; then
	skip "tshark/capinfos not installed: no capture summary"
elif [ ! -s "$cap" ]; then
	bad "no capture file $cap"
else
	grep -E '^capture ' "$out"
	step "capinfos reads the capture" capinfos -c -E -t -i "$cap"
	capinfos "$cap" 2>/dev/null | grep -E '^ +(Name|Encapsulation|Time precision|Number of packets) = '
	echo "packets by node, direction (1 in: hook to stack, 2 out: stack to hook), protocol:"
	tshark -r "$cap" -T fields -e frame.interface_name \
		-e frame.packet_flags_direction -e _ws.col.Protocol 2>/dev/null |
		sort | uniq -c
	# Every echo request, out of ng0 and into ng1: 2 lines each, 27 with
	# the ngctl steps (the 3 sent while unhooked only leave ng0); cut
	# only if the relay ran away (more than 48 lines).
	echo "the echo requests as the capture saw them:"
	tshark -r "$cap" -Y "icmp.type == 8 || icmpv6.type == 128" \
		-T fields -e frame.time -e frame.interface_name \
		-e frame.packet_flags_direction -e _ws.col.Info \
		>"$work/pings.txt" 2>/dev/null
	head -n 48 "$work/pings.txt"
	lines=$(wc -l <"$work/pings.txt")
	[ "$lines" -le 48 ] || echo "... and $((lines - 48)) more lines"
	# 3 pings a family, 3 more of each after the rmhook/connect steps.
	# The 3 IPv4 ones sent while the hook is gone leave ng0 (the capture
	# shows them, as tcpdump on FreeBSD's ng0 would) and reach no hook.
	n=$((have_ctl ? 6 : 3)) unhooked=$((have_ctl ? 3 : 0))
	r4=$(count 2 ng0 "icmp.type == 8") q4=$(count 1 ng1 "icmp.type == 8")
	r6=$(count 2 ng0 "icmpv6.type == 128") q6=$(count 1 ng1 "icmpv6.type == 128")
	step "IPv4 echo requests: out of ng0 $r4 == into ng1 $q4 ($n expected) + $unhooked sent while unhooked" \
		[ "$r4" -eq $((q4 + unhooked)) -a "$q4" -eq "$n" ]
	step "IPv6 echo requests: out of ng0 $r6 == into ng1 $q6 ($n expected)" \
		[ "$r6" -eq "$q6" -a "$r6" -eq "$n" ]
	a4=$(count 1 ng0 "icmp.type == 0")
	step "IPv4 echo replies into ng0: $a4 ($n expected)" [ "$a4" -eq "$n" ]
fi

say "result"
if [ "$failed" -ne 0 ]; then
	echo "run.sh: $failed step(s) failed"
	exit 1
fi
echo "run.sh: all steps passed"
exit 0
