#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Capture benchmark (issue 5), ratios from one run:
#  1. relay throughput with the capture on against off: two nodes with their
#     hooks joined, each node's stack side on a net_pcap port replaying
#     Ethernet frames endlessly (infinite_rx), one forwarding lcore; the
#     relay's own rate of link 0 (port to ng0) with no capture, capturing
#     every packet of both nodes, and with a filter keeping ~1 % of them,
#     in turn in one relay run (ngctl capture start/stop; see part 1
#     below).  Target: on >= 0.7 x off.
#  2. packets per second recorded: ngiface's capture of ng1 against
#     dpdk-dumpcap -i ng1 on the same traffic, endless frames into ng0 that
#     reach ng1 through the joined hooks (the relay as primary with
#     hugepages; dumpcap a secondary).  Target: >= 2 x, zero unreported
#     drops (ours: isb_filteraccept = isb_usrdeliv + isb_ifdrop).
# scripts/bench.sh runs it as its part "capture".
#
# Usage: scripts/bench_capture.sh [BUILD_DIR]   (default build/)
# Environment: BENCH_SECS (seconds per phase or run, default 3),
#              BENCH_ROUNDS (rounds of off/all/filtered/busy phases,
#              default 3),
#              BENCH_PARTS (default
#              "throughput dumpcap"), BENCH_HUGE_DIR (a mounted hugetlbfs
#              for the throughput runs, as bench.sh's BENCH_HUGE sets;
#              default: the relay's own no-hugepage set-up).
# Writes capture files of several hundred MB in a temporary directory,
# removed after each run.  Needs root for part 2 (hugepages, restored).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
relay=$build/app/ngiface-relay/ngiface-relay
pmd=$build/drivers/net/ngiface/librte_net_ngiface.so
secs=${BENCH_SECS:-3}
rounds=${BENCH_ROUNDS:-3}
parts=${BENCH_PARTS:-throughput dumpcap}
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-bcap.XXXXXX") ||
	{ echo "bench_capture: mktemp -d failed in ${TMPDIR:-/tmp}" >&2; exit 1; }
prefix=ngiface-bcap-$$
# shellcheck source=huge.sh
. "$top/scripts/huge.sh"
pid=""
pid_busy=""

cleanup()
{
	[ -n "$pid_busy" ] && kill "$pid_busy" 2>/dev/null
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	huge_down
	rm -rf "/var/run/dpdk/$prefix" "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$relay" ] || { echo "no relay at $relay (build first)"; exit 1; }
"$py" "$top/tests/relay/gen_pcap.py" eth "$work/a.pcap" 100 80 7 || exit 1
"$py" "$top/tests/relay/gen_pcap.py" eth "$work/empty.pcap" 0 0 0 || exit 1

# relay_run OUT EAL-EXTRA -- RELAY-OPTIONS: endless traffic, until
# relay_stop or, at the latest, bound seconds (default secs + 30)
relay_run()
{
	local out=$1 eal=() p1

	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do eal+=("$1"); shift; done
	shift
	: >"$out"
	# ng1's own traffic: endless like ng0's, or none (pcap1=empty.pcap)
	p1="rx_pcap=$work/a.pcap,infinite_rx=1"
	[ -n "${pcap1:-}" ] && p1="rx_pcap=$work/$pcap1"
	timeout -s TERM -k 3 "${bound:-$((secs + 30))}" "$relay" -l 0-1 \
		--file-prefix="$prefix" --log-level=lib.eal:warning "${eal[@]}" \
		--vdev=net_ngiface0 \
		--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
		--vdev=net_pcap0,rx_pcap="$work/a.pcap",infinite_rx=1 \
		--vdev=net_pcap1,"$p1" \
		-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 \
		--stats-period 1 "$@" >"$out" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do
		grep -q 'relay running' "$out" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$out" >&2
	echo "bench_capture: the relay did not start: $out" >&2
	exit 1
}

