#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Telemetry with as many nodes as the ports allow (RTE_MAX_ETHPORTS, 32 in
# Debian's DPDK: 31 nodes and the one port of a link).  DPDK 22.11 writes
# an answer into 16 KiB and leaves out, silently, what does not fit: once
# the counters had grown, /ngiface/nodes named only the first twenty
# nodes or so, as valid JSON.  It must name them all, or say in words that
# they do not fit and what to ask instead; /ngiface/node,NAME (or ,PORT)
# answers for one node, and nothing for what is neither (5x, +5, 65541,
# which a 16-bit port id would wrap to 5, or no parameter).  The second
# run's counters are grown by an LD_PRELOAD shim (grown_counters.c), as
# after years of traffic.  The third steps its counters' growth so that
# the answer's length crosses 16 KiB a few bytes at a time, under node
# names that telemetry escapes (\\\\N, each '\' two bytes): every answer
# is the whole set or the sentence, and the whole set is given up to
# some 500 bytes short of the limit (the relay's count of an answer's
# length is an upper bound, and not a loose one).
# Usage: telemetry_many.sh RELAY NGCTL SHIM

RT_NAME=telemetry-many
. "$(dirname "$0")/common.sh"
rt_setup
SHIM=${3:-}
[ -f "$SHIM" ] || t_skip "grown_counters shim not given or not built"
command -v dpdk-telemetry.py >/dev/null ||
	t_fail "dpdk-telemetry.py not found (apt-get install dpdk-dev)"

vdevs=()
for i in $(seq 0 29); do
	vdevs+=("--vdev=net_ngiface$i")
done
# a name telemetry takes not as a key: keyed port30 in /ngiface/nodes
vdevs+=(--vdev=net_ngiface30,iface=wan-0 --vdev=net_ring0)

# ask OUT COMMAND...: the relay's answers, one JSON line each
ask()
{
	local out=$1

	shift
	printf '%s\n' "$@" |
		timeout -k 2 10 dpdk-telemetry.py -f "$RT_PREFIX" >"$out" 2>&1
}

# judge FILE GROWN: checks the answers of ask's commands below, one line
# of verdict each (ok or FAIL, as t_check's)
judge()
{
	"$RT_PY" - "$1" "$2" <<'PY'
import json, sys

answers = {}
for line in open(sys.argv[1]):
    if line.startswith("{"):
        for k, v in json.loads(line).items():
            answers.setdefault(k, []).append(v)
grown = int(sys.argv[2])


def verdict(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)


nodes = answers.get("/ngiface/nodes", [None])[0]
if isinstance(nodes, dict):
    verdict(len(nodes) == 31 and "port30" in nodes,
            "/ngiface/nodes names all 31 nodes (%d: %s)"
            % (len(nodes), ", ".join(list(nodes)[-3:])))
    verdict(grown == 0, "/ngiface/nodes a dict with counters grown %d" % grown)
elif isinstance(nodes, str):
    verdict("31 nodes" in nodes and "/ngiface/node,NAME" in nodes,
            "/ngiface/nodes says why it lists none: %s" % nodes)
    verdict(grown != 0, "/ngiface/nodes a sentence with counters grown %d"
            % grown)
else:
    verdict(False, "/ngiface/nodes answered %r" % (nodes,))
one = answers.get("/ngiface/node", [])
want = [("ng5", 5), ("wan-0", 30), ("wan-0", 30), None, None, None, None,
        None, None]
verdict(len(one) == len(want), "%d answers to /ngiface/node" % len(one))
for got, w in zip(one, want):
    if w is None:
        verdict(got is None, "not a node: null (%r)" % (got,))
        continue
    ok = (isinstance(got, dict) and got.get("name") == w[0] and
          got.get("port") == w[1] and got.get("inet6_flushed") == grown)
    verdict(ok, "/ngiface/node: %s, port %d, inet6_flushed %d (%s)"
            % (w[0], w[1], grown, json.dumps(got)[:120]))
links = answers.get("/ngiface/links", [None])[0]
verdict(isinstance(links, dict) and list(links) == ["link0"],
        "/ngiface/links: link0 (%s)" % json.dumps(links)[:80])
PY
}

