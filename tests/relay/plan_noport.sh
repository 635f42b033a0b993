#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A plan error stops the relay before any port starts, seen rather than
# inferred from a missing "relay running" (plan_errors.sh): a net_tap port
# with persist outlives the relay, and its kernel interface is UP only if
# the port's dev_start ran (net_tap's probe makes it down, its start sets it
# up, and nothing sets it down again at stop or close).  The TAP is the
# port of a valid first link; a later link, or the capture, is the error:
# the whole plan is checked before the first port starts.  A valid plan,
# run and stopped, leaves the TAP UP: the check sees a started port.  In a
# network namespace of the test's own; needs root and /dev/net/tun.
# Usage: plan_noport.sh RELAY

RT_NAME=plan-noport
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns noport

TAP=ngtap0
VDEVS="--vdev=net_ngiface0 --vdev=net_ngiface1 --vdev=net_ring0 --vdev=net_ring1"
VDEVS="$VDEVS --vdev=net_tap0,iface=$TAP,persist"

# tap_flags: the TAP's flags, "<...>", or "none" when it does not exist
tap_flags()
{
	ip -n "$RT_NS" -o link show "$TAP" 2>/dev/null |
		sed -nE 's/^[0-9]+: [^:]+: (<[^>]*>).*/\1/p' | grep . || echo none
}

# expect_no_start DESCRIPTION PATTERN RELAY-OPTIONS...
expect_no_start()
{
	local what=$1 pattern=$2 out flags

	shift 2
	out="$RT_TMP/$(echo "$what" | tr -c 'a-z0-9\n' '_').out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 15 $(rt_eal) $VDEVS -- --ctl none "$@"
	flags=$(tap_flags)
	t_check "$what: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "$what: message" "$pattern" "$out"
	t_check "$what: the TAP was probed ($flags)" "$flags" != none
	if echo "$flags" | grep -qE '[<,]UP[,>]'; then
		t_fail "$what: the TAP was started ($flags)"
	else
		t_pass "$what: the TAP never started ($flags)"
	fi
	ip -n "$RT_NS" link del "$TAP" 2>/dev/null
}

expect_no_start "lcore not enabled, second link" 'lcore 7 is not enabled' \
	--stack ng0=net_tap0@1 --stack ng1=net_ring0@7
expect_no_start "unknown port, second link" 'no port \(ethdev\) named net_nope' \
	--stack ng0=net_tap0@1 --stack ng1=net_nope@1
expect_no_start "port named twice, later links" 'port net_ring0 named twice' \
	--stack ng0=net_tap0@1 --stack ng1=net_ring0@1 \
	--hooks ng0=net_ring0@1
expect_no_start "hook named twice, later links" 'hook ng0:inet named twice' \
	--stack ng1=net_tap0@1 --hooks ng0=net_ring0@1 \
	--hook ng0:inet=net_ring1@1
expect_no_start "capture of an unknown node" 'error: --capture: .*ng9' \
	--stack ng0=net_tap0@1 --capture "$RT_TMP/c.pcapng" \
	--capture-nodes ng9

# the positive control: a valid plan starts the TAP, and it stays UP
# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/valid.out" 30 $(rt_eal) $VDEVS -- --ctl none \
	--stack ng0=net_tap0@1 || t_fail "the valid plan did not start"
rt_stop TERM
flags=$(tap_flags)
t_check "valid plan: exit status $RT_RC == 0" "$RT_RC" -eq 0
if echo "$flags" | grep -qE '[<,]UP[,>]'; then
	t_pass "valid plan: the TAP was started ($flags): the check sees it"
else
	t_fail "valid plan: the TAP shows no start ($flags): the check sees nothing"
fi
ip -n "$RT_NS" link del "$TAP" 2>/dev/null
rt_done
