# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Helpers for the integration tests: sourced, never run.  Each test runs
# dpdk-testpmd (PATH's, or NGIFACE_TESTPMD) with the built plugin (-d), one
# DPDK process at a time, every one bounded by timeout and with a
# --file-prefix of its own.  A testpmd that cannot load the plugin (EAL
# linked in, or another DPDK's libraries) fails the test at once, saying so.
#
# The sourcing script sets IT_NAME first and passes the build dir as $1.
# Exit codes: 0 pass, 1 fail, 77 skip.

set -u

# shellcheck source=../lib/verdict.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/verdict.sh"
# shellcheck source=../../scripts/plugin.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/plugin.sh"

IT_BUILD=${1:-}
IT_PREFIX="ngiface-it-${IT_NAME}-$$"
IT_TMP=""
IT_PIDS=""
IT_OUT=""
IT_RC=0

it_cleanup()
{
	local pid

	exec 3>&-
	for pid in $IT_PIDS; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in $IT_PIDS; do
		wait "$pid" 2>/dev/null
	done
	rm -rf "/var/run/dpdk/$IT_PREFIX"
	plugin_remove
	[ -n "$IT_TMP" ] && rm -rf "$IT_TMP"
}
trap it_cleanup EXIT
trap 'exit 1' INT TERM

it_done()
{
	if [ "$T_FAILS" -ne 0 ]; then
		echo "$IT_NAME: $T_FAILS check(s) failed; testpmd output in:"
		echo "---- $IT_OUT ----"
		[ -n "$IT_OUT" ] && [ -f "$IT_OUT" ] && tr -d '\033' < "$IT_OUT" | tail -n 150
		exit 1
	fi
	echo "$IT_NAME: PASS"
	exit 0
}

it_setup()
{
	local given=$IT_BUILD

	[ -n "$IT_BUILD" ] || t_skip "usage: $0 BUILD_DIR"
	IT_BUILD=$(cd "$IT_BUILD" 2>/dev/null && pwd) ||
		t_skip "build dir $given not found"
	IT_PLUGIN="$IT_BUILD/drivers/net/ngiface/librte_net_ngiface.so"
	[ -f "$IT_PLUGIN" ] || t_skip "plugin $IT_PLUGIN not built"
	# NGIFACE_TESTPMD names another dpdk-testpmd than PATH's (meson
	# test puts the bin directory of a DPDK of one's own first on PATH)
	if [ -n "${NGIFACE_TESTPMD:-}" ]; then
		# a path, or a name looked up on PATH
		# (asked for by name: a failure, not a skip, when missing)
		IT_TESTPMD=$(type -P -- "$NGIFACE_TESTPMD") || {
			echo "FAIL: NGIFACE_TESTPMD=$NGIFACE_TESTPMD: no such program"
			exit 1
		}
	else
		IT_TESTPMD=$(command -v dpdk-testpmd) ||
			t_skip "dpdk-testpmd not found (Debian package dpdk-dev)"
	fi
	# the built file, not a copy: its RUNPATH may be $ORIGIN-relative
	plugin_same_dpdk "$IT_TESTPMD" "$IT_PLUGIN" || {
		echo "FAIL: $PLUGIN_WHY"
		exit 1
	}
	command -v timeout > /dev/null || t_skip "timeout(1) not found"
	command -v stdbuf > /dev/null || t_skip "stdbuf(1) not found"
	# EAL refuses plugins in world-writable directories (a clone in
	# /tmp): then the tests load a private copy.
	plugin_place "$IT_PLUGIN" ||
		t_skip "EAL will not load $IT_PLUGIN (a world-writable" \
			"directory on its path), nor a copy under /run or \$HOME"
	IT_PLUGIN=$PLUGIN
	# EAL arguments shared by every run; the caller adds its --vdev
	# options.  An array: the plugin's path may hold spaces (a tree
	# unpacked under "My Projects").
	IT_EAL=(-l 0-1 --no-huge -m 512 --no-pci --file-prefix="$IT_PREFIX"
		-d "$IT_PLUGIN")
	mkdir -p /var/run/dpdk 2>/dev/null
	[ -w /var/run/dpdk ] || t_skip "/var/run/dpdk is not writable (run as root)"
	IT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-it-${IT_NAME}.XXXXXX") ||
		t_skip "mktemp failed"
}


