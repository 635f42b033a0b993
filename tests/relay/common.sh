# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Helpers for the relay tests: sourced, never run.  The sourcing script sets
# RT_NAME and passes the relay binary as $1.  One DPDK process at a time,
# each bounded by timeout, each with a --file-prefix of its own.
# Exit codes: 0 pass, 1 fail, 77 skip.

set -u

# shellcheck source=../lib/verdict.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/verdict.sh"
# shellcheck source=../lib/eal_run.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/eal_run.sh"

RT_RELAY=${1:-}
RT_NGCTL=${2:-}	# the ngctl binary, for the tests given one
RT_DIR=$(cd "$(dirname "$0")" && pwd)
RT_PREFIX="ngiface-rt-${RT_NAME}-$$"
RT_TMP=""
RT_PID=""
RT_OUT=""
RT_RC=0
RT_NS=""
RT_PY=/usr/bin/python3

rt_cleanup()
{
	if [ -n "$RT_PID" ]; then
		kill -TERM "$RT_PID" 2>/dev/null
		wait "$RT_PID" 2>/dev/null
	fi
	[ "$(type -t rt_local_cleanup)" = function ] && rt_local_cleanup
	[ -n "$RT_NS" ] && ip netns del "$RT_NS" 2>/dev/null
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
	[ -n "$RT_TMP" ] && rm -rf "$RT_TMP"
}
trap rt_cleanup EXIT
trap 'exit 1' INT TERM

