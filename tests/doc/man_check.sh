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
#  - both pages name the default control socket the programs use.
set -uo pipefail

doc=$1 ngctl=$2 relay=$3
fails=0
check() {	# check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what"
		fails=$((fails + 1))
	fi
}

if ! command -v groff >/dev/null; then
	echo "skip: groff not installed (scripts/setup.sh installs groff-base)"
	exit 77
fi

for page in "$doc/ngctl.8" "$doc/ngiface-relay.8"; do
	warn=$(groff -mandoc -ww -z -Tutf8 "$page" 2>&1)
	check "$(basename "$page"): groff -ww, no warning${warn:+: $warn}" \
		[ -z "$warn" ]
done

# Relay: "--name" at the start of a --help line (after spaces) is an option.
relay_help=$("$relay" --help 2>&1)
opts=$(grep -Eo '^ +--[a-z-]+' <<<"$relay_help" | tr -d ' ' | sort -u)
check "relay --help lists options" [ "$(wc -l <<<"$opts")" -ge 15 ]
for o in $opts; do
	check "ngiface-relay.8 has $o" \
		grep -Eq "^\.(It|Op) Fl -${o#--}( |$)" "$doc/ngiface-relay.8"
done

# ngctl: the command table as the program prints it.
ngctl_knows() { "$ngctl" help "$1" >/dev/null 2>&1; }
cmds=$("$ngctl" help | awk 'NR > 1 { print $1 }')
check "ngctl help lists commands" [ "$(wc -l <<<"$cmds")" -ge 10 ]
for c in $cmds; do
	check "ngctl.8 has command $c" grep -Eq "^\.It Ic $c( |$)" "$doc/ngctl.8"
done
# "help" prints no aliases: each alias the page names must be one ngctl
# takes.
for a in $(grep -Eo '^\.Pq alias(es)? .*' "$doc/ngctl.8" |
	   grep -Eo 'Ic [^ ,]+' | awk '{ print $2 }'); do
	a=${a//\\&/}
	check "ngctl knows the page's alias $a" ngctl_knows "$a"
done
usage=$("$ngctl" --help)
for f in $(grep -Eo '^  -[a-z]' <<<"$usage" | tr -d ' -'); do
	check "ngctl.8 has option -$f" grep -Eq "^\.It Fl $f( |$)" "$doc/ngctl.8"
done

sock=$(grep -Eo '/[a-z/]+ngctl\.sock' <<<"$relay_help" | head -n 1)
check "relay's default socket is known ($sock)" [ -n "$sock" ]
check "ngctl --help names the same socket" grep -qF "$sock" <<<"$usage"
for page in "$doc/ngctl.8" "$doc/ngiface-relay.8"; do
	check "$(basename "$page") names $sock" grep -qF "$sock" "$page"
done

echo "man-pages: $fails failure(s)"
[ "$fails" -eq 0 ]