# Run testpmd non-interactively for SECS seconds, then stop it with SIGINT
# (it then prints its forward statistics and exits).  IT_RC is testpmd's
# own status: --preserve-status, for timeout(1) exits 124 whenever its time
# ran out, however the command then ended (an rte_exit or a crash in EAL's
# cleanup, after "Bye...", read as 124 and so as 0); 137 if the KILL came.
# it_run_timed OUTFILE SECS EAL_ARGS... -- TESTPMD_ARGS...
it_run_timed()
{
	local out=$1 secs=$2 pid

	shift 2
	IT_OUT=$out
	timeout --preserve-status -s INT -k 3 "$secs" "$IT_TESTPMD" "$@" \
		< /dev/null > "$out" 2>&1 &
	pid=$!
	IT_PIDS="$IT_PIDS $pid"
	wait "$pid"
	IT_RC=$?
	IT_PIDS=${IT_PIDS% "$pid"}
	return 0
}

# Interactive testpmd fed through a FIFO, so that commands can be spaced
# in time.  it_start OUTFILE MAXSECS EAL_ARGS... -- TESTPMD_ARGS (with -i)
it_start()
{
	local out=$1 secs=$2

	shift 2
	IT_OUT=$out
	rm -f "$IT_TMP/in"
	mkfifo "$IT_TMP/in"
	# stdbuf: line-buffered stdout, so the output can be followed live
	timeout -k 3 "$secs" stdbuf -oL -eL "$IT_TESTPMD" "$@" \
		< "$IT_TMP/in" > "$out" 2>&1 &
	IT_PID=$!
	IT_PIDS="$IT_PIDS $IT_PID"
	exec 3> "$IT_TMP/in"
	it_wait_for 'testpmd> ' 30 ||
		echo "warning: no testpmd prompt after 30 s"
}

# One node (the --vdev value VDEV) under testpmd txonly for 2 s, then its
# port stats and xstats in the output.  it_txonly_run VDEV
it_txonly_run()
{
	it_start "$IT_TMP/testpmd.out" 60 "${IT_EAL[@]}" --vdev="$1" \
		-- -i --total-num-mbufs=16384
	it_cmd "set fwd txonly"
	it_cmd "start"
	sleep 2
	it_cmd "stop"
	it_cmd "show port xstats 0"
	it_cmd "show port stats 0"
	it_stop
}

# Occurrences of PATTERN (fixed string) in the output.
it_count()
{
	grep -oF -- "$1" "$IT_OUT" | wc -l
}

# it_wait_for PATTERN SECS [COUNT]: wait until PATTERN (fixed string)
# occurs COUNT times (default 1) in the output, or the process has ended.
it_wait_for()
{
	local pat=$1 secs=$2 count=${3:-1} i=0

	while [ "$i" -lt $((secs * 10)) ]; do
		[ "$(it_count "$pat")" -ge "$count" ] && return 0
		kill -0 "$IT_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(it_count "$pat")" -ge "$count" ]
}

# Send one command, wait for the prompt after it (the echo of each command
# follows the prompt printed once the one before it is done).
it_cmd()
{
	local n

	n=$(it_count 'testpmd> ')
	if ! kill -0 "$IT_PID" 2>/dev/null ||
	   ! (trap '' PIPE; printf '%s\n' "$1" >&3) 2>/dev/null; then
		t_fail "testpmd gone before command \"$1\""
		return 1
	fi
	it_wait_for 'testpmd> ' 30 $((n + 1)) ||
		echo "warning: no prompt after \"$1\""
}

