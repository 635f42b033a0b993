#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# scripts/setup.sh's add_deb_src, run on crafted apt sources in a temporary
# directory (its /etc/apt rewritten there, apt-get update stubbed): the
# deb-src entries it derives are the ones missing, by mirror, suite and
# component, whatever the options, comments, spacing or trailing slash.
# deb822 stanzas of deb and deb-src apart, components of which some have a
# twin, Enabled: no, lower-case fields and tabs; sources.list lines with
# [options], a comment, tabs, a twin without the deb line's options, a
# cdrom line.  Where apt-get is there, apt itself reads each result and
# must not warn "configured multiple times".  Nothing of the machine's apt
# is read or written.
# Usage: setup_deb_src.sh

. "$(dirname "$0")/../lib/verdict.sh"
setup="$(dirname "$0")/../../scripts/setup.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-deb-src.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fn=$(sed -n '/^add_deb_src() {/,/^}/p' "$setup")
[ -n "$fn" ] || { t_fail "no add_deb_src in $setup"; exit 1; }

# derive CASE: add_deb_src on $tmp/CASE/etc/apt; prints what it wrote
derive()
{
	local root="$tmp/$1"

	# shellcheck disable=SC2317 # the stubs: add_deb_src, eval'd, calls them
	(
		say() { :; }
		die() { echo "die: $*"; exit 1; }
		apt-get() { :; }
		eval "${fn//\/etc\/apt/$root/etc/apt}"
		add_deb_src
		cat "$root"/etc/apt/sources.list.d/ngiface-deb-src.* 2>/dev/null
	)
}

# apt_warns CASE: what apt says reading CASE's sources (nothing: fine)
apt_warns()
{
	local root="$tmp/$1" list=/dev/null

	[ -f "$root/etc/apt/sources.list" ] && list=$root/etc/apt/sources.list
	mkdir -p "$root/lists/partial"
	apt-get -o Dir::Etc::SourceList="$list" \
		-o Dir::Etc::SourceParts="$root/etc/apt/sources.list.d" \
		-o Dir::State::Lists="$root/lists" indextargets 2>&1 >/dev/null |
		sort -u
}

# case NAME FILE EXPECTED WHAT: FILE's text on stdin
case_()
{
	local name=$1 file=$2 want=$3 what=$4 got warns

	mkdir -p "$tmp/$name/etc/apt/sources.list.d"
	cat >"$tmp/$name/etc/apt/$file"
	got=$(derive "$name")
	if [ "$got" = "$want" ]; then
		t_pass "$name: $what"
	else
		t_fail "$name: $what"
		printf 'want:\n%s\ngot:\n%s\n' "$want" "$got"
	fi
	if command -v apt-get >/dev/null; then
		warns=$(apt_warns "$name")
		t_check "$name: apt reads it without a warning${warns:+: $warns}" \
			-z "$warns"
	fi
}

tab=$'\t'

case_ d822-plain sources.list.d/debian.sources "Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" \
	"each deb stanza copied whole as deb-src" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

case_ d822-both sources.list.d/debian.sources "" \
	"Types: deb deb-src: nothing" <<'EOF'
Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
EOF

case_ d822-apart sources.list.d/debian.sources "" \
	"deb and deb-src stanzas apart, one disabled: nothing" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main

# sources, as apt-add-repository would write them
Types: deb-src
URIs: http://deb.debian.org/debian/
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Enabled: no
EOF

case_ d822-partial sources.list.d/debian.sources "Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" \
	"a twin for some components: the others only" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

case_ d822-tabs sources.list.d/debian.sources "Types: deb-src
uris:${tab}http://deb.debian.org/debian
suites:${tab}bookworm
components:${tab}main
# a comment
enabled: yes" \
	"lower-case fields, tabs, a comment, enabled: yes, disabled: No" \
	<<EOF
types:${tab}deb
uris:${tab}http://deb.debian.org/debian
suites:${tab}bookworm
components:${tab}main
# a comment
enabled: yes


Types: deb
URIs: http://example.org/x
Suites: bookworm
Components: main
Enabled: No
EOF

case_ list-installer sources.list "" \
	"the installer's sources.list, deb-src lines there: nothing" <<'EOF'
#deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 NETINST with firmware 20240210-11:27]/ bookworm contrib main non-free-firmware

deb http://deb.debian.org/debian/ bookworm main non-free-firmware
deb-src http://deb.debian.org/debian/ bookworm main non-free-firmware

deb http://security.debian.org/debian-security bookworm-security main non-free-firmware
deb-src http://security.debian.org/debian-security bookworm-security main non-free-firmware
EOF

case_ list-twins sources.list "" \
	"twins with other options, a comment, tabs, a trailing slash: nothing" \
	<<EOF
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb${tab}http://deb.debian.org/debian/${tab}bookworm-updates${tab}main
deb-src http://deb.debian.org/debian bookworm-updates main # sources
EOF

case_ list-missing sources.list "deb-src [ arch=amd64 ] http://deb.debian.org/debian bookworm contrib
deb-src http://deb.debian.org/debian-security bookworm-security main" \
	"the missing ones, options kept, no cdrom" <<EOF
deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_ - Official amd64 DVD Binary-1]/ bookworm main
deb [ arch=amd64 ] http://deb.debian.org/debian bookworm main contrib
deb-src http://deb.debian.org/debian bookworm main
deb${tab}http://deb.debian.org/debian-security${tab}bookworm-security main
EOF

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