relay_stop()
{
	local rc

	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ] || echo "note: relay exit status $rc ($1)" >&2
	[ -n "${BENCH_KEEP:-}" ] && cp "$work"/*.out "$BENCH_KEEP"/ 2>/dev/null
	pid=""
	rm -rf "/var/run/dpdk/$prefix"
}

median()
{
	sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# the throughput runs' memory: bench.sh's hugepages when it set them up
teal=()
[ -n "${BENCH_HUGE_DIR:-}" ] && teal=(--huge-dir="$BENCH_HUGE_DIR" -m 512)

# Part 1 runs one relay and switches the capture on and off through its
# control socket (ngctl capture start/stop), BENCH_SECS seconds a phase.
# Every measured phase lies between two phases with no capture:
#   off all off filt off busy off all off ...
# and its ratio is its rate over the faster of those two, so a drift of the
# machine's speed (10-30 % within a minute on a shared VM) cancels out as
# far as it is steady over three phases, and an off phase that something
# else slowed cannot flatter the capture (bench.sh's dispatch part judges
# the same way).  A phase's rate is the median of
# its whole stats periods (the period a switch falls in is left out); the
# figure printed is the median of the rounds' ratios, with their range.
# The busy phase, for information, has no capture and a busy loop on
# CPU 0, where the writer runs: on a VM whose vCPUs share a core, that
# alone slows the forwarding CPU, and the capture pays it too.
ngctl_bin=$build/app/ngctl/ngctl
ng() { taskset -c 0 "$ngctl_bin" -s "$work/ctl.sock" "$@"; }

# phase LABEL: secs seconds; link 0's "in" rate of each whole period
# begun after the switch goes to $work/periods as "LABEL PHASE_NO RATE"
nphase=0
phase()
{
	local before after

	nphase=$((nphase + 1))
	before=$(awk '$1 == "link" && $2 == 0 && $5 == "in"' "$work/r.out" | wc -l)
	sleep "$secs"
	after=$(awk '$1 == "link" && $2 == 0 && $5 == "in"' "$work/r.out" | wc -l)
	awk -v a=$((before + 1)) -v b="$after" -v l="$1" -v p="$nphase" '
		$1 == "link" && $2 == 0 && $5 == "in" {
			n++; if (n > a && n <= b) print l, p, $7 }' "$work/r.out" \
		>>"$work/periods"
}

# phase_ratios LABEL: one line per phase LABEL: its median rate over the
# faster of the median rates of the off phases just before and just after
phase_ratios()
{
	local p

	for p in $(awk '{ print $2 }' "$work/periods" | uniq); do
		printf '%s %s %s\n' "$(awk -v p="$p" '$2 == p { print $1; exit }' \
			"$work/periods")" "$p" "$(awk -v p="$p" '$2 == p { print $3 }' \
			"$work/periods" | median)"
	done | awk -v l="$1" '
		{ lab[$2] = $1; med[$2] = $3 }
		END {
			for (p in lab)
				if (lab[p] == l && lab[p - 1] == "off" &&
				    lab[p + 1] == "off") {
					off = med[p - 1]
					if (med[p + 1] > off)
						off = med[p + 1]
					if (off > 0)
						printf "%.3f\n", med[p] / off
				}
		}'
}

# ratio_summary LABEL: "MEDIAN x off (range LO-HI over N rounds)"
ratio_summary()
{
	phase_ratios "$1" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR == 0) { print "no figure"; exit }
		      printf "%.2f x off (range %.2f-%.2f over %d rounds)",
			v[int((NR + 1) / 2)], v[1], v[NR], NR }'
}

# phase_median LABEL: the median rate of LABEL's periods
phase_median() { awk -v l="$1" '$1 == l { print $3 }' "$work/periods" | median; }

case " $parts " in *" throughput "*)
	[ -x "$ngctl_bin" ] || { echo "no ngctl at $ngctl_bin (build first)"; exit 1; }
	: >"$work/periods"
	# seven phases a round, the ngctl calls between them, a last off
	bound=$((rounds * 7 * (secs + 2) + secs + 30))
	relay_run "$work/r.out" "${teal[@]}" -- --ctl "$work/ctl.sock"
	bound=""
	echo "capture of ng0 per phase:  node  seen  accepted  dropped  written_in  written_out"
	for _ in $(seq 1 "$rounds"); do
		phase off
		ng capture start "$work/c.pcapng" >/dev/null || exit 1
		phase all
		ng capture stop | grep -E '^ +ng0 ' | sed 's/^ */  all: /'
		rm -f "$work/c.pcapng"
		phase off
		ng capture start "$work/c.pcapng" 'ip and ip[4:2] = 7' \
			>/dev/null || exit 1
		phase filt
		ng capture stop | grep -E '^ +ng0 ' | sed 's/^ */  filtered: /'
		rm -f "$work/c.pcapng"
		phase off
		# the machine: the writer's CPU busy, and no capture at all
		taskset -c 0 timeout "$secs" sh -c 'while :; do :; done' &
		pid_busy=$!
		phase busy
		wait "$pid_busy"
		pid_busy=""
	done
	phase off
	relay_stop throughput
	[ -n "${BENCH_KEEP:-}" ] && cp "$work/periods" "$BENCH_KEEP"/
	echo "throughput, link 0 pkt/s (medians of each phase's whole 1 s periods; ratios against the faster of the no-capture phases just before and after, median of $rounds rounds):"
	echo "  capture off                  $(phase_median off)"
	echo "  capture on, every packet     $(phase_median all)  ($(ratio_summary all); target >= 0.7)"
	echo "  capture on, filter (~1 %)    $(phase_median filt)  ($(ratio_summary filt))"
	echo "  no capture, CPU 0 busy       $(phase_median busy)  ($(ratio_summary busy); information: what this machine takes from the forwarding CPU when the writer's CPU is busy)"
	;;
