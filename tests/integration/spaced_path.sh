#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The integration tests from a build directory whose path holds a space, a
# colon and a quote (a tree unpacked under "My Projects", say): two of
# them, run on a link to the build directory made inside it (a directory
# that is not world-writable, so EAL takes the plugin from there as it is,
# not from the private copy it_setup makes otherwise).  ring_full passes
# the plugin to testpmd with -d, secondary preloads it into dpdk-proc-info
# (LD_PRELOAD splits at spaces and colons).  Each must pass or skip.
# Usage: spaced_path.sh BUILD_DIR

. "$(dirname "$0")/../lib/verdict.sh"
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-}" 2>/dev/null && pwd) || t_skip "usage: $0 BUILD_DIR"

dir=$(mktemp -d "$build/it-spaced.XXXXXX") || t_skip "mktemp failed"
# removes the link, never what it points to
trap 'rm -rf "$dir"' EXIT
link="$dir/a dir: it's spaced"
ln -s "$build" "$link" || t_skip "ln -s failed"

for t in ring_full secondary; do
	"$here/$t.sh" "$link" >"$dir/$t.out" 2>&1
	rc=$?
	case $rc in
	0) t_pass "$t from '$link'" ;;
	77) echo "note: $t skipped: $(grep -m 1 '^SKIP:' "$dir/$t.out")" ;;
	*)
		t_fail "$t from '$link' (status $rc)"
		sed 's/^/    /' "$dir/$t.out" | head -n 40
		;;
	esac
done

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
