#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test, and
# does it again under ASan+UBSan.  Exits non-zero on any failure.
#
#   scripts/test.sh            everything
#   scripts/test.sh --quick    the plain build only, no sanitizer pass
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

bash scripts/setup.sh

# A results line per build dir, then one closing line for the whole run.
passed=0
failed=0
run_suite() {
	local dir=$1; shift
	local rc=0
	meson test -C "$dir" --print-errorlogs --num-processes 1 "$@" || rc=$?
	local p f
	p=$(grep -c '"result": "OK"' "$dir/meson-logs/testlog.json" || true)
	f=$(grep -c '"result": "\(FAIL\|TIMEOUT\|ERROR\|UNEXPECTEDPASS\)"' \
		"$dir/meson-logs/testlog.json" || true)
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" = 0 ] || [ "$f" != 0 ] || failed=$((failed + 1))
}

[ -f build/build.ninja ] || meson setup build
ninja -C build
run_suite build

if [ "$quick" = 0 ]; then
	# DPDK's own start-up allocations are never freed: leaks off, the
	# rest (overflows, use after free, UB) fatal.  Suite "sanitized":
	# every test that runs only our own binaries (not the integration
	# tests, which load the driver into Debian's testpmd and dumpcap).
	[ -f build-asan/build.ninja ] || meson setup build-asan \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all
	ninja -C build-asan
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		run_suite build-asan --suite sanitized
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