# Send one command and leave what it printed in IT_LAST (a file).
it_cmd_out()
{
	local before

	before=$(wc -l < "$IT_OUT")
	it_cmd "$1"
	IT_LAST="$IT_TMP/last.out"
	tail -n +$((before + 1)) "$IT_OUT" > "$IT_LAST"
}

# it_moment PORT TAG: forward (the mode already set) for half a second with
# PORT's xstats cleared before and shown after; what that printed goes to
# $IT_TMP/TAG.out
it_moment()
{
	local before

	before=$(wc -l < "$IT_OUT")
	it_cmd "clear port xstats $1"
	it_cmd "start"
	sleep 0.5
	it_cmd "stop"
	it_cmd "show port xstats $1"
	tail -n +$((before + 1)) "$IT_OUT" > "$IT_TMP/$2.out"
}

# it_mempool_whole [LABEL]: testpmd's dump_mempool accounts for every mbuf
# (free in the common pool and the caches), checked as LABEL
it_mempool_whole()
{
	local size avail

	it_cmd_out "dump_mempool"
	size=$(awk -F= '/^  size=/ { print $2; exit }' "$IT_LAST")
	avail=$(awk -F= '/total_cache_count=/ { c = $2 }
		/common_pool_count=/ { p = $2 }
		END { print c + p }' "$IT_LAST")
	t_check "${1:+$1: }mempool whole ($avail of ${size:-?} free)" \
		"${size:-0}" -gt 0 -a "$avail" -eq "${size:-0}"
}

# Send quit, close the input, wait for testpmd; IT_RC gets its status.
it_stop()
{
	(trap '' PIPE; printf 'quit\n' >&3) 2>/dev/null
	exec 3>&-
	wait "$IT_PID"
	IT_RC=$?
	IT_PIDS=${IT_PIDS% "$IT_PID"}
	return 0
}

# Value of counter NAME (e.g. "RX-packets") in the last "Forward statistics
# for port P" block of FILE (default: the whole output).
it_fwd_stat()
{
	local port=$1 name=$2 file=${3:-$IT_OUT}

	awk -v p="Forward statistics for port $port " -v k="$name:" '
		index($0, p) { inb = 1; next }
		inb && /-------------------------------------------/ { inb = 0 }
		inb { for (i = 1; i < NF; i++) if ($i == k) { v = $(i + 1); } }
		END { print (v == "" ? -1 : v) }' "$file"
}

# Value of xstat NAME in the last "NIC extended statistics for port P" block
# of FILE (default: the whole output).
it_xstat()
{
	local port=$1 name=$2 file=${3:-$IT_OUT}

	awk -v p="NIC extended statistics for port $port" -v k="$name:" '
		index($0, p) { inb = 1; v = ""; next }
		inb && /^$|#####/ { inb = 0 }
		inb && $1 == k { v = $2 }
		END { print (v == "" ? -1 : v) }' "$file"
}

# Value of a field (e.g. "TX-errors") in the last "NIC statistics for port P"
# block of FILE (default: the whole output).
it_nic_stat()
{
	local port=$1 name=$2 file=${3:-$IT_OUT}

	awk -v p="NIC statistics for port $port " -v k="$name:" '
		index($0, p) { inb = 1; v = ""; next }
		inb && /#####/ { inb = 0 }
		inb { for (i = 1; i < NF; i++) if ($i == k) v = $(i + 1) }
		END { print (v == "" ? -1 : v) }' "$file"
}

# testpmd must have ended on its own terms: exit 0, no crash text.
it_check_clean_exit()
{
	t_check "testpmd exited with status 0 (got $IT_RC)" "$IT_RC" -eq 0
	if grep -qE 'PANIC|Segmentation fault|Aborted|core dumped' "$IT_OUT"; then
		t_fail "testpmd output shows a crash"
	fi
	t_check "testpmd said Bye" -n "$(grep -F 'Bye...' "$IT_OUT")"
}