# verdicts FILE: count judge's FAIL lines into T_FAILS
verdicts()
{
	local line

	while IFS= read -r line; do
		echo "$line"
		case $line in
		FAIL:*) T_FAILS=$((T_FAILS + 1)) ;;
		esac
	done <"$1"
}

run()
{
	local tag=$1 grown=$2

	shift 2
	out="$RT_TMP/relay-$tag.out"
	# shellcheck disable=SC2046
	rt_start "$out" 30 $(rt_eal) "${vdevs[@]}" \
		-- --hooks ng0=net_ring0@1 --ctl "$RT_TMP/ctl.sock" ||
		t_fail "$tag: relay did not start"
	ask "$RT_TMP/tel-$tag.out" /ngiface/nodes /ngiface/node,ng5 \
		/ngiface/node,30 /ngiface/node,wan-0 /ngiface/node,31 \
		/ngiface/node,nosuch /ngiface/node,5x /ngiface/node,+5 \
		/ngiface/node,65541 /ngiface/node /ngiface/links
	judge "$RT_TMP/tel-$tag.out" "$grown" >"$RT_TMP/verdict-$tag" 2>&1
	verdicts "$RT_TMP/verdict-$tag"
	rt_stop TERM
}

run plain 0
# ASan wants its runtime first among the libraries; the shim comes first
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
RT_WRAP="env LD_PRELOAD=$SHIM GROWN_BY=1000000000000000" \
	run grown 1000000000000000

# edge: /ngiface/nodes at lengths about 16 KiB, asked on the telemetry
# socket itself; the verdicts as judge's
edge()
{
	"$RT_PY" - "$EAL_RUN_DIR/$RT_PREFIX/dpdk_telemetry.v2" "$1" <<'PY'
import json, socket, sys

LIMIT = 16384
sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
sock.connect(sys.argv[1])
sock.recv(4096)


def nodes(by, fields, ports):
    with open(sys.argv[2], "w") as f:
        f.write("%d %d %d\n" % (by, fields, ports))
    sock.send(b"/ngiface/nodes")
    raw = sock.recv(1 << 17)
    return len(raw), json.loads(raw)["/ngiface/nodes"]


def verdict(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)


base, v = nodes(0, 0, 0)
verdict(isinstance(v, dict) and len(v) == 31,
        "edge: ungrown, all 31 nodes (%d bytes)" % base)
# a counter grown by 10^(d-1) on both hooks of a node: 2 (d - 1) bytes
# more; g of them (31 a field) step the answer by 2 (d - 1) bytes
d = 2
while base + 2 * (d - 1) * 310 < LIMIT + 400:
    d += 1
step = 2 * (d - 1)
partial, longest, sentences = [], 0, 0
for g in range(0, 311):
    if abs(base + step * g - LIMIT) > 400:
        continue
    n, v = nodes(10 ** (d - 1), g // 31, g % 31)
    if isinstance(v, dict) and len(v) == 31:
        longest = max(longest, n)
    elif isinstance(v, dict):
        partial.append("%d of 31 nodes in %d bytes" % (len(v), n))
    elif isinstance(v, str) and "31 nodes" in v:
        sentences += 1
    else:
        partial.append("%r" % (v,))
verdict(not partial, "edge: never a part of the set (%s)"
        % ", ".join(partial[:3]))
verdict(sentences > 0, "edge: past the limit, the sentence (%d times)"
        % sentences)
verdict(longest >= LIMIT - 512,
        "edge: the whole set up to %d bytes of %d" % (longest, LIMIT))
PY
}

vdevs=()
for i in $(seq 0 30); do
	vdevs+=("--vdev=net_ngiface$i,iface=\\\\\\\\$i")
done
vdevs+=(--vdev=net_ring0)
# shellcheck disable=SC2046
RT_WRAP="env LD_PRELOAD=$SHIM GROWN_FILE=$RT_TMP/grown" \
	rt_start "$RT_TMP/relay-edge.out" 30 $(rt_eal) "${vdevs[@]}" \
	-- --hooks '\\\\0=net_ring0@1' --ctl none ||
	t_fail "edge: relay did not start"
edge "$RT_TMP/grown" >"$RT_TMP/verdict-edge" 2>&1
verdicts "$RT_TMP/verdict-edge"
rt_stop TERM
rt_done
