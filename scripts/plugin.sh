# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The built driver as an EAL `-d` plugin, wherever the tree was cloned:
# sourced by scripts/bench.sh and tests/integration/common.sh.
#
# EAL loads no plugin from a path with a world-writable directory in it
# (a clone under /tmp, say).  plugin_loadable PATH says whether EAL
# will take PATH as it is.  plugin_place PATH sets PLUGIN to a path EAL
# will take: PATH itself, or a copy in a directory of its own (mode 700)
# under the first of /run, $HOME that EAL accepts; it returns 1 if there
# is none (PLUGIN empty).  plugin_remove removes that copy (safe to call
# when none was made, and twice).

PLUGIN=""
PLUGIN_COPY_DIR=""

plugin_loadable()
{
	local dir

	# from the root down, as EAL sees it: a relative path (dirname stops
	# at ".") is made absolute first
	dir=$(dirname "$(realpath -m -- "$1")")
	while :; do
		[ -n "$(find "$dir" -maxdepth 0 -perm -0002)" ] && return 1
		[ "$dir" = / ] && return 0
		dir=$(dirname "$dir")
	done
}

plugin_place()
{
	local base

	PLUGIN=""
	if plugin_loadable "$1"; then
		PLUGIN=$1
		return 0
	fi
	for base in /run "${HOME:-}"; do
		[ -n "$base" ] && [ -d "$base" ] && [ -w "$base" ] || continue
		plugin_loadable "$base/x" || continue
		PLUGIN_COPY_DIR=$(mktemp -d "$base/ngiface-plugin.XXXXXX") ||
			continue
		if cp "$1" "$PLUGIN_COPY_DIR/"; then
			PLUGIN="$PLUGIN_COPY_DIR/$(basename "$1")"
			return 0
		fi
		plugin_remove
	done
	return 1
}

plugin_remove()
{
	[ -n "$PLUGIN_COPY_DIR" ] && rm -rf "$PLUGIN_COPY_DIR"
	PLUGIN_COPY_DIR=""
}
