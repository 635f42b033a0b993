#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test, and
# does it again under ASan+UBSan, then compiles a release and a clang
# build.  Exits non-zero on any failure.
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
# Counted from meson's testlog.json: OK and EXPECTEDFAIL pass, SKIP (exit 77)
# is skipped, and FAIL, TIMEOUT, INTERRUPT (a Ctrl-C), ERROR and
# UNEXPECTEDPASS fail.  A meson test that fails with no failed test in its
# log, or that runs no test at all, counts as one failure.
passed=0
failed=0
skipped=0
run_suite() {
	local dir=$1; shift
	local log=$dir/meson-logs/testlog.json
	local rc=0 p=0 f=0 s=0
	# meson writes no log when it runs nothing: never count an old one.
	rm -f "$log"
	meson test -C "$dir" --print-errorlogs --num-processes 1 "$@" || rc=$?
	if [ -f "$log" ]; then
		p=$(grep -c '"result": "\(OK\|EXPECTEDFAIL\)"' "$log" || true)
		f=$(grep -c '"result": "\(FAIL\|TIMEOUT\|INTERRUPT\|ERROR\|UNEXPECTEDPASS\)"' \
			"$log" || true)
		s=$(grep -c '"result": "SKIP"' "$log" || true)
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ $((p + f + s)) = 0 ]; then
		echo "test.sh: meson test -C $dir${*:+ $*} ran no test (exit $rc): counted as a failure" >&2
		failed=$((failed + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "test.sh: meson test -C $dir exited $rc with no failed test in $log: counted as a failure" >&2
		failed=$((failed + 1))
	fi
}

# compile_only DIR WHAT [MESON_OPTIONS...]: set up once (with the caller's
# CC), build, and count a build that fails as a failed test.
compile_only() {
	local dir=$1 what=$2; shift 2
	[ -f "$dir/build.ninja" ] || meson setup "$dir" "$@"
	if ninja -C "$dir"; then
		echo "$dir: compiled ($what)"
	else
		echo "$dir: does not compile: counted as a failure" >&2
		failed=$((failed + 1))
	fi
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

	# Builds that only compile, where -Werror makes a warning a failed
	# build for a user who asks for one: a release build (-O3), whose
	# deeper flow analysis warns where -O2 does not, and a clang build
	# of everything, tests too, whose warnings are not GCC's.
	compile_only build-release "-O3, -Werror" \
		-Dbuildtype=release -Dtests=disabled
	CC=clang compile_only build-clang "clang, -Werror"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
