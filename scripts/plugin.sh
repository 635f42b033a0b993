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
# when none was made, and twice).  plugin_same_dpdk TOOL PATH says whether
# the DPDK application TOOL can load it at all, plugin_eal_linked_in TOOL
# whether TOOL can load any plugin (below).

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

# plugin_eal FILE: the librte_eal FILE loads, as the loader resolves it in
# this environment (LD_LIBRARY_PATH included), as a real path; "none" when
# FILE needs no librte_eal (EAL linked in: a static DPDK build, or a
# program linked -static, which ldd calls "not a dynamic executable"),
# "not found" when the loader finds none, "unknown" when FILE is no ELF
# file (a script).
plugin_eal()
{
	local libs

	if ! libs=$(ldd "$1" 2>/dev/null); then
		if [ "$(head -c 4 -- "$1" 2>/dev/null | tr -d '\177')" = ELF ]; then
			echo none
		else
			echo unknown
		fi
		return
	fi
	printf '%s\n' "$libs" | awk '
		$1 ~ /^librte_eal\.so/ { f = ($3 ~ /^\//) ? $3 : "not found" }
		END { print (f == "" ? "none" : f) }' | {
		read -r f
		case $f in
		/*) realpath -- "$f" ;;
		*) echo "$f" ;;
		esac
	}
}

# plugin_eal_linked_in TOOL [EAL]: whether TOOL has EAL linked in (a
# static DPDK build, DPDK's default, or a program linked -static), so that
# it can load no plugin at all, whether by -d, the plugin directory or
# LD_PRELOAD: a second EAL would panic.  EAL is plugin_eal's answer for
# TOOL where the caller has it.  If so, PLUGIN_WHY says why.
plugin_eal_linked_in()
{
	[ "${2:-$(plugin_eal "$1")}" = none ] || return 1
	PLUGIN_WHY="$1 has EAL linked in (a static DPDK build, DPDK's default): it cannot load a plugin; build that DPDK with -Ddefault_library=shared"
}

# plugin_same_dpdk TOOL PLUGIN: whether the DPDK application TOOL can load
# PLUGIN (-d, the plugin directory, or LD_PRELOAD): both must run the same
# librte_eal.  A plugin in an application with EAL linked in (DPDK's
# default build is static) brings a second EAL that panics ("tailq is
# already registered"); one built against another DPDK than the
# application's (a DPDK of one's own beside Debian's, or LD_LIBRARY_PATH
# unset) finds its vdev bus apart from the application's and its devices
# fail to probe.  If not, PLUGIN_WHY says why.
PLUGIN_WHY=""
plugin_same_dpdk()
{
	local t p

	PLUGIN_WHY=""
	t=$(plugin_eal "$1")
	p=$(plugin_eal "$2")
	plugin_eal_linked_in "$1" "$t" && return 1
	case $t in
	unknown) return 0 ;;	# a wrapper script, say: trusted as it is
	"not found") PLUGIN_WHY="$1 finds no librte_eal (LD_LIBRARY_PATH?)" ;;
	"$p") return 0 ;;
	*) PLUGIN_WHY="$1 runs $t, the plugin $2 was built against $p: another DPDK (set LD_LIBRARY_PATH to the libdir of the DPDK the plugin was built with, or use that DPDK's own application)" ;;
	esac
	return 1
}
