#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# dpdk-pmdinfo.py, DPDK's own tool, lists the built plugin: driver name
# net_ngiface and its devargs.  The devargs it shows are the driver's: each
# key, attached in testpmd with a value no key accepts, is refused as a bad
# value for that key (so the driver parses it), not as an unknown devarg;
# and they are the keys of the README's devarg table, no more, no fewer.
# Usage: pmdinfo.sh BUILD_DIR

IT_NAME=pmdinfo
. "$(dirname "$0")/common.sh"
it_setup

top=$(cd "$(dirname "$0")/../.." && pwd)
pmdinfo=$(command -v dpdk-pmdinfo.py) ||
	t_skip "dpdk-pmdinfo.py not found (Debian package dpdk)"
/usr/bin/python3 -c 'import elftools' 2> /dev/null ||
	t_skip "dpdk-pmdinfo.py needs python3-pyelftools"

# 1. the tool's record for the plugin
json="$IT_TMP/pmdinfo.json"
# by the python checked for elftools above, not the script's own
# "#!/usr/bin/env python3" (DPDK's; Debian's names /usr/bin/python3)
timeout -k 3 30 /usr/bin/python3 "$pmdinfo" "$IT_PLUGIN" > "$json" \
	2> "$IT_TMP/pmdinfo.err"
rc=$?
t_check "dpdk-pmdinfo.py exits 0 ($rc)" "$rc" -eq 0
fields=$(/usr/bin/python3 - "$json" <<'EOF'
import json, sys
recs = json.load(open(sys.argv[1]))
for r in recs:
    print(r.get("name", ""), "|", r.get("params", ""))
EOF
)
name=${fields%% |*}
params=${fields#*| }
t_check "one record, named net_ngiface ($fields)" \
	"$(printf '%s\n' "$fields" | grep -c .)" -eq 1 -a "$name" = net_ngiface
keys=$(printf '%s\n' "$params" | tr ' ' '\n' | sed 's/=.*//' | sort)
t_check "params name keys ($(echo "$keys" | tr '\n' ' '))" -n "$keys"

# 2. the README's devarg table has the same keys
# (the table writes inet and inet6 in one row)
doc_keys=$(sed -n '/^## Devargs/,/^## /p' "$top/README.md" |
	grep '^| `' | cut -d'|' -f2 | grep -o '`[a-z_0-9]*=' |
	tr -d '`=' | sort)
if [ "$keys" = "$doc_keys" ]; then
	t_pass "README's devarg table names the same keys"
else
	t_fail "keys differ: pmdinfo [$(echo "$keys" | tr '\n' ' ')] README [$(echo "$doc_keys" | tr '\n' ' ')]"
fi

# 3. the driver parses every key it shows: a bad value, not an unknown key
out="$IT_TMP/attach.out"
it_start "$out" 90 "${IT_EAL[@]}" -- -i --total-num-mbufs=16384
i=0
for k in $keys; do
	it_cmd "port attach net_ngiface$i,$k=:"
	i=$((i + 1))
done
it_cmd "show port summary all"
it_stop
it_check_clean_exit
i=0
for k in $keys; do
	t_grep "$k=: refused as a bad value for $k" \
		"net_ngiface$i: bad value \":\" for devarg $k" "$out"
	i=$((i + 1))
done
t_check "no key taken for unknown" \
	"$(grep -c 'unknown devarg' "$out")" -eq 0
t_grep "no port made" 'Number of available ports: 0' "$out"
it_done
