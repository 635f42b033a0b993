#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# ngiface against net_ring, ratios from one run (absolute figures vary from
# run to run and machine to machine; ratios taken side by side do not):
#  1. dpdk-testpmd, io and mac forwarding with --tx-first, the same lcores
#     and duration: two ngiface nodes whose hooks are echoes
#     (inet=echo,inet6=echo) against two net_ring loopback ports;
#  2. bench/hop_bench: one ngiface hop (ng A joined to ng B, Tx on A, Rx on
#     B) against one net_ring hop (rte_eth_from_rings pair) over 64k mbufs.
# Targets: ngiface >= 0.9 x net_ring in mac mode, >= 0.5 x in io mode.
#
# Usage: scripts/bench.sh [BUILD_DIR]      (default: build/ of the checkout)
# Environment: BENCH_SECS (testpmd seconds per run, default 5),
#              BENCH_ROUNDS (testpmd runs per figure, alternated, median
#              reported; default 1),
#              BENCH_LCORES (default 0-1: main lcore 0, forwarding lcore 1).
# DPDK polls at 100 %: run nothing else meanwhile.

set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
secs=${BENCH_SECS:-5}
rounds=${BENCH_ROUNDS:-1}
lcores=${BENCH_LCORES:-0-1}
fwd_lcore=${lcores##*[-,]}
prefix="ngiface-bench-$$"
pids=""
tmp=""

cleanup()
{
	local pid

	for pid in $pids; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "/var/run/dpdk/$prefix"
	[ -n "$tmp" ] && rm -rf "$tmp"
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

hop="$build/bench/hop_bench"
if [ ! -x "$hop" ]; then
	# bench/ not part of the meson build: compile the harness alone
	hop="$build/bench-local/hop_bench"
	mkdir -p "$build/bench-local"
	if [ ! -x "$hop" ] || [ "$root/bench/hop_bench.c" -nt "$hop" ]; then
		# shellcheck disable=SC2046
		cc -O2 -g -std=gnu11 -Wall -Wextra -Werror \
			-DALLOW_EXPERIMENTAL_API -D_GNU_SOURCE \
			$(pkg-config --cflags libdpdk) \
			"$root/bench/hop_bench.c" -o "$hop" \
			$(pkg-config --libs libdpdk) -lrte_net_ring ||
			die "cannot build $hop"
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-bench.XXXXXX")

busy=$(ps -eo pid=,pcpu=,comm= | awk -v me=$$ '$1 != me && $2 > 50 { print $3 "(" $1 ")" }')
if [ -n "$busy" ]; then
	echo "warning: busy processes will skew the figures: $busy" >&2
fi

eal=(-l "$lcores" --no-huge -m 512 --no-pci --file-prefix="$prefix")

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
	timeout -s INT -k 3 $((secs + 2)) dpdk-testpmd "${eal[@]}" "$@" \
		< /dev/null > "$out" 2>&1 &
	pid=$!
	pids="$pids $pid"
	rc=0
	wait "$pid" || rc=$?
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
		print (r + 0 >= t) ? "meets" : "MISSES" }'
}

echo "ngiface bench: testpmd $secs s per run, $rounds round(s), lcores $lcores" \
	"(forwarding on lcore $fwd_lcore); $(date -u '+%F %T UTC')"
echo

# median of the arguments
median()
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A mpps runs
for ((r = 1; r <= rounds; r++)); do
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
		done
	done
done
for k in "${!runs[@]}"; do
	# shellcheck disable=SC2086
	mpps[$k]=$(median ${runs[$k]})
done

# ---- hop_bench -------------------------------------------------------------

hop_out="$tmp/hop_bench.out"
rc=0
timeout -k 3 120 "$hop" -l "$fwd_lcore" --no-huge -m 512 --no-pci \
	--file-prefix="$prefix" -d "$plugin" -- -r 5 -t 0.5 \
	> "$hop_out" 2>&1 || rc=$?
rm -rf "/var/run/dpdk/$prefix"
if [ "$rc" -ne 0 ]; then
	cat "$hop_out" >&2
	die "hop_bench failed ($rc)"
fi

# ---- summary ---------------------------------------------------------------

echo
echo "== ratios (ngiface / net_ring) =="
r=$(ratio "${mpps[io-ngiface]}" "${mpps[io-net_ring]}")
printf 'testpmd io  --tx-first  %8s / %8s Mpps = %s  target >= 0.5: %s\n' \
	"${mpps[io-ngiface]}" "${mpps[io-net_ring]}" "$r" "$(verdict "$r" 0.5)"
r=$(ratio "${mpps[mac-ngiface]}" "${mpps[mac-net_ring]}")
printf 'testpmd mac --tx-first  %8s / %8s Mpps = %s  target >= 0.9: %s\n' \
	"${mpps[mac-ngiface]}" "${mpps[mac-net_ring]}" "$r" "$(verdict "$r" 0.9)"
echo
grep -E '^hop' "$hop_out"
echo
echo "hop modes: bare = the hop alone (io-like); touch = the application" \
	"rewrites both MACs after Rx (mac-like)."
echo "layouts: burst = each burst one family, IPv4/IPv6 bursts alternate;" \
	"packet = families alternate packet by packet."
