#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# ngiface against net_ring, ratios from one run (absolute figures vary from
# run to run and machine to machine; ratios taken side by side do not):
#  1. dpdk-testpmd, io and mac forwarding with --tx-first, the same lcores
#     and duration: two ngiface nodes whose hooks are echoes
#     (inet=echo,inet6=echo) against two net_ring loopback ports;
#  2. tests/bench/hop_bench: one ngiface hop (ng A joined to ng B, Tx on A, Rx on
#     B) against one net_ring hop (rte_eth_from_rings pair) over 64k mbufs;
#  3. ngiface-relay per-family dispatch against dpdk-testpmd io forwarding
#     over the same two ports, on the same lcores (see "dispatch" below);
#  4. the control plane: commands per second one relay's control socket
#     answers, and the forwarding rate of a node pair in the same relay
#     with and without 10k commands/s arriving (see "control" below).
# Targets: ngiface >= 0.9 x net_ring in mac mode, >= 0.5 x in io mode;
# relay dispatch >= 0.8 x testpmd io; forwarding under 10k commands/s
# >= 0.95 x forwarding without.
#
# Usage: scripts/bench.sh [BUILD_DIR]      (default: build/ of the checkout)
# Environment: BENCH_SECS (testpmd and dispatch seconds per run, default 5),
#              BENCH_ROUNDS (testpmd and dispatch rounds per figure,
#              each round's runs back to back and judged against each
#              other, the median of the rounds' ratios reported with
#              their range; default 3: the figures of a shared VM move
#              by 10-30 % from one run to the next),
#              BENCH_LCORES (default 0-1: main lcore 0, forwarding lcore 1),
#              BENCH_PARTS (default "pmd hop dispatch control capture":
#              the parts to run; capture is scripts/bench_capture.sh),
#              BENCH_CTL_CLIENTS (control clients, default 4),
#              BENCH_CTL_RATE (background commands/s, default 10000),
#              BENCH_CTL_PHASE (seconds per quiet or loaded phase,
#              default 2),
#              BENCH_CTL_PAIRS (quiet/loaded phase pairs, default 3),
#              BENCH_KEEP (set: keep the raw outputs, say where),
#              BENCH_HUGE (set: run EAL on 2 MiB hugepages the script
#              reserves and mounts, then gives back; needs root.  Default:
#              --no-huge, 4 KiB pages, which run anywhere but cost ngiface
#              page walks that net_ring in io mode never pays).
# DPDK polls at 100 %: run nothing else meanwhile.  The relay periods and
# the dispatch part's testpmd runs during which another DPDK process ran
# (a --file-prefix not ours: its poller shares our cores) are left out and
# named; other load is only warned about.

