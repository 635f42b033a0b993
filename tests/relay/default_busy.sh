#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The default topology needs kernel interfaces ng0 and ng1 of its own: a
# second relay in its default topology must not join the first one's TUNs
# (net_tun opens them with IFF_MULTI_QUEUE and would become a second queue
# of each, the kernel splitting their traffic between the two relays).  In
# a network namespace of the test's own, where the relays create their TUNs:
# a bridge named ng1 (no dummy module here) is refused, exit 2 and its
# message, before EAL starts (but EAL's --help is shown, exit 0); a claim the system refuses (strace injects
# EMFILE) exits 1; then one relay in the default topology runs,
# a second one is refused (its claim on the namespace's default topology
# fails), and the first stops cleanly.  Last, two relays started in the
# same instant, before either has made its TUNs: exactly one runs, the
# other is refused.  Needs root and /dev/net/tun; skips otherwise.
# Usage: default_busy.sh RELAY

RT_NAME=default-busy
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns busy
NS=$RT_NS

# expect_busy DESCRIPTION TAG MESSAGE: a default relay refused, exit 2 and
# MESSAGE (a regular expression), before EAL starts
expect_busy()
{
	local out="$RT_TMP/$2.out" prefix="$RT_PREFIX-$2"

	timeout -s TERM -k 3 15 "$RT_RELAY" -l 0-1 --file-prefix="$prefix" \
		--log-level=lib.eal:warning -- --ctl none >"$out" 2>&1
	RT_RC=$?
	rm -rf "${EAL_RUN_DIR:?}/$prefix"
	t_check "$1: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "$1: message" "$3" "$out"
	if grep -qE 'EAL|relay running' "$out"; then
		t_fail "$1: EAL or the relay started anyway"
		cat "$out"
	fi
}

ip -n "$NS" link add ng1 type bridge || t_fail "cannot add a bridge ng1"
in_use='^error: default topology: a kernel interface named'
claimed='^error: default topology: another relay in this network namespace runs it'

expect_busy "a bridge named ng1" ng1 "$in_use ng1 exists already"
# ng0 is checked as well, and first
ip -n "$NS" link add ng0 type bridge || t_fail "cannot add a bridge ng0"
expect_busy "a bridge named ng0" ng0 "$in_use ng0 exists already"
ip -n "$NS" link del ng0 || t_fail "cannot remove the bridge ng0"
# EAL's help starts nothing: shown even where the topology is taken
timeout -s TERM -k 3 15 "$RT_RELAY" -l 0-1 --help >"$RT_TMP/help.out" 2>&1
rc=$?
t_check "EAL's --help beside a taken topology: exit 0 ($rc)" "$rc" -eq 0
t_grep "  ... EAL's options shown" '^EAL common options:' "$RT_TMP/help.out"
t_grep "  ... then the relay's" '^  --hooks ngN=PORT' "$RT_TMP/help.out"
ip -n "$NS" link del ng1

# A claim the system refuses (no socket: EMFILE, injected) is a failure,
# exit 1, not a topology taken (2).  $1 is the relay itself: strace must
# not see the socket ip(8) opens for netns exec.
if command -v strace >/dev/null; then
	timeout -s TERM -k 3 15 ip netns exec "$NS" strace -qq -o /dev/null \
		-e trace=socket -e inject=socket:error=EMFILE "$1" -l 0-1 \
		--file-prefix="$RT_PREFIX-emfile" --log-level=lib.eal:warning \
		-- --ctl none >"$RT_TMP/emfile.out" 2>&1
	rc=$?
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-emfile"
	t_grep "no socket for the claim: says so" \
		'^error: default topology: socket: Too many open files' \
		"$RT_TMP/emfile.out"
	t_check "no socket for the claim: exit 1 ($rc)" "$rc" -eq 1
else
	echo "# strace not installed: a claim refused by the system not checked"
fi

# shellcheck disable=SC2046
rt_start "$RT_TMP/first.out" 40 $(rt_eal) -- --ctl none ||
	t_fail "the first relay (default topology) did not start"
t_check "the first relay made ng0 in the namespace" \
	"$(ip -n "$NS" -o link show ng0 2>/dev/null | wc -l)" -eq 1
expect_busy "a second relay beside the first" second "$claimed"
rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
rt_check_totals 4

# Two at once: both would pass the interface check, EAL making the TUNs
# only later.  Each runs until it is refused or told to stop.
declare -A twin
# an interrupted test stops them too (rt_cleanup calls this)
rt_local_cleanup()
{
	local k

	for k in "${!twin[@]}"; do
		kill -TERM "${twin[$k]}" 2>/dev/null
		wait "${twin[$k]}" 2>/dev/null
		rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-$k"
	done
}
for k in a b; do
	timeout -s TERM -k 3 40 "$RT_RELAY" -l 0-1 --file-prefix="$RT_PREFIX-$k" \
		--log-level=lib.eal:warning -- --ctl none \
		>"$RT_TMP/twin-$k.out" 2>&1 &
	twin[$k]=$!
done
running="" refused=""
for _ in $(seq 1 100); do
	for k in a b; do
		grep -q 'relay running' "$RT_TMP/twin-$k.out" && running=$k
		kill -0 "${twin[$k]}" 2>/dev/null || refused=$k
	done
	[ -n "$running" ] && [ -n "$refused" ] && break
	sleep 0.1
done
t_check "two relays at once: one runs (${running:-none})" -n "$running"
t_check "two relays at once: the other ends (${refused:-none})" \
	-n "$refused" -a "$refused" != "$running"
for k in a b; do
	[ "$k" = "$refused" ] || kill -TERM "${twin[$k]}" 2>/dev/null
	rc=0
	wait "${twin[$k]}" || rc=$?
	unset "twin[$k]"	# reaped: its number may be another's now
	if [ "$k" = "$refused" ]; then
		t_check "two relays at once: $k exits 2 ($rc)" "$rc" -eq 2
		t_grep "two relays at once: $k's message" "$claimed" \
			"$RT_TMP/twin-$k.out"
	else
		t_check "two relays at once: $k exits 0 ($rc)" "$rc" -eq 0
	fi
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-$k"
done
rt_done
