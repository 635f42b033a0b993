#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the libFuzzer harnesses with clang, ASan and UBSan, and run each
# for SECONDS: lib/control's ASCII parser (parse) and binary decoder
# (decode), what ngctl reads of a server's replies and its socket node's
# hooks (ngctl: app/ngctl), and the relay's options and config files
# (config: app/ngiface-relay, linked against libdpdk, no EAL started;
# left out, with the reason, where pkg-config finds no libdpdk).
#
#   scripts/fuzz.sh [SECONDS]      default 60 per harness
#
# NGC_FUZZ_BUILD sets the build directory (default build-fuzz in the
# checkout).  Exits 77 (meson's "skipped") with the reason when clang or
# libFuzzer is missing; non-zero on any crash, leak or UB report.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=${NGC_FUZZ_BUILD:-$top/build-fuzz}

skip() { printf 'fuzz: SKIP: %s\n' "$*"; exit 77; }

cc=
for c in "${CLANG:-}" clang clang-14 clang-15 clang-16; do
	if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then
		cc=$c
		break
	fi
done
[ -n "$cc" ] || skip "no clang on PATH"

mkdir -p "$out"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -D_GNU_SOURCE -Wall -Wextra
	-I"$top/lib/control" -I"$top/tests/control")
printf 'int LLVMFuzzerTestOneInput(const char *d, long n)\n{ (void)d; (void)n; return 0; }\n' \
	>"$out/probe.c"
"$cc" "${flags[@]}" -o "$out/probe" "$out/probe.c" >/dev/null 2>&1 ||
	skip "$cc cannot link -fsanitize=fuzzer (libFuzzer runtime missing?)"

srcs=()
for f in buf cli errno exec format msg node parse path; do
	srcs+=("$top/lib/control/ngc_$f.c")
done

harnesses=(parse decode ngctl)
for h in parse decode; do
	"$cc" "${flags[@]}" -o "$out/fuzz_$h" "$top/tests/control/fuzz_$h.c" \
		"${srcs[@]}" "$top/tests/control/fake_graph.c"
done
"$cc" "${flags[@]}" -I"$top/app/ngctl" -o "$out/fuzz_ngctl" \
	"$top/tests/control/fuzz_ngctl.c" "$top/app/ngctl/ngctl_json.c" \
	"$top/app/ngctl/ngctl_sock.c" "${srcs[@]}"

# The relay's parser: its capture options and the driver's hook names come
# with it, so DPDK's headers and libraries too (the harness says what it
# stubs).  fopen is wrapped: config files are read from its directory only.
relay=$top/app/ngiface-relay
if pkg-config --exists libdpdk 2>/dev/null; then
	"$cc" "${flags[@]}" -DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API \
		$(pkg-config --cflags libdpdk) \
		-I"$top/third_party/dpdk-sdk/include" -I"$relay" \
		-I"$top/drivers/net/ngiface" -Wl,--wrap=fopen \
		-o "$out/fuzz_config" "$top/tests/relay/fuzz_config.c" \
		"$relay/relay_config.c" "$relay/relay_capture.c" \
		"$relay/relay_capture_tap.c" "$relay/cap_rotate.c" \
		"$relay/cap_pcapng.c" "$top"/drivers/net/ngiface/*.c \
		"$top/lib/control/ngc_cli.c" "$top/lib/control/ngc_errno.c" \
		"$top/lib/control/ngc_buf.c" \
		$(pkg-config --libs libdpdk) -lrte_bus_vdev -lpthread
	harnesses+=(config)
else
	printf 'fuzz: config left out: pkg-config finds no libdpdk\n'
fi

# Seeds: text ones from the tree, binary messages made here.
mkdir -p "$out/corpus-parse" "$out/corpus-decode" "$out/corpus-ngctl" \
	"$out/corpus-config" "$out/tmp"
cp -n "$top/tests/control/fuzz-seeds/parse/"* "$out/corpus-parse/" 2>/dev/null || true
cp -n "$top/tests/control/fuzz-seeds/ngctl/"* "$out/corpus-ngctl/" 2>/dev/null || true
cp -n "$top/tests/relay/fuzz-seeds/config/"* "$out/corpus-config/" 2>/dev/null || true
le32() { printf "\\\\x%02x\\\\x%02x\\\\x%02x\\\\x%02x" $(($1 & 255)) \
	$((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
seed_msg() {	# name cookie cmd flags cmdstr argbytes-as-printf-escapes arglen
	local hdr cs
	cs=$(printf '%-32s' "$5" | tr ' ' '\0' | od -An -v -tx1 | tr -d ' \n' |
		sed 's/\(..\)/\\x\1/g')
	hdr="\\x08\\x00\\x00\\x00$(le32 "$7")$(le32 "$3")$(le32 "$4")$(le32 1)$(le32 "$2")"
	printf "$hdr$cs$6" >"$out/corpus-decode/$1"
}
seed_msg getifname 1108312559 1 0 getifname '' 0
seed_msg getifname_resp 1108312559 1 1 getifname 'ng0\x00' 4
seed_msg getifindex_resp 1108312559 4 1 getifindex '\x01\x00\x00\x00' 4
seed_msg listtypes 1137070366 $((10 | 0x10000000)) 0 listtypes '' 0
seed_msg rmhook 1137070366 5 0 rmhook "inet$(printf '\\x00%.0s' $(seq 28))" 32
seed_msg linkup 851672669 32 0 linkup '' 0

status=0
for h in "${harnesses[@]}"; do
	printf 'fuzz: %s for %s s\n' "$h" "$secs"
	# the relay's parser says every refusal on stderr: libFuzzer's own
	# output and the sanitizers' reports keep a descriptor of their own
	quiet=0
	[ "$h" = config ] && quiet=3
	if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		TMPDIR="$out/tmp" \
		"$out/fuzz_$h" -max_total_time="$secs" -max_len=8192 -timeout=10 \
		-rss_limit_mb=1024 -print_final_stats=1 -close_fd_mask=$quiet \
		-artifact_prefix="$out/crash-$h-" "$out/corpus-$h" \
		>"$out/fuzz_$h.log" 2>&1; then
		printf 'fuzz: %s FAILED; see %s\n' "$h" "$out/fuzz_$h.log"
		tail -n 40 "$out/fuzz_$h.log"
		status=1
	else
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' \
			"$out/fuzz_$h.log" | tail -n 2 || true
	fi
done
exit $status