# rt_need_ngctl: NGCTL, the ngctl binary given as the second argument, or
# skip
rt_need_ngctl()
{
	NGCTL=$RT_NGCTL
	[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"
}

# rt_need_pcap: python3 (the traffic generators) and the net_pcap PMD
rt_need_pcap()
{
	[ -x "$RT_PY" ] || t_skip "$RT_PY not found"
	ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_pcap.so \
		>/dev/null 2>&1 || t_skip "net_pcap PMD not installed"
}

# rt_need_tshark: the judges of the capture tests
rt_need_tshark()
{
	command -v capinfos >/dev/null && command -v tshark >/dev/null ||
		t_skip "tshark/capinfos not installed (apt-get install tshark)"
}

rt_done()
{
	if [ "$T_FAILS" -ne 0 ]; then
		echo "$RT_NAME: $T_FAILS check(s) failed; last relay output:"
		[ -n "$RT_OUT" ] && [ -f "$RT_OUT" ] && tail -n 80 "$RT_OUT"
		exit 1
	fi
	echo "$RT_NAME: PASS"
	exit 0
}

rt_setup()
{
	[ -n "$RT_RELAY" ] && [ -x "$RT_RELAY" ] ||
		t_skip "relay binary not given or not built: $RT_RELAY"
	RT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-rt-$RT_NAME.XXXXXX") ||
		t_skip "mktemp -d failed in ${TMPDIR:-/tmp}"
}

# rt_need_netns: what kernel interfaces in namespaces of a test's own need
# (root, /dev/net/tun, ip(8)), or skip
rt_need_netns()
{
	[ "$(id -u)" -eq 0 ] || t_skip "needs root"
	[ -c /dev/net/tun ] || t_skip "no /dev/net/tun"
	command -v ip >/dev/null || t_skip "no ip(8)"
}

# rt_netns TAG: root, /dev/net/tun and ip(8), or skip; then a network
# namespace of the test's own (RT_NS), where every relay the helpers start
# runs from now on (RT_RELAY becomes a wrapper): the kernel interfaces it
# makes are the namespace's.  After rt_setup.
rt_netns()
{
	rt_need_netns
	ip netns add "ngtest-$$-$1" || t_skip "cannot create network namespaces"
	RT_NS="ngtest-$$-$1"
	printf '#!/bin/sh\nexec ip netns exec %s "%s" "$@"\n' "$RT_NS" \
		"$RT_RELAY" >"$RT_TMP/relay-in-ns" &&
		chmod +x "$RT_TMP/relay-in-ns" || exit 1
	RT_RELAY=$RT_TMP/relay-in-ns
}

# EAL options common to every run: two lcores, own prefix.  The relay adds
# --no-huge -m 512 --no-pci itself.
rt_eal()
{
	echo "-l 0-1 --file-prefix=$RT_PREFIX --log-level=lib.eal:warning"
}

# rt_run OUT LIMIT ARGS...: run the relay to its end (plan errors, --help).
rt_run()
{
	RT_OUT=$1
	local limit=$2

	shift 2
	timeout -s TERM -k 3 "$limit" "$RT_RELAY" "$@" >"$RT_OUT" 2>&1
	RT_RC=$?
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
}

# rt_start OUT LIMIT ARGS...: start the relay in the background and wait
# until it says it runs (or ends), up to 30 s (a sanitized relay on a
# loaded machine).  RT_WRAP, if set, is a command that execs the relay
# (env --ignore-signal=HUP).  rt_stop signals timeout(1), which passes the
# signal on and starts its -k clock then: 10 s, so that the tests' own
# bound on a stop (5 s) judges it, not a KILL at 3 s.
rt_start()
{
	RT_OUT=$1
	local limit=$2 i

	shift 2
	: >"$RT_OUT"
	# shellcheck disable=SC2086
	timeout -s TERM -k 10 "$limit" ${RT_WRAP:-} "$RT_RELAY" "$@" \
		>>"$RT_OUT" 2>&1 &
	RT_PID=$!
	for _ in $(seq 1 300); do
		grep -q 'relay running' "$RT_OUT" && return 0
		kill -0 "$RT_PID" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# rt_start_pair OUT LIMIT PCAP0 PCAP1 [EAL-ARGS...] -- RELAY-OPTIONS...:
# rt_start with ng0 and ng1, their hooks joined, each node's stack side on
# a net_pcap port (ng0 on net_pcap0); PCAP0 and PCAP1 are what follows
# rx_pcap= in the port's devargs (a file, ",infinite_rx=1" to loop it).
rt_start_pair()
{
	local out=$1 limit=$2 p0=$3 p1=$4 eal=()

	shift 4
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		eal+=("$1")
		shift
	done
	shift
	# shellcheck disable=SC2046
	rt_start "$out" "$limit" $(rt_eal) "${eal[@]}" \
		--vdev=net_ngiface0 \
		--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
		--vdev=net_pcap0,rx_pcap="$p0" --vdev=net_pcap1,rx_pcap="$p1" \
		-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 "$@"
}

# rt_wait_for CMD...: run CMD every 0.1 s until it succeeds, up to 5 s
# (a helper process's sign that it is ready); its last status
rt_wait_for()
{
	local i

	for ((i = 1; i < 50; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# rt_wait_file FILE WHAT: wait up to 5 s for FILE (a client script's
# sign that it is ready), then check it is there, as "WHAT".
rt_wait_file()
{
	rt_wait_for test -e "$1"
	t_check "$2" -e "$1"
}

# rt_stop [SIGNAL]: signal the relay, wait for it, RT_RC its exit status.
rt_stop()
{
	local sig=${1:-TERM}

	[ -n "$RT_PID" ] || return
	kill -"$sig" "$RT_PID" 2>/dev/null
	wait "$RT_PID"
	RT_RC=$?
	RT_PID=""
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
}

# rt_total LINK DIR FIELD: from the totals, e.g. rt_total 0 in delivered;
# FIELD "packets" is the left-hand side.  -1 if absent.
rt_total()
{
	local line v

	line=$(grep -E "^total link $1 .* $2: " "$RT_OUT" | head -n 1)
	if [ -z "$line" ]; then
		echo -1
		return
	fi
	if [ "$3" = packets ]; then
		v=$(echo "$line" | sed -E "s/.* $2: ([0-9]+) = .*/\1/")
	else
		v=$(echo "$line" | sed -nE "s/.* $3 ([0-9]+).*/\1/p")
	fi
	echo "${v:--1}"
}

# Every totals line balances and none says UNBALANCED; n lines expected.
# The sum is done here again (the packets against delivered and every drop
# cause after the '='), not taken from the relay's own "ok".
rt_check_totals()
{
	local n=$1 got

	got=$(awk '/^total link / && / ok$/ {
			split($0, side, " = "); m = split(side[1], l, " ")
			k = split(side[2], r, " "); sum = 0
			for (i = 2; i < k; i += 3) sum += r[i]
			if (l[m] == sum && l[m] ~ /^[0-9]+$/) good++ }
		END { print good + 0 }' "$RT_OUT")
	t_check "$got of $n totals lines balance (in = delivered + drops)" \
		"$got" -eq "$n"
	if grep -q UNBALANCED "$RT_OUT"; then
		t_fail "a totals line is UNBALANCED"
	fi
}

rt_pcap_count()
{
	if [ -f "$1" ]; then
		"$RT_PY" "$RT_DIR/gen_pcap.py" count "$1"
	else
		echo -1
	fi
}
