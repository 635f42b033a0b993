#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The source tree configured where cmocka cannot be found, as in a
# distribution's build without its tests (Debian's nocheck profile drops
# libcmocka-dev): with the default -Dtests=auto the setup succeeds and
# defines no test and no target under tests/, which would fail to compile
# without cmocka.h; -Dtests=enabled refuses at setup.  cmocka is hidden
# from meson by a native file: a pkg-config that knows no cmocka, and no
# cmake.  Nothing is compiled.
# Usage: no_cmocka.sh SOURCE_DIR

. "$(dirname "$0")/../lib/verdict.sh"
src=$1
[ -f "$src/meson.build" ] || { t_fail "no meson.build in '$src'"; exit 1; }
command -v meson >/dev/null || t_skip "meson not on PATH"
pc=$(command -v "${PKG_CONFIG:-pkg-config}") || t_skip "pkg-config not found"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-no-cmocka.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/pkg-config" <<EOF
#!/bin/bash
for a; do [ "\$a" = cmocka ] && exit 1; done
exec $(printf '%q' "$pc") "\$@"
EOF
chmod +x "$tmp/pkg-config"
cat >"$tmp/native.ini" <<EOF
[binaries]
pkgconfig = '$tmp/pkg-config'
cmake = 'false'
EOF

meson setup --native-file "$tmp/native.ini" "$tmp/auto" "$src" \
	>"$tmp/auto.out" 2>&1
rc=$?
t_check "tests=auto, no cmocka: meson setup succeeds (status $rc)" "$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$tmp/auto.out"
t_grep "tests=auto, no cmocka: meson looked for it and found none" \
	'cmocka found: NO' "$tmp/auto.out"
if [ "$rc" -eq 0 ]; then
	n=$(meson introspect --tests "$tmp/auto" |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
	t_check "tests=auto, no cmocka: no test defined (${n:-?})" "${n:-1}" -eq 0
	meson introspect --targets "$tmp/auto" | python3 -c '
import json, sys
for t in json.load(sys.stdin):
	if "/tests/" in t["defined_in"].replace("\\", "/"):
		print(t["name"])' >"$tmp/test-targets"
	t_check "tests=auto, no cmocka: no target under tests/ ($(tr '\n' ' ' <"$tmp/test-targets"))" \
		! -s "$tmp/test-targets"
fi

meson setup --native-file "$tmp/native.ini" -Dtests=enabled \
	"$tmp/enabled" "$src" >"$tmp/enabled.out" 2>&1
rc=$?
t_check "tests=enabled, no cmocka: meson setup refuses (status $rc)" \
	"$rc" -ne 0
t_grep "tests=enabled, no cmocka: says cmocka is missing" \
	'[Dd]ependency "?cmocka"? not found' "$tmp/enabled.out"

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