esac

case " $parts " in *" dumpcap "*)
	if [ "$(id -u)" -ne 0 ] || ! command -v dpdk-dumpcap >/dev/null; then
		echo "dumpcap: skipped (needs root and dpdk-dumpcap)"
		exit 0
	fi
	huge_up 128 "$work/huge"
	case $? in
	1) echo "dumpcap: skipped ($HUGE_WHY)"; exit 0 ;;
	2) echo "dumpcap: $HUGE_WHY"; exit 1 ;;
	esac

	# ours: ng1 only (its inbound: what ng0 sends it), every packet
	pcap1=empty.pcap
	relay_run "$work/o.out" --huge-dir="$HUGE_DIR" -m 200 -- --ctl none \
		--capture "$work/o.pcapng" --capture-nodes ng1
	sleep "$secs"; relay_stop ours
	ours=$(awk '$1 == "capture" && $2 == "ng1:" { print $11 + $13, $6, $8 }' "$work/o.out")
	"$py" "$top/tests/capture/pcapng_stats.py" "$work/o.pcapng" >"$work/o.stats"
	rm -f "$work/o.pcapng"
	read -r o_written o_acc o_drop <<<"$ours"
	o_unrep=$(awk '/^if ng1/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print v["filteraccept"] - v["usrdeliv"] - v["ifdrop"] }' "$work/o.stats")
	o_pps=$(awk -v n="$o_written" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')

	# dumpcap: the same traffic, the relay capturing nothing.  The
	# traffic into ng1 is cut (rmhook on ng0) before dumpcap detaches:
	# DPDK 22.11's pdump does not wait for an lcore inside its callback
	# before dumpcap frees the pool that callback copies into (a primary
	# crash under load).
	relay_run "$work/d.out" --huge-dir="$HUGE_DIR" -m 200 -- \
		--ctl "$work/ctl.sock"
	LD_PRELOAD=$pmd timeout -k 3 $((secs + 30)) dpdk-dumpcap \
		--file-prefix="$prefix" -i ng1 -a duration:$((secs + 3)) \
		-w "$work/d.pcapng" >"$work/dump.out" 2>&1 &
	dpid=$!
	sleep $((secs + 1))
	"$build/app/ngctl/ngctl" -s "$work/ctl.sock" rmhook ng0: inet
	"$build/app/ngctl/ngctl" -s "$work/ctl.sock" rmhook ng0: inet6
	wait "$dpid"
	relay_stop dumpcap
	pcap1=""
	d_line=$(grep -E "Packets received/dropped on interface" "$work/dump.out" | tail -n 1)
	d_recv=$(sed -nE 's/.*: ([0-9]+)\/([0-9]+).*/\1/p' <<<"$d_line")
	d_drop=$(sed -nE 's/.*: ([0-9]+)\/([0-9]+).*/\2/p' <<<"$d_line")
	d_file=$(capinfos -c -M "$work/d.pcapng" 2>/dev/null | sed -nE 's/^Number of packets: +//p')
	rm -f "$work/d.pcapng"
	# about secs + 1 s of traffic while dumpcap listened, its start-up
	# included: a slight underestimate of its rate
	d_pps=$(awk -v n="${d_file:-0}" -v s="$((secs + 1))" 'BEGIN { printf "%.0f", n / s }')
	echo "packets recorded per second, ng1 inbound (ng0 -> ng1), about $secs s:"
	echo "  ngiface capture   $o_pps pkt/s ($o_written written, $o_drop of $o_acc dropped and counted, unreported $o_unrep)"
	echo "  dpdk-dumpcap      $d_pps pkt/s (${d_file:-?} in the file; it says received/dropped ${d_recv:-?}/${d_drop:-?})"
	echo "  ratio             $(ratio "$o_pps" "$d_pps") x (target >= 2)"
	;;
esac
