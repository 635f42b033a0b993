#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# -Dpmd_dir given relative (lib/pmds): the plugin is installed under the
# prefix, and the installed relay's RUNPATH names that same directory,
# absolute; a relative RUNPATH would be looked up from whatever directory
# the relay is started in.  The tree is built without its tests and
# installed into a DESTDIR.
# Usage: pmd_dir.sh SOURCE_DIR

. "$(dirname "$0")/../lib/verdict.sh"
src=$1
[ -f "$src/meson.build" ] || { t_fail "no meson.build in '$src'"; exit 1; }
command -v meson >/dev/null || t_skip "meson not on PATH"
command -v readelf >/dev/null || t_skip "readelf not found (binutils)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-pmd-dir.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
prefix=/opt/ngiface-test

if ! { meson setup --prefix="$prefix" -Dpmd_dir=lib/pmds -Dtests=disabled \
	"$tmp/build" "$src" && ninja -C "$tmp/build" &&
	meson install -C "$tmp/build" --no-rebuild --destdir "$tmp/root"; } \
	>"$tmp/build.out" 2>&1; then
	t_fail "setup, build or install failed"
	tail -n 20 "$tmp/build.out"
	exit 1
fi
t_check "the plugin under the prefix ($prefix/lib/pmds)" \
	-f "$tmp/root$prefix/lib/pmds/librte_net_ngiface.so"
runpath=$(readelf -d "$tmp/root$prefix/bin/ngiface-relay" |
	sed -n 's/.*(RUNPATH).*\[\(.*\)\]$/\1/p')
t_check "the relay's RUNPATH is that directory (${runpath:-none})" \
	"$runpath" = "$prefix/lib/pmds"

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
