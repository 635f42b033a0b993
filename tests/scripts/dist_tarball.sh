#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The release tarball: `meson dist` of a clone of the source tree's
# commit (with the driver SDK headers scripts/setup.sh put beside it)
# carries those headers, which git leaves out, and the tarball unpacked
# elsewhere configures with nothing fetched, as a package build would
# take it.  Skips where the tree is no git checkout or needs no SDK
# headers (a DPDK that ships them).  Nothing is compiled.
# Usage: dist_tarball.sh SOURCE_DIR

. "$(dirname "$0")/../lib/verdict.sh"
src=$1
[ -f "$src/meson.build" ] || { t_fail "no meson.build in '$src'"; exit 1; }
command -v meson >/dev/null || t_skip "meson not on PATH"
command -v git >/dev/null || t_skip "git not found"
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 ||
	t_skip "$src is no git checkout"
[ -f "$src/third_party/dpdk-sdk/include/ethdev_driver.h" ] ||
	t_skip "no SDK headers in $src/third_party (a DPDK that ships them)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-dist.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

git clone -q "$src" "$tmp/src" || { t_fail "git clone failed"; exit 1; }
cp -R "$src/third_party" "$tmp/src/"
if ! meson setup -Dtests=disabled "$tmp/build" "$tmp/src" \
	>"$tmp/setup.out" 2>&1; then
	t_fail "meson setup of the clone failed"
	tail -n 20 "$tmp/setup.out"
	exit 1
fi
meson dist -C "$tmp/build" --no-tests --formats xztar >"$tmp/dist.out" 2>&1
rc=$?
t_check "meson dist --no-tests (status $rc)" "$rc" -eq 0
[ "$rc" -eq 0 ] || { tail -n 20 "$tmp/dist.out"; exit 1; }
tarball=$(ls "$tmp"/build/meson-dist/*.tar.xz)
t_grep "the tarball carries the SDK headers" \
	'/third_party/dpdk-sdk/include/ethdev_driver\.h$' \
	<(tar -tJf "$tarball")
t_grep "with DPDK's licence text" '/third_party/dpdk-sdk/LICENSE$' \
	<(tar -tJf "$tarball")
t_grep "and a notice of where they come from" \
	'/third_party/dpdk-sdk/NOTICE$' <(tar -tJf "$tarball")

mkdir "$tmp/unpack"
tar -xJf "$tarball" -C "$tmp/unpack"
meson setup -Dtests=disabled "$tmp/unpack-build" "$tmp"/unpack/* \
	>"$tmp/unpack.out" 2>&1
rc=$?
t_check "the tarball, unpacked, configures (status $rc)" "$rc" -eq 0
[ "$rc" -eq 0 ] || tail -n 5 "$tmp/unpack.out"

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
