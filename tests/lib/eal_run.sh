# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# EAL_RUN_DIR: where EAL keeps the run files of a --file-prefix (its
# config, locks, mp and telemetry sockets) for a process of this user and
# environment, as DPDK 22.11's EAL chooses it: /var/run/dpdk for root;
# otherwise $XDG_RUNTIME_DIR/dpdk, or /tmp/dpdk.  Sourced by the tests
# that clean or read those files, so that a run as another user (a
# distribution's build, which is not root) neither fails on the path nor
# leaves them behind.

if [ "$(id -u)" -eq 0 ]; then
	EAL_RUN_DIR=/var/run/dpdk
else
	EAL_RUN_DIR=${XDG_RUNTIME_DIR:-/tmp}/dpdk
fi
