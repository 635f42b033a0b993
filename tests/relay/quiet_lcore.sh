#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A forwarding lcore makes no system call: strace attached to the relay's
# lcore 1 thread (rte-worker-1) for a few seconds sees none, while that lcore
# forwards endless traffic through two joined nodes, taps both for a
# filtered capture, and the control socket changes what it polls under it
# (rmhook and connect of a hook, capture stop and start, link down and up,
# broadcast and point2point: each waits for the lcore to pass a quiescent
# state, or, for the mode, to pause while ng0's port restarts; the link
# state must act: ng0 sends nothing to its hooks while down, and again once
# up; after a mode change ng0 is up and sending).  The same strace on
# the main thread, which prints the periodic stats, must see system calls:
# that shows the method sees them where there are some.  Then SIGTERM,
# with the traffic and the capture still on: the relay drains, completes
# the capture and exits 0 within a bound (5 s), its totals balanced.  The
# options beyond the links come from a --config file, whose socket, stats
# period, capture and filter must all take effect.
# Usage: quiet_lcore.sh RELAY NGCTL

RT_NAME=quiet-lcore
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
SOCK=$RT_TMP/ctl.sock

command -v strace >/dev/null || t_skip "strace not installed"
rt_need_pcap
"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1

ng() { "$NGCTL" -s "$SOCK" "$@"; }
# ng0_out: what ng0's stack sent to its hooks so far (ngctl status)
ng0_out()
{
	ng status ng0: | awk '$1 == "out_packets" { s += $2; n++ }
		END { print (n == 2 ? s : -1) }'
}

# The options beyond the links come from a config file (its positive
# path: the socket, stats and capture it names must all work below).  A
# filter that keeps ~1 %, files bounded: two of 5 MB at most.
filt='ip and ip[4:2] = 7'
cat >"$RT_TMP/relay.conf" <<CONF
# served while the lcore forwards
ctl $SOCK
stats-period 1
capture $RT_TMP/c.pcapng
capture-filter $filt
capture-filesize 5000   # kB
capture-ring 2
CONF
rt_start_pair "$RT_TMP/relay.out" 40 "$RT_TMP/a.pcap,infinite_rx=1" \
	"$RT_TMP/a.pcap,infinite_rx=1" -- --config "$RT_TMP/relay.conf" ||
	t_fail "relay did not start"
t_grep "config file: the capture it names runs" \
	"^capture: $RT_TMP/c.pcapng" "$RT_TMP/relay.out"

pid=$(pgrep -P "$RT_PID" | head -n 1)
tid=""
# EAL names it rte-worker-1 (22.11) or lcore-worker-1 (later releases)
for t in /proc/"$pid"/task/*; do
	case "$(cat "$t/comm" 2>/dev/null)" in
	rte-worker-1 | lcore-worker-1) tid=${t##*/} ;;
	esac
done
[ -n "$tid" ] || t_fail "no thread of lcore 1 (rte-worker-1) in relay $pid"
[ "$T_FAILS" -eq 0 ] || rt_done

# trace_thread TID SECS OUT: strace one thread (not its siblings)
trace_thread()
{
	timeout -s INT -k 2 "$2" strace -qq -p "$1" -o "$3" \
		2>"$3.err" &
}

# the lcore's trace spans every step below: it ends after the last one
trace_thread "$tid" 30 "$RT_TMP/lcore.trace"
lcore_tracer=$!
trace_thread "$pid" 2 "$RT_TMP/main.trace"
main_tracer=$!
sleep 0.5
# the control plane acts while the lcore forwards
steps=("rmhook ng0: inet" "connect ng0: ng1: inet inet" "capture stop"
       "capture start $RT_TMP/d.pcapng $filt" "msg ng0: linkdown"
       "msg ng0: linkup" "msg ng0: broadcast" "msg ng0: point2point")
