#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A relay run for weeks while scripts reconfigure it must hold what it
# holds at the start: a bounded churn of control cycles, traffic flowing
# the whole time (ng0 and ng1 joined, each on a net_pcap port replaying
# its file endlessly), must leave the process as it found it.  Each cycle
# makes a node with mkpeer (a hot-plug: an ethdev, four rings) and an
# echo on it, changes its mode and link state, joins and cuts hooks,
# starts and stops a capture on it, fails to start captures (a FIFO with
# no reader, a bad filter), shuts it down; cuts and joins a hook of a
# polled node and changes that node's mode (the lcores pause); asks
# telemetry, and has control clients that connect and vanish.  Before and
# after, by the same names: the descriptors (by target), threads,
# memzones (each ring is one), DPDK heap allocations, ethdev port ids and
# EAL's run files must be equal.  Then SIGTERM: exit 0, totals balance.
# A 15-minute soak of some 1850 such cycles over kernel TUNs (pings in
# both families) found no growth, nor an mbuf kept; this keeps it so.
# Usage: churn_resources.sh RELAY NGCTL

RT_NAME=churn-resources
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap
rt_need_ngctl
ng() { timeout -k 2 20 "$NGCTL" -s "$RT_TMP/ctl.sock" "$@"; }
CYCLES=${CHURN_CYCLES:-40}

"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 100 80 0 || exit 1

# tel PREFIX: EAL's telemetry, what the relay's process holds in DPDK's
# terms, one line per fact; each memzone by its name
tel()
{
	"$RT_PY" - "$EAL_RUN_DIR/$1/dpdk_telemetry.v2" <<'PY'
import json, socket, sys


def ask(cmd):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(5)
    s.connect(sys.argv[1])
    s.recv(4096)
    s.send(cmd.encode())
    r = json.loads(s.recv(1 << 20).decode())
    s.close()
    return next(iter(r.values()))


for i in ask("/eal/memzone_list"):
    print("memzone", ask("/eal/memzone_info,%d" % i)["Name"])
for h in ask("/eal/heap_list"):
    info = ask("/eal/heap_info,%d" % h)
    print("heap", h, "allocations", info["Alloc_count"],
          "bytes", info["Alloc_size"])
print("ports", ask("/ethdev/list"))
PY
}

# snap PID PREFIX: descriptors by target (an inode number dropped: a
# socket made again is the same socket), threads, telemetry, run files
snap()
{
	local fd

	for fd in /proc/"$1"/fd/*; do
		readlink "$fd" | sed -E 's/:\[[0-9]+\]$//'
	done | sort | uniq -c | sed 's/^ */fd /'
	echo "threads $(find "/proc/$1/task" -mindepth 1 -maxdepth 1 | wc -l)"
	tel "$2"
	find "$EAL_RUN_DIR/$2" -mindepth 1 -printf 'run %P\n' | sort
}

# vanish SOCK TELSOCK: control clients that connect and go: with nothing
# said, a request cut short, a request whose answer nobody reads; then
# telemetry clients, one asking the relay's own commands, one going
# without reading its answer
vanish()
{
	"$RT_PY" - "$1" "$2" <<'PY'
import socket, sys

for req in (b"", b"li", b"list\n", b"show ng0:\n"):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    if req:
        s.send(req)
    s.close()
for cmds, read in (([b"/ngiface/nodes", b"/ngiface/link,0"], True),
                   ([b"/ethdev/xstats,0"], False)):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(5)
    s.connect(sys.argv[2])
    s.recv(4096)
    for c in cmds:
        s.send(c)
        if read and not s.recv(1 << 20):
            sys.exit(1)
    s.close()
PY
}

# snap_settled FILE: snap of the relay once two in a row agree: the
# vanished clients' descriptors and telemetry threads go at their EOF, on
# threads of their own (a loaded machine takes its time); growth stays
snap_settled()
{
	local prev="$1.prev"

	snap "$pid" "$RT_PREFIX" >"$prev"
	for _ in $(seq 1 20); do
		sleep 0.5
		snap "$pid" "$RT_PREFIX" >"$1"
		cmp -s "$prev" "$1" && return 0
		mv "$1" "$prev"
	done
	snap "$pid" "$RT_PREFIX" >"$1"
}

# cycle: one round of reconfiguration, on ng2's peer ng3 and on the
# polled ng0 and ng1; every step must answer as it does the first time
cycle()
{
	ng mkpeer ng2: iface inet inet &&
	ng mkpeer ng3: echo inet6 x &&
	ng msg ng3: broadcast && ng msg ng3: linkdown &&
	ng msg ng3: linkup && ng msg ng3: point2point &&
	ng rmhook ng3: inet6 && ng connect ng3: ng2: inet6 inet6 &&
	ng capture start -n ng0,ng3 "$RT_TMP/c.pcapng" icmp >/dev/null &&
	! ng capture start "$RT_TMP/c2.pcapng" 2>/dev/null &&
	ng capture stop >/dev/null &&
	! ng capture start "$RT_TMP/fifo" 2>/dev/null &&
	! ng capture start -n ng0 "$RT_TMP/c.pcapng" 'bad ((' 2>/dev/null &&
	ng shutdown ng3: &&
	ng rmhook ng0: inet6 && ng connect ng0: ng1: inet6 inet6 &&
	ng msg ng1: broadcast && ng msg ng1: point2point &&
	ng status ng0: >/dev/null &&
	vanish "$RT_TMP/ctl.sock" "$EAL_RUN_DIR/$RT_PREFIX/dpdk_telemetry.v2" &&
	rm -f "$RT_TMP/c.pcapng"
}

mkfifo "$RT_TMP/fifo" || exit 1
out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 120 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 --vdev=net_ngiface2 \
	"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap,infinite_rx=1" \
	"--vdev=net_pcap1,rx_pcap=$RT_TMP/eth.pcap,infinite_rx=1" \
	-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 \
	--ctl "$RT_TMP/ctl.sock" || t_fail "relay did not start"
pid=$(pgrep -P "$RT_PID" | head -n 1)
t_check "the relay's process found (${pid:-none})" -n "$pid"

# one cycle first: what is made once and kept (a capture's first file
# descriptor for libpcap, the control socket's first client) is no growth
cycle || t_fail "first cycle failed"
snap_settled "$RT_TMP/before"
n=0
while [ "$n" -lt "$CYCLES" ] && cycle; do
	n=$((n + 1))
done
t_check "$n of $CYCLES control cycles went through" "$n" -eq "$CYCLES"
snap_settled "$RT_TMP/after"
if diff "$RT_TMP/before" "$RT_TMP/after"; then
	t_pass "descriptors, threads, memzones, heap, ports, run files as before"
else
	t_fail "the process holds more or less after $n cycles (diff above)"
fi
t_check "memzones counted ($(grep -c '^memzone' "$RT_TMP/before"))" \
	"$(grep -c '^memzone ' "$RT_TMP/before")" -gt 0
t_grep "the relay's pool among them" '^memzone MP_relay_pool$' \
	"$RT_TMP/before"

rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
rt_done
