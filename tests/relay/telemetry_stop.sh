#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A monitoring tool that reads telemetry while the relay stops: clients on
# EAL's telemetry socket ask for /mempool/info, /eal/heap_list and a
# node's /ethdev/xstats without a pause, on several connections, while
# the relay gets SIGTERM.  DPDK 22.11 never stops its telemetry threads,
# and rte_eal_cleanup() unmaps the memory those commands read: the
# relay died of SIGSEGV in a telemetry thread after printing its totals
# (exit 139, or under ASan a report and a hang until timeout's SIGKILL)
# in most stops.  It must exit 0 with balanced totals, every round.
# Usage: telemetry_stop.sh RELAY

RT_NAME=telemetry-stop
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap
"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 100 80 7 || exit 1

# hammer PREFIX SECS: three connections asking in turn, each command sent
# again as soon as answered; prints the answers counted
hammer()
{
	"$RT_PY" - "$EAL_RUN_DIR/$1/dpdk_telemetry.v2" "$2" <<'PY'
import socket, sys, threading, time

path, end = sys.argv[1], time.time() + float(sys.argv[2])
cmds = [b"/mempool/info,relay_pool", b"/eal/heap_list", b"/ethdev/xstats,0"]
answers = [0]


def client(cmd):
    while time.time() < end:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            s.connect(path)
            s.recv(1024)
            while time.time() < end:
                s.send(cmd)
                if not s.recv(65536):
                    break
                answers[0] += 1
        except OSError:
            time.sleep(0.001)
        finally:
            s.close()


ts = [threading.Thread(target=client, args=(c,)) for c in cmds]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(answers[0])
PY
}

for round in 1 2 3 4 5; do
	out="$RT_TMP/relay$round.out"
	rt_start_pair "$out" 30 "$RT_TMP/eth.pcap,infinite_rx=1" \
		"$RT_TMP/eth.pcap,infinite_rx=1" -- --ctl none ||
		t_fail "round $round: relay did not start"
	hammer "$RT_PREFIX" 5 >"$RT_TMP/answers" &
	hpid=$!
	sleep 1
	t0=$(date +%s%N)
	rt_stop TERM
	ms=$((($(date +%s%N) - t0) / 1000000))
	wait "$hpid"
	n=$(cat "$RT_TMP/answers")
	t_check "round $round: telemetry answered while the relay ran (${n:-0})" \
		"${n:-0}" -gt 0
	t_check "round $round: exit status $RT_RC == 0 after SIGTERM, telemetry read meanwhile" \
		"$RT_RC" -eq 0
	t_check "round $round: stopped within 5 s ($ms ms)" "$ms" -lt 5000
	rt_check_totals 4
	if grep -qE 'AddressSanitizer|DEADLYSIGNAL|runtime error' "$out"; then
		t_fail "round $round: a sanitizer report"
		grep -E -A3 'AddressSanitizer|DEADLYSIGNAL|runtime error' "$out" | head -n 8
	fi
	# its sockets shut down on purpose: no accept error said, and its
	# threads gone within the wait
	t_check "round $round: telemetry ended quietly ($(grep -E 'telemetry thread quitting|telemetry threads still running' "$out"))" \
		-z "$(grep -E 'telemetry thread quitting|telemetry threads still running' "$out")"
	[ "$T_FAILS" -eq 0 ] || break
done
rt_done
