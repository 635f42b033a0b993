#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A relay started with stdout and stderr closed (">&- 2>&-", as some
# supervisors and scripts start daemons) runs as one whose output goes to
# /dev/null.  It used to get the closed descriptors back from the next
# open(): EAL's run-time config file (/var/run/dpdk/PREFIX/config, mapped
# as the memory config every process of the prefix shares) became fd 1,
# and the relay's reports were written over EAL's locks in it.  The next
# memzone or tailq call then spun for good: `ngctl mkpeer` timed out, and
# SIGTERM never ended the relay (it waited on the control thread).
# Usage: std_fds.sh RELAY NGCTL

RT_NAME=std-fds
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap
rt_need_ngctl

"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 10 10 0 || exit 1
sock="$RT_TMP/ctl.sock"
pcap="$RT_TMP/eth.pcap"
RT_OUT="$RT_TMP/relay.out"

# shellcheck disable=SC2046
timeout -s TERM -k 3 30 "$RT_RELAY" $(rt_eal) \
	--vdev=net_ngiface0 --vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_pcap0,rx_pcap="$pcap",infinite_rx=1 \
	--vdev=net_pcap1,rx_pcap="$pcap",infinite_rx=1 \
	-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 --ctl "$sock" \
	--stats-period 1 >&- 2>&- &
RT_PID=$!
up=0
for _ in $(seq 1 100); do
	if "$NGCTL" -s "$sock" -t 1000 list >/dev/null 2>&1; then
		up=1
		break
	fi
	kill -0 "$RT_PID" 2>/dev/null || break
	sleep 0.1
done
t_check "the relay serves its socket with stdout and stderr closed" \
	"$up" -eq 1
[ "$up" -eq 1 ] || rt_done
sleep 1.2	# a stats report is printed

pid=$(pgrep -P "$RT_PID" | head -n 1)
for fd in 1 2; do
	to=$(readlink "/proc/$pid/fd/$fd")
	t_check "fd $fd is /dev/null ($to)" "$to" = /dev/null
done

# a node hot-plugged: a memzone and the tailq lock, in the shared config
"$NGCTL" -s "$sock" -t 3000 rmhook ng0: inet >/dev/null 2>&1
"$NGCTL" -s "$sock" -t 3000 mkpeer ng0: iface inet inet \
	>"$RT_TMP/mkpeer.out" 2>&1
rc=$?
t_check "mkpeer answered, exit $rc == 0 ($(head -c 200 "$RT_TMP/mkpeer.out"))" \
	"$rc" -eq 0

kill -TERM "$RT_PID"
for _ in $(seq 1 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	t_fail "the relay still runs 5 s after SIGTERM"
	kill -KILL "$pid" 2>/dev/null
fi
wait "$RT_PID"
RT_RC=$?
RT_PID=""
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_done
