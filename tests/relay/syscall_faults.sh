#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# System calls that fail where ordinary runs never see them, injected with
# strace: the relay says what failed in words and by the errno's name, and
# a failure at run time leaves it running.
#  - the control socket's set-up (epoll_create1, EMFILE): "error: control
#    socket PATH: Too many open files (EMFILE)", exit 1, no socket left
#    behind, no totals (no lcore forwarded);
#  - the capture writer thread refused (clone3/clone, EAGAIN, on the
#    control thread that runs "capture start"): ngctl says "writer thread:
#    Resource temporarily unavailable (EAGAIN)", exit 75, and no file is
#    left; the relay goes on (a next start captures) and exits 0 with
#    balanced totals.  rte_ctrl_thread_create()'s negative errno was
#    taken for a positive one: "Unknown error -11", and at --capture
#    start-up "(E-11)".
# Skipped (77) without strace, or where strace cannot attach (ptrace
# refused).
# Usage: syscall_faults.sh RELAY NGCTL

RT_NAME=syscall-faults
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap
rt_need_ngctl
command -v strace >/dev/null || t_skip "strace not installed"

"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 10 10 0 || exit 1
SOCK=$RT_TMP/ctl.sock
STRACE_PID=""
# an interrupted test stops it too (rt_cleanup calls this)
rt_local_cleanup()
{
	[ -n "$STRACE_PID" ] && kill "$STRACE_PID" 2>/dev/null
}

# ---- the control socket cannot be set up ---------------------------------
# Only the server calls epoll_create1 (EAL's interrupt thread calls
# epoll_create), so the first one is the server's.
out=$RT_TMP/epoll.out
prefix=$RT_PREFIX-epoll
# shellcheck disable=SC2046
timeout -s TERM -k 3 30 strace -f -qq -o /dev/null -e trace=epoll_create1 \
	-e inject=epoll_create1:error=EMFILE:when=1 "$RT_RELAY" \
	-l 0-1 --file-prefix="$prefix" --log-level=lib.eal:warning \
	--vdev=net_ngiface0 --vdev=net_pcap0,rx_pcap="$RT_TMP/eth.pcap" \
	-- --stack ng0=net_pcap0@1 --ctl "$SOCK" >"$out" 2>&1
rc=$?
rm -rf "${EAL_RUN_DIR:?}/$prefix"
cat "$out"
t_grep "control socket set-up fails: words and errno name" \
	"^error: control socket $SOCK: Too many open files \\(EMFILE\\)\$" "$out"
t_check "  ... exit 1 ($rc)" "$rc" -eq 1
t_check "  ... no socket left behind" ! -e "$SOCK"
if grep -q '^total link' "$out"; then
	t_fail "  ... totals printed, though no lcore forwarded"
fi

# ---- the capture writer thread cannot be created -------------------------
rt_start_pair "$RT_TMP/relay.out" 40 "$RT_TMP/eth.pcap,infinite_rx=1" \
	"$RT_TMP/eth.pcap,infinite_rx=1" -- --ctl "$SOCK" ||
	t_fail "relay did not start"
relay=$(pgrep -P "$RT_PID" -x ngiface-relay)
tid=""
for t in /proc/"$relay"/task/*; do
	[ "$(cat "$t/comm" 2>/dev/null)" = ngc-ctl ] && tid=${t##*/}
done
[ -n "$tid" ] || t_fail "no ngc-ctl thread in the relay ($relay)"
# that thread alone: the writer is the only thread it creates
strace -qq -o /dev/null -p "$tid" -e trace=clone,clone3 \
	-e inject=clone,clone3:error=EAGAIN:when=1 &
STRACE_PID=$!
for _ in $(seq 1 50); do
	[ "$(awk '/^TracerPid:/ { print $2 }' "/proc/$relay/task/$tid/status")" \
		!= 0 ] && break
	kill -0 "$STRACE_PID" 2>/dev/null || break
	sleep 0.1
done
if [ "$(awk '/^TracerPid:/ { print $2 }' "/proc/$relay/task/$tid/status")" \
	= 0 ]; then
	rt_stop TERM
	t_skip "strace cannot attach to the relay's control thread"
fi
F=$RT_TMP/cap.pcapng
"$NGCTL" -s "$SOCK" capture start "$F" >"$RT_TMP/start.out" 2>&1
rc=$?
kill "$STRACE_PID" 2>/dev/null
wait "$STRACE_PID" 2>/dev/null
STRACE_PID=""
cat "$RT_TMP/start.out"
t_grep "no writer thread: words and errno name" \
	'^ngctl: capture: writer thread: Resource temporarily unavailable \(EAGAIN\)$' \
	"$RT_TMP/start.out"
t_check "  ... exit 75, EAGAIN's ($rc)" "$rc" -eq 75
t_check "  ... no file left" ! -e "$F"
t_grep "  ... no capture runs" '^No capture$' \
	<("$NGCTL" -s "$SOCK" capture status 2>&1)
"$NGCTL" -s "$SOCK" capture start "$F" ip6 >/dev/null 2>&1
rc=$?
t_check "the next start captures ($rc)" "$rc" -eq 0
sleep 0.3
"$NGCTL" -s "$SOCK" capture stop >"$RT_TMP/stop.out" 2>&1
t_grep "  ... and writes" '^  [1-9][0-9]* packets' "$RT_TMP/stop.out"
rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
if grep -Eq "ERROR: AddressSanitizer|runtime error:" "$RT_OUT" "$out"; then
	t_fail "sanitizer report"
fi
rt_done
