#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The default topology needs kernel interfaces ng0 and ng1 of its own: a
# second relay in its default topology must not join the first one's TUNs
# (net_tun opens them with IFF_MULTI_QUEUE and would become a second queue
# of each, the kernel splitting their traffic between the two relays).  In
# a network namespace of the test's own, where the relays create their TUNs:
# a bridge named ng1 (no dummy module here) is refused, exit 2 and its message, before
# EAL starts; then one relay in the default topology runs, a second one is
# refused the same way, and the first stops cleanly.  Needs root and
# /dev/net/tun; skips otherwise.
# Usage: default_busy.sh RELAY

RT_NAME=default-busy
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns busy
NS=$RT_NS

# expect_busy DESCRIPTION IFNAME: a default relay refused for IFNAME
expect_busy()
{
	local out="$RT_TMP/$2.out" prefix="$RT_PREFIX-$2"

	timeout -s TERM -k 3 15 "$RT_RELAY" -l 0-1 --file-prefix="$prefix" \
		--log-level=lib.eal:warning -- --ctl none >"$out" 2>&1
	RT_RC=$?
	rm -rf "/var/run/dpdk/$prefix"
	t_check "$1: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "$1: message" \
		"^error: default topology: a kernel interface named $2 exists already" \
		"$out"
	if grep -qE 'EAL|relay running' "$out"; then
		t_fail "$1: EAL or the relay started anyway"
		cat "$out"
	fi
}

ip -n "$NS" link add ng1 type bridge || t_fail "cannot add a bridge ng1"
expect_busy "a bridge named ng1" ng1
ip -n "$NS" link del ng1

# shellcheck disable=SC2046
rt_start "$RT_TMP/first.out" 40 $(rt_eal) -- --ctl none ||
	t_fail "the first relay (default topology) did not start"
t_check "the first relay made ng0 in the namespace" \
	"$(ip -n "$NS" -o link show ng0 2>/dev/null | wc -l)" -eq 1
expect_busy "a second relay beside the first" ng0
rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
rt_check_totals 4
rt_done
