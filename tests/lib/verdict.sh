# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Verdicts for the shell tests, sourced by tests/integration/common.sh and
# tests/relay/common.sh: an "ok:" or "FAIL:" line per check, failures
# counted in T_FAILS for the library's *_done, "SKIP:" and exit 77 for a
# test that cannot run here.

T_FAILS=0

t_skip()
{
	echo "SKIP: $*"
	exit 77
}

t_fail()
{
	echo "FAIL: $*"
	T_FAILS=$((T_FAILS + 1))
}

t_pass()
{
	echo "ok: $*"
}

# t_check DESCRIPTION CONDITION...: the condition is a test(1) expression.
t_check()
{
	local what=$1

	shift
	if [ "$@" ]; then
		t_pass "$what"
	else
		t_fail "$what (test: $*)"
	fi
}

# t_grep DESCRIPTION PATTERN FILE: an extended regexp must match.
t_grep()
{
	if grep -Eq -- "$2" "$3"; then
		t_pass "$1"
	else
		t_fail "$1 (no /$2/ in output)"
	fi
}