set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
secs=${BENCH_SECS:-5}
rounds=${BENCH_ROUNDS:-3}
lcores=${BENCH_LCORES:-0-1}
fwd_lcore=${lcores##*[-,]}
main_lcore=${lcores%%[-,]*}
parts=${BENCH_PARTS:-pmd hop dispatch control capture}
ctl_clients=${BENCH_CTL_CLIENTS:-4}
ctl_rate=${BENCH_CTL_RATE:-10000}
ctl_phase=${BENCH_CTL_PHASE:-2}
ctl_pairs=${BENCH_CTL_PAIRS:-3}
prefix="ngiface-bench-$$"
pids=""
tmp=""
# shellcheck source=huge.sh
. "$root/scripts/huge.sh"
# shellcheck source=plugin.sh
. "$root/scripts/plugin.sh"

cleanup()
{
	local pid

	for pid in $pids; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "/var/run/dpdk/$prefix"
	huge_down
	plugin_remove
	if [ -n "$tmp" ] && [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: outputs kept in $tmp" >&2
	elif [ -n "$tmp" ]; then
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

die()
{
	echo "bench: $*" >&2
	exit 1
}

# ---- build -----------------------------------------------------------------

command -v dpdk-testpmd > /dev/null ||
	die "dpdk-testpmd not found (Debian package dpdk-dev)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" > /dev/null || die "meson setup failed"
fi
ninja -C "$build" > /dev/null || die "build failed (ninja -C $build)"
plugin="$build/drivers/net/ngiface/librte_net_ngiface.so"
[ -f "$plugin" ] || die "$plugin not built"
# PATH's testpmd must run the DPDK the plugin was built against (a DPDK of
# one's own beside Debian's: README, "With a DPDK of your own")
plugin_same_dpdk "$(command -v dpdk-testpmd)" "$plugin" || die "$PLUGIN_WHY"
# a clone under /tmp: EAL takes a private copy (scripts/plugin.sh)
plugin_place "$plugin" || die "EAL will not load $plugin (a world-writable" \
	"directory on its path), nor a copy under /run or \$HOME"
plugin=$PLUGIN

hop="$build/tests/bench/hop_bench"
relay_bin="$build/app/ngiface-relay/ngiface-relay"
ctl_load="$build/tests/bench/ctl_load"
for exe in "$hop" "$ctl_load"; do
	[ -x "$exe" ] || die "$exe not built (tests/bench in the meson build)"
done

part() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

if part dispatch || part control; then
	[ -x "$relay_bin" ] || die "$relay_bin not built"
	[ -x /usr/bin/python3 ] ||
		die "/usr/bin/python3 needed (tests/relay/gen_pcap.py)"
	ls /usr/lib/*/dpdk/pmds-*/librte_net_pcap.so > /dev/null 2>&1 ||
		die "net_pcap PMD not installed (Debian package dpdk)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-bench.XXXXXX")

busy=$(ps -eo pid=,pcpu=,comm= | awk -v me=$$ '$1 != me && $2 > 50 { print $3 "(" $1 ")" }')
if [ -n "$busy" ]; then
	echo "warning: busy processes will skew the figures: $busy" >&2
fi

# Other DPDK processes (someone else's poller) seen while we measure: each
# run notes them, the summary names them.
others=""
note_others()
{
	local o

	o=$(ps -eo pid=,args= | awk -v p="$prefix" '
		/--file-prefix/ && index($0, p) == 0 && !/awk/ {
			print $2 "(" $1 ")" }')
	[ -n "$o" ] && others=$(printf '%s\n%s\n' "$others" "$o" | sort -u)
	[ -n "$o" ]
}

# Memory: 4 KiB pages unless BENCH_HUGE asks for hugepages (one DPDK
# process at a time needs 256 of 2 MiB; the dumpcap part of the capture
# bench reserves its own).
mem=(--no-huge -m 512)
if [ -n "${BENCH_HUGE:-}" ]; then
	[ "$(id -u)" -eq 0 ] || die "BENCH_HUGE needs root (hugepages)"
	huge_up 300 "$tmp/huge" || die "$HUGE_WHY"
	mem=(--huge-dir="$HUGE_DIR" -m 512)
fi
eal=(-l "$lcores" "${mem[@]}" --no-pci --file-prefix="$prefix")

# ---- testpmd ---------------------------------------------------------------

# Mean of testpmd's per-period Rx-pps (summed over ports), the first
# period (start-up) left out.  Prints Mpps.
mean_mpps()
{
	awk '
		/Port statistics ====/ {
			if (nb) s[++n] = sum
			sum = 0; nb = 0
		}
		/Rx-pps:/ { sum += $2; nb++ }
		END {
			if (nb) s[++n] = sum
			if (n < 2) { print "nan"; exit }
			t = 0
			for (i = 2; i <= n; i++) t += s[i]
			printf "%.2f\n", t / (n - 1) / 1e6
		}' "$1"
}

# run_testpmd OUT VDEV_ARGS... -- TESTPMD_ARGS...
run_testpmd()
{
	local out=$1 pid rc

	shift
	tainted=0
	note_others && tainted=1
	timeout -s INT -k 3 $((secs + 2)) dpdk-testpmd "${eal[@]}" "$@" \
		< /dev/null > "$out" 2>&1 &
	pid=$!
	pids="$pids $pid"
	rc=0
	wait "$pid" || rc=$?
	note_others && tainted=1
	pids=${pids% "$pid"}
	rm -rf "/var/run/dpdk/$prefix"
	# 124: our SIGINT ended it, as intended
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then
		tail -n 20 "$out" >&2
		die "testpmd failed ($rc)"
	fi
	grep -q 'Bye...' "$out" || die "testpmd did not finish: $out"
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b + 0 > 0) printf "%.3f", a / b; else print "nan" }'
}

verdict()
{
	awk -v r="$1" -v t="$2" 'BEGIN {
		if (r !~ /^[0-9]+(\.[0-9]*)?$/) print "no figure"
		else print (r + 0 >= t) ? "meets" : "MISSES" }'
}

