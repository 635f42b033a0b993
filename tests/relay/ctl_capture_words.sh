#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# What "ngctl capture" refuses that capture_live.sh (numbers, nodes,
# filters, with traffic) does not: an unknown option, an option with no
# value, no FILE, an unknown subcommand, a FILE or a filter too long for
# the relay (exit status and words each); "-j" on start and stop (JSON,
# running true then false).  And /ngiface/link,N of a --hook link names
# its hook.  net_ring ports, no traffic: none of it needs any.
# Usage: ctl_capture_words.sh RELAY NGCTL

RT_NAME=ctl-capture-words
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
SOCK=$RT_TMP/ctl.sock

ng() { "$NGCTL" -s "$SOCK" "$@"; }

# shellcheck disable=SC2046
rt_start "$RT_TMP/relay.out" 60 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ngiface1 --vdev=net_ring0 --vdev=net_ring1 -- \
	--stack ng0=net_ring0@1 --hook ng1:inet6=net_ring1@1 --ctl "$SOCK" ||
	t_fail "relay did not start"

# refused STATUS WORDS ARGS...: "ngctl capture ARGS" exits STATUS and says
# WORDS (a fixed string), and no capture runs after it
refused()
{
	local status=$1 words=$2 err rc what

	shift 2
	# the first words, each cut short: some are thousands of bytes
	what="capture$(printf ' %.24s' "${@:1:3}")"
	err=$(ng capture "$@" 2>&1); rc=$?
	t_check "$what: exit $status ($rc)" "$rc" -eq "$status"
	grep -qF -- "$words" <<<"$err"
	t_check "$what: says \"$words\" (${err:0:160})" $? -eq 0
	grep -q '^No capture$' <(ng capture status 2>&1)
	t_check "$what: no capture runs" $? -eq 0
}
usage='usage: capture start [-n ng0,ng1] [-s snaplen]'
F=$RT_TMP/c.pcapng
refused 64 "$usage" start -x ng0 "$F"
refused 64 "$usage" start -nn ng0 "$F"
refused 64 "$usage" start -s
refused 64 "$usage" start -c 5
refused 64 "$usage" start
refused 64 'usage: capture start [options] <file> [filter ...] | capture stop | capture status' \
	begin "$F"
refused 65 'capture: file name too long (ENAMETOOLONG)' \
	start "$RT_TMP/$(printf 'x%.0s' $(seq 5000))"
# one word of 1100 bytes: more than the relay keeps of a filter (1024)
refused 65 'capture: filter too long (E2BIG)' \
	start "$F" "$(printf 'x%.0s' $(seq 1100))"
t_check "no file made by the refusals" ! -e "$F"

# -j: start and stop answer in JSON, as status does
out=$(ng -j capture start -n ng1 "$F" 2>&1); rc=$?
t_check "-j capture start: exit 0 ($rc: ${out:0:160})" "$rc" -eq 0
t_check "-j capture start: JSON, running, ng1 alone" "$("$RT_PY" -c '
import json, sys
c = json.loads(sys.argv[1])["capture"]
print(int(c["running"] is True and c["path"] == sys.argv[2] and
	  [n["name"] for n in c["nodes"]] == ["ng1"]))' "$out" "$F" 2>&1)" = 1
out=$(ng -j capture stop 2>&1); rc=$?
t_check "-j capture stop: exit 0 ($rc: ${out:0:160})" "$rc" -eq 0
t_check "-j capture stop: JSON, not running, one file" "$("$RT_PY" -c '
import json, sys
c = json.loads(sys.argv[1])["capture"]
print(int(c["running"] is False and c["files"] == 1))' "$out" 2>&1)" = 1
t_check "the capture's file is there" -s "$F"

# the telemetry of a --hook link names its hook; a --stack link has none
if command -v dpdk-telemetry.py >/dev/null; then
	printf '/ngiface/link,1\n/ngiface/link,0\n' |
		timeout -k 2 10 dpdk-telemetry.py -f "$RT_PREFIX" \
		>"$RT_TMP/tel.out" 2>&1
	t_check "/ngiface/link,1 (--hook ng1:inet6): hook inet6" "$("$RT_PY" -c '
import json, sys
a = [json.loads(l)["/ngiface/link"] for l in open(sys.argv[1])
     if l.startswith("{") and "/ngiface/link" in l]
print(int(len(a) == 2 and a[0].get("kind") == "hook" and
	  a[0].get("hook") == "inet6" and "hook" not in a[1]))' \
		"$RT_TMP/tel.out" 2>&1)" = 1
else
	echo "skip: dpdk-telemetry.py not found, /ngiface/link not asked"
fi

rt_stop TERM
t_check "exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
rt_check_totals 4
rt_done