set -f	# the steps split into words, and no word is a glob
for s in "${steps[@]}"; do
	# shellcheck disable=SC2086
	ng $s >"$RT_TMP/ng.out" 2>&1
	rc=$?
	t_check "ngctl $s (status $rc)" "$rc" -eq 0
	[ "$s" = "capture stop" ] && cp "$RT_TMP/ng.out" "$RT_TMP/stop.out"
	# the link state acts: down, ng0 sends nothing (its Tx drops it as
	# tx_drop_down); up, it sends again.  ngctl returns once the lcore
	# is past any burst that saw the old state.
	case "$s" in
	*linkdown | *linkup)
		a=$(ng0_out)
		sleep 0.3
		b=$(ng0_out)
		if [ "$s" = "msg ng0: linkdown" ]; then
			t_check "link down: ng0 sent nothing to its hooks ($a, then $b)" \
				"$a" -ge 0 -a "$a" -eq "$b"
		else
			t_check "link up: ng0 sends to its hooks again ($a, then $b)" \
				"$a" -ge 0 -a "$b" -gt "$a"
		fi ;;
	# the mode: ng0's port stopped and started again for it, the
	# lcore paused around that (spinning: no system call either)
	*broadcast | *point2point)
		a=$(ng0_out)
		sleep 0.3
		b=$(ng0_out)
		t_check "${s##* }: ng0 in that mode, link up, sending ($a, then $b)" \
			-n "$(ng status ng0: | grep "^Interface ng0: .* ${s##* } link up$")" \
			-a "$a" -ge 0 -a "$b" -gt "$a" ;;
	*) sleep 0.3 ;;
	esac
done
set +f
sleep 0.3
t_check "the lcore's trace still ran after the last step" \
	"$(kill -0 "$lcore_tracer" 2>/dev/null && echo 1 || echo 0)" -eq 1
kill -INT "$lcore_tracer" 2>/dev/null
# the config file's filter applied: ng0 kept a few of what it saw
read -r seen kept <<<"$(awk '$1 == "ng0" { print $2, $3 }' "$RT_TMP/stop.out")"
t_check "config file: the filter kept $kept of $seen (0 < kept < 10 %)" \
	"${kept:-0}" -gt 0 -a "$((${kept:-0} * 10))" -lt "${seen:-0}"
wait "$main_tracer"
wait "$lcore_tracer"
if grep -q 'Operation not permitted' "$RT_TMP/lcore.trace.err"; then
	t_skip "strace may not attach here: $(head -n 1 "$RT_TMP/lcore.trace.err")"
fi

n=$(wc -l <"$RT_TMP/main.trace")
t_check "strace sees the main thread's system calls ($n)" "$n" -gt 0
n=$(wc -l <"$RT_TMP/lcore.trace")
t_check "no system call on the forwarding lcore through every step ($n)" "$n" -eq 0
[ "$n" -eq 0 ] || head -n 20 "$RT_TMP/lcore.trace"
cat "$RT_TMP/lcore.trace.err"

# the stop is bounded: SIGTERM to exit, traffic and capture still on
t0=$(date +%s%N)
rt_stop TERM
ms=$((($(date +%s%N) - t0) / 1000000))
t_check "relay exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "stopped within 5 s of SIGTERM, under load ($ms ms)" "$ms" -lt 5000
# it forwarded meanwhile: every whole period moved packets on link 0
rates=$(awk '$1 == "link" && $2 == 0 && $5 == "in" { print $7 }' \
	"$RT_TMP/relay.out" | sed -n '2,$p')
t_check "link 0 forwarded in every period ($(tr '\n' ' ' <<<"$rates"))" \
	-z "$(echo "$rates" | awk '$1 == 0')"
t_check "periods seen" -n "$rates"
t_grep "totals balance" '^total link 0 .* ok$' "$RT_TMP/relay.out"
t_grep "the link-down time's packets are ng0's tx_drop_down" \
	'^node ng0 xstats:.* tx_drop_down=[1-9]' "$RT_TMP/relay.out"
rt_done
