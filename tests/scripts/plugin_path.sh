#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# scripts/plugin.sh, which the integration tests and the bench use to hand
# EAL a -d path it takes: relative and absolute paths get the same answer
# (a relative one once looped for ever), a path under a world-writable
# directory is refused, and plugin_place then makes a private copy that
# plugin_remove takes away.  And plugin_same_dpdk, given the built plugin:
# an application with no librte_eal of its own (EAL linked in, as DPDK's
# static build makes them) is refused with the reason, one loading the
# plugin's librte_eal taken, one ldd cannot read refused if it is an ELF
# file (linked -static) and trusted if not (a script).
# No DPDK process runs.
# Usage: plugin_path.sh [PLUGIN]

. "$(dirname "$0")/../lib/verdict.sh"
. "$(dirname "$0")/../../scripts/plugin.sh"

# loadable PATH [DIR]: plugin_loadable's answer (0/1) for PATH seen from
# DIR, bounded: a loop that never ends is a failure (124), not a hang.
loadable()
{
	(cd "${2:-/}" && export -f plugin_loadable &&
		timeout 5 bash -c 'plugin_loadable "$0"' "$1")
	echo $?
}

wwdir=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-plugin-test.XXXXXX") || exit 1
trap 'plugin_remove; rm -rf "$wwdir"' EXIT
chmod 1777 "$wwdir"
mkdir "$wwdir/sub" && chmod 755 "$wwdir/sub"
echo x >"$wwdir/sub/p.so"

t_check "usr/lib/p.so from /: taken ($(loadable usr/lib/p.so /))" \
	"$(loadable usr/lib/p.so /)" -eq 0
t_check "/usr/lib/p.so: taken" "$(loadable /usr/lib/p.so)" -eq 0
t_check "sub/p.so under a world-writable directory, relative: refused" \
	"$(loadable sub/p.so "$wwdir")" -eq 1
t_check "p.so in its own directory, relative: refused" \
	"$(loadable p.so "$wwdir/sub")" -eq 1
t_check "the same, absolute: refused" "$(loadable "$wwdir/sub/p.so")" -eq 1

if plugin_place "$wwdir/sub/p.so"; then
	t_check "plugin_place: a copy elsewhere ($PLUGIN)" \
		"$PLUGIN" != "$wwdir/sub/p.so"
	t_check "the copy is taken" "$(loadable "$PLUGIN")" -eq 0
	cmp -s "$PLUGIN" "$wwdir/sub/p.so"
	t_check "the copy is the file" $? -eq 0
	copy=$PLUGIN
	plugin_remove
	t_check "plugin_remove takes it away" ! -e "$copy"
else
	echo "plugin_place: no directory EAL would take (neither /run nor \$HOME)"
	t_check "plugin_place: PLUGIN empty when it fails" -z "$PLUGIN"
fi
so=${1:-}
if [ -n "$so" ] && [ -f "$so" ]; then
	eal=$(plugin_eal "$so")
	t_check "plugin_eal: the plugin loads a librte_eal ($eal)" \
		"${eal#/}" != "$eal"
	# an ELF with no librte_eal stands for a static testpmd
	plugin_same_dpdk "$(type -P true)" "$so"
	t_check "no librte_eal of its own: refused ($?)" $? -eq 1
	t_check "... saying why ($PLUGIN_WHY)" \
		-n "$(printf '%s' "$PLUGIN_WHY" | grep 'EAL linked in')"
	# an application on the plugin's own librte_eal: the plugin itself
	plugin_same_dpdk "$so" "$so"
	t_check "the same librte_eal: taken ($?)" $? -eq 0
	printf '#!/bin/sh\nexit 0\n' >"$wwdir/sub/wrapper"
	chmod +x "$wwdir/sub/wrapper"
	plugin_same_dpdk "$wwdir/sub/wrapper" "$so"
	t_check "a script ldd cannot read: trusted ($?)" $? -eq 0
	# an ELF file ldd calls "not a dynamic executable" (linked -static)
	printf '\177ELF\002\001\001' >"$wwdir/sub/static"
	chmod +x "$wwdir/sub/static"
	plugin_same_dpdk "$wwdir/sub/static" "$so"
	t_check "an ELF ldd cannot read (static): refused ($?)" $? -eq 1
else
	echo "no plugin given: plugin_same_dpdk not checked"
fi
[ "$T_FAILS" -eq 0 ] && echo "plugin-path: PASS" || echo "plugin-path: FAIL"
[ "$T_FAILS" -eq 0 ]
