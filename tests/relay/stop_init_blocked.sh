#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Stop signals while EAL's init waits.  The relay blocks SIGINT, SIGTERM
# and SIGHUP around rte_eal_init() so that EAL's threads inherit them
# blocked; net_pcap opens an rx_pcap that is a FIFO only once someone
# writes to it, so its probe, in the init, waits for good where no one
# does, and the signals blocked then left Ctrl-C, twice or more, and
# timeout(1)'s SIGTERM without effect: the relay hung until SIGKILL.  A
# second signal 0.5 s after the first must force the exit (status 3).
# Usage: stop_init_blocked.sh RELAY

RT_NAME=stop-init-blocked
. "$(dirname "$0")/common.sh"
rt_setup
ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_pcap.so \
	>/dev/null 2>&1 || t_skip "net_pcap PMD not installed"

fifo=$RT_TMP/in.fifo
RT_OUT=$RT_TMP/relay.out
mkfifo "$fifo" || exit 1
# shellcheck disable=SC2046
timeout -s TERM -k 5 30 "$RT_RELAY" $(rt_eal) --vdev=net_ngiface0 \
	--vdev="net_pcap0,rx_pcap=$fifo,tx_pcap=$RT_TMP/out.pcap" \
	-- --stack ng0=net_pcap0@1 --ctl none >"$RT_OUT" 2>&1 &
RT_PID=$!
rt_wait_for pgrep -P "$RT_PID" >/dev/null
relay=$(pgrep -P "$RT_PID" | head -n 1)
[ -n "$relay" ] || t_fail "no relay under timeout $RT_PID"
# the probe waiting on the FIFO
rt_wait_for grep -qs 'wait_for_partner\|fifo_open' "/proc/$relay/wchan"
t_check "the relay waits in EAL's init ($(cat "/proc/$relay/wchan"))" \
	-n "$(grep -s 'wait_for_partner\|fifo_open' "/proc/$relay/wchan")"
# straight to the relay, not through timeout(1): one copy each
kill -INT "$relay"
sleep 0.5
kill -INT "$relay"
t0=$(date +%s%N)
for _ in $(seq 1 50); do
	kill -0 "$relay" 2>/dev/null || break
	sleep 0.1
done
ms=$((($(date +%s%N) - t0) / 1000000))
kill -0 "$relay" 2>/dev/null && kill -KILL "$relay"
wait "$RT_PID"
RT_RC=$?
RT_PID=""
t_check "ended within 5 s of the second SIGINT ($ms ms)" "$ms" -lt 5000
t_check "exit status $RT_RC == 3 after the second signal" "$RT_RC" -eq 3
t_grep "the forced exit is said" \
	'^stopping: a second signal: forced exit 3' "$RT_OUT"
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
rt_done