echo "ngiface bench: testpmd $secs s per run, $rounds round(s), lcores $lcores" \
	"(forwarding on lcore $fwd_lcore), $([ -n "$HUGE_DIR" ] && echo "2 MiB" ||
	echo "4 KiB") pages; $(date -u '+%F %T UTC')"
echo

# median of the arguments
median()
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# the median of the ratios read from stdin, one a line, blank lines left
# out (3 decimals; "nan" for none: xargs -n 1 of nothing gives one blank
# line), and their range ("lo-hi")
ratio_median()
{
	awk NF | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "nan"
		else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio_range()
{
	awk NF | sort -g | sed -n '1p;$p' | paste -sd '-'
}

# ratio_line LABEL RATIOS TARGET: the median of a part's per-round ratios,
# with their count and range, against its target
ratio_line()
{
	local r

	r=$(echo "$2" | xargs -n 1 | ratio_median)
	printf '%s %s (median of %s rounds, range %s)  target >= %s: %s\n' \
		"$1" "$r" "$(echo "$2" | wc -w)" \
		"$(echo "$2" | xargs -n 1 | ratio_range)" "$3" \
		"$(verdict "$r" "$3")"
}

# testpmd: each round runs ngiface then net_ring for a mode, back to back;
# the figure is the median of the rounds' ratios (neighbours in time, as
# the machine's speed drifts), the Mpps medians for information.
declare -A mpps runs pratios
for ((r = 1; r <= rounds; r++)); do
	part pmd || break
	for mode in io mac; do
		for drv in ngiface net_ring; do
			out="$tmp/testpmd-$mode-$drv-$r.out"
			if [ "$drv" = ngiface ]; then
				# shellcheck disable=SC2054
				vdevs=(-d "$plugin"
				       --vdev=net_ngiface0,inet=echo,inet6=echo
				       --vdev=net_ngiface1,inet=echo,inet6=echo)
			else
				vdevs=(--vdev=net_ring0 --vdev=net_ring1)
			fi
			run_testpmd "$out" "${vdevs[@]}" -- \
				--total-num-mbufs=16384 --forward-mode="$mode" \
				--tx-first --stats-period 1
			v=$(mean_mpps "$out")
			runs[$mode-$drv]="${runs[$mode-$drv]:-} $v"
			printf '  testpmd %-3s %-8s %10s Mpps (both ports)%s\n' \
				"$mode" "$drv" "$v" \
				"$([ "$rounds" -gt 1 ] && echo ", round $r")"
			[ "$drv" = ngiface ] && ng_v=$v
		done
		v=$(ratio "$ng_v" "$v")
		[ "$v" = nan ] || pratios[$mode]="${pratios[$mode]:-} $v"
	done
done
for k in "${!runs[@]}"; do
	# shellcheck disable=SC2086
	mpps[$k]=$(median ${runs[$k]})
done

# ---- hop_bench -------------------------------------------------------------

hop_out="$tmp/hop_bench.out"
: > "$hop_out"
if part hop; then
	rc=0
	timeout -k 3 120 "$hop" -l "$fwd_lcore" "${mem[@]}" --no-pci \
		--file-prefix="$prefix" -d "$plugin" -- -r 5 -t 0.5 \
		> "$hop_out" 2>&1 || rc=$?
	rm -rf "/var/run/dpdk/$prefix"
	if [ "$rc" -ne 0 ]; then
		cat "$hop_out" >&2
		die "hop_bench failed ($rc)"
	fi
fi

# ---- relay runs ------------------------------------------------------------

# Traffic for the relay and testpmd: net_pcap ports that replay a file in a
# loop (infinite_rx=1; Tx counts and drops).  They give valid IPv4 and IPv6,
# which the nodes and the relay's dispatch need (net_null Rx has none, and
# net_ring ports made by devargs loop to themselves).  64 IPv4/UDP and 64
# IPv6/UDP packets, the families alternating packet by packet (every burst
# mixes them: the dispatch's worst case); 60- and 80-byte frames, 46- and
# 66-byte raw L3 packets.  Both sides of every ratio pay the same port cost
# (an mbuf allocation and a copy per packet received, a free per packet
# sent): what differs is what the relay does between the ports.
pcaps_made=""
make_pcaps()
{
	[ -n "$pcaps_made" ] && return
	/usr/bin/python3 "$root/tests/relay/gen_pcap.py" eth "$tmp/eth.pcap" \
		64 64 0 || die "cannot write $tmp/eth.pcap"
	/usr/bin/python3 "$root/tests/relay/gen_pcap.py" raw "$tmp/raw.pcap" \
		64 64 0 || die "cannot write $tmp/raw.pcap"
	pcaps_made=1
}

rpid=""
tainted=0

# relay_start OUT RELAY_ARGS...: start the relay (bounded), wait until it
# runs.
relay_start()
{
	local out=$1 i

	shift
	note_others || true
	: > "$out"
	timeout -s INT -k 3 120 "$relay_bin" "${eal[@]}" "$@" \
		< /dev/null >> "$out" 2>&1 &
	rpid=$!
	pids="$pids $rpid"
	for ((i = 0; i < 100; i++)); do
		grep -q 'relay running' "$out" && return 0
		kill -0 "$rpid" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$out" >&2
	die "relay did not start: $out"
}

# relay_stop OUT: SIGINT (timeout passes it on), wait; it must exit 0 with
# totals that balance.
relay_stop()
{
	local out=$1 rc=0

	note_others || true
	kill -INT "$rpid" 2>/dev/null || true
	wait "$rpid" || rc=$?
	pids=${pids% "$rpid"}
	rpid=""
	rm -rf "/var/run/dpdk/$prefix"
	if [ "$rc" -ne 0 ]; then
		tail -n 20 "$out" >&2
		die "relay failed ($rc): $out"
	fi
	! grep -q UNBALANCED "$out" || die "relay totals do not balance: $out"
}

# wait_periods OUT N: until the relay has printed N stats periods.
wait_periods()
{
	local i

	for ((i = 0; i < 1200; i++)); do
		[ "$(grep -c '^stats over' "$1")" -ge "$2" ] && return 0
		[ -n "$rpid" ] && ! kill -0 "$rpid" 2>/dev/null && break
		sleep 0.05
	done
	tail -n 20 "$1" >&2
	die "relay stopped printing stats: $1"
}

# run_periods OUT COUNT LABEL: let COUNT more stats periods pass (n counts
# them), labelling each LABEL, or "x" when another DPDK process ran at its
# start or end (its poller takes the forwarding core: the period is left
# out of the figures).
n=0
labels=""
run_periods()
{
	local k busy

	for ((k = 0; k < $2; k++)); do
		busy=0
		note_others && busy=1
		n=$((n + 1))
		wait_periods "$1" "$n"
		note_others && busy=1
		if [ "$busy" -eq 1 ]; then
			labels="$labels x"
		else
			labels="$labels $3"
		fi
	done
}

# period_rates OUT: one line per stats period, the packets/s the relay's
# ports sent (the sum of the "port NAME: ... tx N pkt/s" lines: what the
# relay forwarded, both directions).
period_rates()
{
	awk '
		/^stats over/ { if (n) print s; n++; s = 0 }
		/^port [^ ]+: rx / {
			for (i = 1; i < NF; i++)
				if ($i == "tx") { s += $(i + 1); break }
		}
		END { if (n) print s }' "$1"
}

# label_values RATES LABELS WANT: the periods (Mpps, one a line) whose
# label (the LABELS word of the same position) is WANT.
label_values()
{
	awk -v labels="$2" -v want="$3" '
		BEGIN { split(labels, l, " ") }
		l[NR] == want { printf "%.2f\n", $1 / 1e6 }' "$1"
}

# testpmd's periods (Mpps, one a line): Tx-pps summed over the ports (what
# it forwarded), the first period (no rate yet) left out.
testpmd_tx_periods()
{
	awk '
		/Port statistics ====/ {
			if (nb) s[++n] = sum
			sum = 0; nb = 0
		}
		/Tx-pps:/ { sum += $2; nb++ }
		END {
			if (nb) s[++n] = sum
			for (i = 2; i <= n; i++) printf "%.2f\n", s[i] / 1e6
		}' "$1"
}

# median of the values read from stdin, "nan" for none; the relay and
# testpmd figures are medians of 1-second periods, so one period that a
# neighbour's burst of work spoilt does not move them.
median_in()
{
	local v

	v=$(cat)
	if [ -z "$v" ]; then
		echo nan
		return
	fi
	# shellcheck disable=SC2086
	median $v
}

# ---- dispatch: relay per-family dispatch against testpmd io ---------------
#
# The same two net_pcap ports, the same lcores (main lcore: stats only;
# one forwarding lcore), the same burst (32) and pool size, the same time:
#   testpmd io: pcap0 Rx -> pcap1 Tx, pcap1 Rx -> pcap0 Tx;
#   relay:      --hooks ng0=pcap0 (raw IPv4/IPv6 dispatched by version onto
#               ng0's inet and inet6 hooks; both hooks' out rings drained to
#               pcap0 Tx) and --stack ng0=pcap1 (ng0 Rx, Ethernet added, to
#               pcap1 Tx; pcap1's Ethernet frames into ng0 Tx, classified
#               and stripped onto the hooks):
#               pcap0 -> dispatch -> hooks -> ng0 -> pcap1 and back.
# pcap0 replays raw L3 packets, pcap1 Ethernet frames, in both runs.  The
# relay serves no control socket here (testpmd has none).  Both figures
# are the packets/s the two ports sent, the first second left out.

# dispatch_testpmd RUN / dispatch_relay RUN: one run each; the figure in
# dval ("nan" when another DPDK process ran meanwhile: left out).
dispatch_testpmd()
{
	local out="$tmp/dispatch-testpmd-$1.out" note=""

	run_testpmd "$out" "${pcap_vdevs[@]}" -- --total-num-mbufs=16384 \
		--forward-mode=io --stats-period 1
	dval=$(testpmd_tx_periods "$out" | median_in)
	if [ "$tainted" -eq 1 ]; then
		note=" (another DPDK process ran: left out)"
		dval=nan
	else
		druns[testpmd]="${druns[testpmd]:-} $dval"
	fi
	printf '  testpmd io net_pcap x2        %10s Mpps (both ports), run %s%s\n' \
		"$dval" "$1" "$note"
}

dispatch_relay()
{
	local out="$tmp/dispatch-relay-$1.out" note=""

	relay_start "$out" --vdev=net_ngiface0 "${pcap_vdevs[@]}" -- \
		--hooks "ng0=net_pcap0@$fwd_lcore" \
		--stack "ng0=net_pcap1@$fwd_lcore" \
		--stats-period 1 --ctl none
	n=0
	labels=""
	run_periods "$out" 1 -
	run_periods "$out" "$secs" m
	relay_stop "$out"
	period_rates "$out" > "$out.rates"
	dval=$(label_values "$out.rates" "$labels" m | median_in)
	if [ "$dval" = nan ]; then
		note=" (another DPDK process ran: left out)"
	else
		druns[relay]="${druns[relay]:-} $dval"
	fi
	printf '  relay --hooks/--stack         %10s Mpps (both ports), round %s%s\n' \
		"$dval" "$1" "$note"
}

# Rounds: testpmd, relay, testpmd, relay, ..., testpmd.  Each relay run is
# judged against the faster of the testpmd runs just before and after it:
# neighbours follow a drift of the machine's speed (this guest's moves by
# 10-30 % within a minute: a ratio of medians over the whole run mixes its
# phases), and the faster one keeps a testpmd run that a neighbour's work
# slowed from flattering the relay.  Against their mean, one such run (48
# among 58-60 Mpps) once lifted two of three rounds over 0.8 while the
# runs' medians stood at 0.74.  The figure is the median of the rounds'
# ratios, their range printed too.
declare -A druns dmpps
dratios=""
if part dispatch; then
	make_pcaps
	# shellcheck disable=SC2054
	pcap_vdevs=(--vdev=net_pcap0,rx_pcap="$tmp/raw.pcap",infinite_rx=1
		    --vdev=net_pcap1,rx_pcap="$tmp/eth.pcap",infinite_rx=1)
	dispatch_testpmd 1
	tp_before=$dval
	for ((r = 1; r <= rounds; r++)); do
		dispatch_relay "$r"
		rl=$dval
		dispatch_testpmd $((r + 1))
		rr=$(awk -v a="$rl" -v b="$tp_before" -v c="$dval" 'BEGIN {
			if (a ~ /nan/ || b ~ /nan/ || c ~ /nan/ || b + c <= 0)
				print "nan"
			else printf "%.3f", a / (b > c ? b : c) }')
		[ "$rr" = nan ] || dratios="$dratios $rr"
		tp_before=$dval
	done
fi
for k in testpmd relay; do
	dmpps[$k]=$(echo "${druns[$k]:-}" | xargs -n 1 | median_in)
done

# ---- control: commands per second, forwarding under commands -------------
#
# One relay: nodes ng0 and ng1 with their hooks joined (a node pair), each
# node's stack side on a net_pcap port that replays Ethernet frames:
#   pcap0 -> ng0 Tx -> ng0:inet/inet6 -> ng1 Rx -> pcap1 Tx, and back.
# The forwarding lcore moves real packets through both nodes (classify,
# strip and add L2, hook rings); the rate is the packets/s the two ports
# sent.  testpmd cannot serve here: it has no control socket.  The relay
# serves its socket from an EAL control thread on the main lcore's core.
#
# The command load (tests/bench/ctl_load, lib/control's client, "msg ng0:
# getifname", one connection per command as ngctl makes them) is pinned
# to the main lcore's core too: the forwarding lcore keeps its core, as it
# would on an isolated core in production, and the ratio shows what the
# control plane costs the dataplane (shared state, locks, caches), not the
# scheduler lending the forwarding core to a client process.
#
# Quiet and loaded phases alternate in the one relay run (Q L Q L ...,
# BENCH_CTL_PHASE seconds each, switched as a stats period is printed: a
# period takes at most ~0.1 s of its neighbour's state), so drifts of a busy
# machine hit both alike; each figure is the median of its periods.
# Then, for information (no target): a busy loop pinned to the main lcore's
# core and nothing else, for one phase: what the machine itself takes from
# the forwarding core when its neighbour is busy (on a VM whose vCPUs share
# a physical core, a lot: that is no cost of the control plane); and
# BENCH_CTL_CLIENTS clients sending as fast as answered: the commands per
# second the server answers, and the forwarding rate meanwhile.

ctl_out="$tmp/control-relay.out"
if part control; then
	make_pcaps
	sock="$tmp/ctl.sock"
	relay_start "$ctl_out" \
		--vdev=net_ngiface0,inet=ng1:inet,inet6=ng1:inet6 \
		--vdev=net_ngiface1 \
		--vdev=net_pcap0,rx_pcap="$tmp/eth.pcap",infinite_rx=1 \
		--vdev=net_pcap1,rx_pcap="$tmp/eth.pcap",infinite_rx=1 -- \
		--stack "ng0=net_pcap0@$fwd_lcore" \
		--stack "ng1=net_pcap1@$fwd_lcore" \
		--stats-period 1 --ctl "$sock"
	n=0
	labels=""
	run_periods "$ctl_out" 1 -	# start-up
	: > "$tmp/ctl-paced.out"
	for ((j = 0; j < 2 * ctl_pairs; j++)); do
		what=Q
		lpid=""
		if ((j % 2)); then
			what=L
			taskset -c "$main_lcore" "$ctl_load" -s "$sock" \
				-c "$ctl_clients" -t "$ctl_phase" -r "$ctl_rate" \
				>> "$tmp/ctl-paced.out" 2>&1 &
			lpid=$!
			pids="$pids $lpid"
		fi
		run_periods "$ctl_out" "$ctl_phase" "$what"
		if [ -n "$lpid" ]; then
			wait "$lpid" || die "ctl_load failed: $(cat "$tmp/ctl-paced.out")"
			pids=${pids% "$lpid"}
		fi
	done
	taskset -c "$main_lcore" timeout "$ctl_phase" \
		sh -c 'while :; do :; done' &
	lpid=$!
	pids="$pids $lpid"
	run_periods "$ctl_out" "$ctl_phase" B
	wait "$lpid" || true
	pids=${pids% "$lpid"}
	taskset -c "$main_lcore" "$ctl_load" -s "$sock" -c "$ctl_clients" \
		-t 3 > "$tmp/ctl-max.out" 2>&1 &
	lpid=$!
	pids="$pids $lpid"
	run_periods "$ctl_out" 3 S
	wait "$lpid" || die "ctl_load failed: $(cat "$tmp/ctl-max.out")"
	pids=${pids% "$lpid"}
	relay_stop "$ctl_out"
	period_rates "$ctl_out" > "$ctl_out.rates"
	for w in Q L B S; do
		label_values "$ctl_out.rates" "$labels" "$w" > "$tmp/ctl-$w"
		dmpps[ctl-$w]=$(median_in < "$tmp/ctl-$w")
	done
	# the paced load as delivered: commands/s summed over the phases
	dmpps[ctl-paced]=$(awk '
		{ for (i = 1; i < NF; i++) {
			if ($i == "ok") ok += $(i + 1)
			if ($i == "failed") f += $(i + 1)
			if ($i == "s:") t += $(i - 1)
		} }
		END { if (t) printf "%.0f cmds/s (%d failed)", ok / t, f }' \
		"$tmp/ctl-paced.out")
	dmpps[ctl-max]=$(sed -nE 's/.* ([0-9]+) cmds\/s.*/\1/p' "$tmp/ctl-max.out")
	printf '  control: %s\n' "$(cat "$tmp/ctl-max.out")"
	sed 's/^/  control: /' "$tmp/ctl-paced.out"
fi

# ---- summary ---------------------------------------------------------------

if part pmd; then
	echo
	echo "== ratios (ngiface / net_ring) =="
	ratio_line "testpmd io  --tx-first " "${pratios[io]:-}" 0.5
	printf '  (medians of the runs: %s / %s Mpps)\n' \
		"${mpps[io-ngiface]}" "${mpps[io-net_ring]}"
	ratio_line "testpmd mac --tx-first " "${pratios[mac]:-}" 0.9
	printf '  (medians of the runs: %s / %s Mpps)\n' \
		"${mpps[mac-ngiface]}" "${mpps[mac-net_ring]}"
fi
if part hop; then
	echo
	grep -E '^hop' "$hop_out"
	echo
	echo "hop modes: bare = the hop alone (io-like); touch = the application" \
		"rewrites both MACs after Rx (mac-like)."
	echo "layouts: burst = each burst one family, IPv4/IPv6 bursts alternate;" \
		"packet = families alternate packet by packet."
fi
if part dispatch; then
	echo
	echo "== relay per-family dispatch / testpmd io (net_pcap x2, lcore $fwd_lcore) =="
	echo "each round: the relay against the faster of the testpmd runs either side"
	ratio_line "port -> hooks -> port   " "$dratios" 0.8
	printf '  (medians of the runs: relay %s, testpmd %s Mpps)\n' \
		"${dmpps[relay]}" "${dmpps[testpmd]}"
fi
if part control; then
	echo
	echo "== control socket (relay, $ctl_clients clients on lcore $main_lcore's core) =="
	printf 'commands answered        %8s cmds/s (msg ng0: getifname)\n' \
		"${dmpps[ctl-max]}"
	r=$(ratio "${dmpps[ctl-L]}" "${dmpps[ctl-Q]}")
	printf 'node pair fwd, %s cmds/s %8s / %8s Mpps = %s  target >= 0.95: %s\n' \
		"$ctl_rate" "${dmpps[ctl-L]}" "${dmpps[ctl-Q]}" "$r" \
		"$(verdict "$r" 0.95)"
	r=$(ratio "${dmpps[ctl-B]}" "${dmpps[ctl-Q]}")
	printf 'node pair fwd, busy loop on lcore %s'"'"'s core, no commands %s / %s Mpps = %s (information: the machine)\n' \
		"$main_lcore" "${dmpps[ctl-B]}" "${dmpps[ctl-Q]}" "$r"
	r=$(ratio "${dmpps[ctl-S]}" "${dmpps[ctl-Q]}")
	printf 'node pair fwd, server saturated %s / %s Mpps = %s (information)\n' \
		"${dmpps[ctl-S]}" "${dmpps[ctl-Q]}" "$r"
	echo "paced load delivered: ${dmpps[ctl-paced]}"
	echo "periods (Mpps): quiet $(paste -sd ' ' "$tmp/ctl-Q")" \
		"| loaded $(paste -sd ' ' "$tmp/ctl-L")" \
		"| busy loop $(paste -sd ' ' "$tmp/ctl-B")" \
		"| saturated $(paste -sd ' ' "$tmp/ctl-S")"
	k=$(echo "$labels" | tr ' ' '\n' | grep -c '^x$' || true)
	[ "$k" -eq 0 ] ||
		echo "($k period(s) left out: another DPDK process was running)"
fi
if [ -n "$others" ]; then
	echo
	echo "warning: other DPDK processes ran during the bench, figures" \
		"skewed: $(echo "$others" | xargs)"
fi
if part capture; then
	# relay throughput with capture on against off, and our capture
	# against dpdk-dumpcap: a script of its own (it sets up hugepages)
	echo
	# its own parts: throughput and dumpcap, both
	env -u BENCH_PARTS BENCH_HUGE_DIR="$HUGE_DIR" \
		bash "$root/scripts/bench_capture.sh" "$build"
fi
