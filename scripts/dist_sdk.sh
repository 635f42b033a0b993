#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# meson dist: the driver SDK headers scripts/setup.sh provided (git leaves
# third_party/ out) go into the release tarball, so that it builds where
# the DPDK installed ships none and nothing may be fetched (a package
# build), and so that the check build of `meson dist` itself can run.
set -eu
: "${MESON_SOURCE_ROOT:?run by meson dist}" "${MESON_DIST_ROOT:?run by meson dist}"
mkdir -p "$MESON_DIST_ROOT/third_party"
cp -R "$MESON_SOURCE_ROOT/third_party/dpdk-sdk" "$MESON_DIST_ROOT/third_party/"
