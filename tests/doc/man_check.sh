#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Usage: man_check.sh DOC_DIR NGCTL RELAY
#
# The manual pages in DOC_DIR against the programs themselves:
#  - groff -ww reads each page without a warning;
#  - every long option of `ngiface-relay --help` is an item of
#    ngiface-relay.8;
#  - every command of `ngctl help` (and each alias) and every option of
#    `ngctl --help` is in ngctl.8;
#  - both pages name the default control socket the programs use;
#  - both --help texts fit 80 columns.
set -uo pipefail

# shellcheck source=../lib/verdict.sh
. "$(dirname "$0")/../lib/verdict.sh"

doc=$1 ngctl=$2 relay=$3
relay_page=$doc/ngiface-relay.8 ngctl_page=$doc/ngctl.8

command -v groff >/dev/null ||
	t_skip "groff not installed (scripts/setup.sh installs groff-base)"

for page in "$ngctl_page" "$relay_page"; do
	warn=$(groff -mandoc -ww -z -Tutf8 "$page" 2>&1)
	t_check "$(basename "$page"): groff -ww, no warning${warn:+: $warn}" \
		-z "$warn"
done

# Relay: "--name" at the start of a --help line (after spaces) is an option.
relay_help=$("$relay" --help 2>&1)
opts=$(grep -Eo '^ +--[a-z-]+' <<<"$relay_help" | tr -d ' ' | sort -u)
t_check "relay --help lists options" "$(wc -l <<<"$opts")" -ge 15
for o in $opts; do
	t_grep "ngiface-relay.8 has $o" "^\.(It|Op) Fl -${o#--}( |$)" \
		"$relay_page"
done

# ngctl: the command table as the program prints it.
cmds=$("$ngctl" help | awk 'NR > 1 { print $1 }')
t_check "ngctl help lists commands" "$(wc -l <<<"$cmds")" -ge 10
for c in $cmds; do
	t_grep "ngctl.8 has command $c" "^\.It Ic $c( |$)" "$ngctl_page"
done
# "help" prints no aliases: each alias the page names must be one ngctl
# takes.
for a in $(grep -Eo '^\.Pq alias(es)? .*' "$ngctl_page" |
	   grep -Eo 'Ic [^ ,]+' | awk '{ print $2 }'); do
	a=${a//\\&/}
	if "$ngctl" help "$a" >/dev/null 2>&1; then
		t_pass "ngctl knows the page's alias $a"
	else
		t_fail "ngctl knows the page's alias $a"
	fi
done
usage=$("$ngctl" --help)
for f in $(grep -Eo '^  -[a-z]' <<<"$usage" | tr -d ' -'); do
	t_grep "ngctl.8 has option -$f" "^\.It Fl $f( |$)" "$ngctl_page"
done

# Both usage texts fit a terminal of 80 columns, as the pages do.
for prog in "$relay" "$ngctl"; do
	wide=$("$prog" --help 2>&1 | awk 'length > 80')
	t_check "$(basename "$prog") --help fits 80 columns${wide:+: $wide}" \
		-z "$wide"
done

# The socket as a pattern: its dots literal.
sock=$(grep -Eo '/[a-z/]+ngctl\.sock' <<<"$relay_help" | head -n 1)
t_check "relay's default socket is known ($sock)" -n "$sock"
sock_re=${sock//./\\.}
t_grep "ngctl --help names the same socket" "$sock_re" <(echo "$usage")
for page in "$ngctl_page" "$relay_page"; do
	t_grep "$(basename "$page") names $sock" "$sock_re" "$page"
done

echo "man-pages: $T_FAILS failure(s)"
[ "$T_FAILS" -eq 0 ]
