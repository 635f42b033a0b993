#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A third stop signal while the forced exit is under way.  The forced exit
# runs in the signal handler of the thread that took the second signal
# (the main thread, as a rule: the kernel gives a process's signal to it
# first), and it can take a while: its lines go to stderr, which may be a
# full pipe.  A SIGTERM then, on top of the SIGINT being handled, was
# handled on that same thread, inside the forced exit: it found the exit
# begun, "by another thread", and waited for it in pause() for good, and
# the relay hung until SIGKILL.  Here stdout and stderr are a FIFO whose
# reader is stopped, filled to the brim: the orderly stop blocks on its
# first line, the forced exit on its own; SIGTERM comes, then the reader
# reads on.  The relay must then end, exit 3, its socket removed.
# Usage: stop_forced_again.sh RELAY

RT_NAME=stop-forced-again
. "$(dirname "$0")/common.sh"
rt_setup
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"

RD=""
rt_local_cleanup()
{
	[ -n "$RD" ] && kill -CONT "$RD" 2>/dev/null && kill "$RD" 2>/dev/null
}

fifo=$RT_TMP/out.fifo
RT_OUT=$RT_TMP/relay.out
sock=$RT_TMP/ctl.sock
mkfifo "$fifo" || exit 1
# the reader: held off by SIGSTOP, not reading the FIFO until SIGCONT
cat "$fifo" >"$RT_OUT" &
RD=$!
# shellcheck disable=SC2046
timeout -s TERM -k 5 30 "$RT_RELAY" $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ring0 -- --stack ng0=net_ring0@1 --ctl "$sock" \
	>"$fifo" 2>&1 &
RT_PID=$!
rt_wait_for grep -qs 'relay running' "$RT_OUT"
t_grep "the relay runs" 'relay running' "$RT_OUT"
relay=$(pgrep -P "$RT_PID" | head -n 1)
[ -n "$relay" ] || t_fail "no relay under timeout $RT_PID"

# the pipe filled with whole lines (64 bytes, a page holds 64 of them)
kill -STOP "$RD"
rt_wait_for grep -q '^State:.*stopped' "/proc/$RD/status"
"$RT_PY" - "$fifo" <<'PY' || t_fail "cannot fill the FIFO"
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
line = b"filler " + b"." * 56 + b"\n"
try:
	while True:
		os.write(fd, line)
except BlockingIOError:
	pass
PY
# straight to the relay, not through timeout(1): one copy each
kill -TERM "$relay"
sleep 0.5
kill -INT "$relay"
sleep 0.5
kill -TERM "$relay"
sleep 0.5
kill -CONT "$RD"
t0=$(date +%s%N)
wait "$RT_PID"
RT_RC=$?
ms=$((($(date +%s%N) - t0) / 1000000))
RT_PID=""
wait "$RD"
RD=""
t_check "exit status $RT_RC == 3 after the third signal" "$RT_RC" -eq 3
t_check "ended within 3 s of the reader's return ($ms ms)" "$ms" -lt 3000
t_grep "the forced exit is said" \
	'^stopping: a second signal: forced exit 3' "$RT_OUT"
t_check "the control socket is removed" ! -e "$sock"
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
rt_done
