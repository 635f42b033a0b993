#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A restart that EAL refuses names the process in its way.  A relay killed
# (SIGKILL, the OOM killer) while a secondary was attached and stopped or
# hung (a dpdk-dumpcap under ^Z) leaves that secondary holding shared
# locks on EAL's run files; the restart with the same --file-prefix then
# fails in EAL ("Cannot allocate memzone list") and said only "No such
# device (ENODEV)", exit 1, which a supervisor meets again and again with
# no word of the cause.  Here a process holds the lock a secondary holds
# (a shared flock() on fbarray_memzone; a real dpdk-dumpcap needs
# hugepages): the restart exits 1 and names it, pid and name; once it is
# gone the restart runs.  A second relay beside a live one on the same
# prefix names the first relay.  Only those are named: not the refused
# relay itself, nor a process that holds the run directory of a prefix
# that begins with this one's; and no more than 16 of many holders, the
# others counted.
# Usage: eal_holders.sh RELAY

RT_NAME='eal-holders'
. "$(dirname "$0")/common.sh"
rt_setup
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"

VDEVS="--vdev=net_ngiface0 --vdev=net_ring0"
HOLDER=""
SIBLING=""
SIBDIR="$EAL_RUN_DIR/${RT_PREFIX}x"
rt_local_cleanup()
{
	[ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
	[ -n "$SIBLING" ] && kill "$SIBLING" 2>/dev/null
	rm -rf "$SIBDIR"
}

# wait_held: wait up to 30 s for a holder's "held" (python3's start and
# its flock, on a machine busy with sanitized relays, once took more
# than rt_wait_for's 5 s)
wait_held()
{
	for _ in 1 2 3 4 5 6; do
		rt_wait_for grep -q held "$RT_TMP/holder.out" && return 0
	done
	return 1
}

# hold FILE LOCK CHILDREN: a python3 that opens FILE (a shared flock() on
# it if LOCK is 1), forks CHILDREN that keep the descriptor, and waits;
# its pid in HELD
hold()
{
	"$RT_PY" -c '
import fcntl, os, sys, time
f = open(sys.argv[1])
if sys.argv[2] == "1":
    fcntl.flock(f, fcntl.LOCK_SH)
for _ in range(int(sys.argv[3])):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
print("held", flush=True)
time.sleep(60)
' "$@" >"$RT_TMP/holder.out" 2>&1 &
	HELD=$!
	wait_held
}

# stop_holder PID: it and the children it forked, until none of them has
# a descriptor left (the children are not this shell's to wait for: a
# restart at once could still meet their locks)
stop_holder()
{
	local kids k

	kids=$(pgrep -P "$1")
	# shellcheck disable=SC2086
	kill $kids "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	for k in $kids; do
		for _ in $(seq 1 100); do
			[ -z "$(ls "/proc/$k/fd" 2>/dev/null)" ] && break
			sleep 0.1
		done
	done
}

# the relay process itself, child of rt_start's timeout(1)
relay_pid()
{
	pgrep -P "$RT_PID"
}

# refused TAG PID NAME [COUNT]: a relay on the same prefix exits 1 and
# names PID (an ERE), COUNT processes in all (1)
refused()
{
	local out="$RT_TMP/$1.out" rc

	# shellcheck disable=SC2046,SC2086
	timeout -s TERM -k 3 20 "$RT_RELAY" $(rt_eal) $VDEVS -- \
		--stack ng0=net_ring0@1 --ctl none >"$out" 2>&1
	rc=$?
	t_check "$1: exit status $rc == 1" "$rc" -eq 1
	t_grep "$1: process $2 ($3) named" \
		"^error: process $2 \\($3\\) holds a lock on EAL's run files of this --file-prefix \\($EAL_RUN_DIR/$RT_PREFIX\\)" \
		"$out"
	NAMED=$(grep -c "holds a lock on EAL's run files" "$out")
	t_check "$1: $NAMED process(es) named, ${4:-1} expected" \
		"$NAMED" -eq "${4:-1}"
	if grep -q 'relay running' "$out"; then
		t_fail "$1: the relay ran anyway"
	fi
}

# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/first.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl none || t_fail "the first relay did not start"
first=$(relay_pid)
# a run directory whose name begins with this one's is another prefix's
if ! mkdir -p "$SIBDIR" || ! : >"$SIBDIR/config"; then
	t_fail "cannot make $SIBDIR"
fi
hold "$SIBDIR/config" 0 0
SIBLING=$HELD
refused "beside a live relay" "$first" ngiface-relay
stop_holder "$SIBLING"
SIBLING=""
kill -KILL "$first"
wait "$RT_PID"
RT_PID=""

# what a stopped secondary keeps after its primary died
"$RT_PY" -c '
import fcntl, sys, time
f = open(sys.argv[1])
fcntl.flock(f, fcntl.LOCK_SH)
print("held", flush=True)
time.sleep(60)
' "$EAL_RUN_DIR/$RT_PREFIX/fbarray_memzone" >"$RT_TMP/holder.out" 2>&1 &
HOLDER=$!
wait_held
t_grep "a process holds the run files as a secondary does" held \
	"$RT_TMP/holder.out"
refused "after SIGKILL, a secondary left" "$HOLDER" python3

kill "$HOLDER"
wait "$HOLDER" 2>/dev/null
HOLDER=""
# twenty holders: sixteen named, the stderr of a restart loop bounded,
# and the four others counted, so that the list does not read as whole
hold "$EAL_RUN_DIR/$RT_PREFIX/fbarray_memzone" 1 19
HOLDER=$HELD
refused "twenty holders" '[0-9]+' python3 16
t_grep "twenty holders: the four not named are counted" \
	"^error: 4 more processes hold them, not named " "$RT_TMP/twenty holders.out"
stop_holder "$HOLDER"
HOLDER=""
# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/restart.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl none
t_grep "the holder gone, the restart runs" 'relay running' "$RT_OUT"
rt_stop TERM
t_check "  ... and stops: exit status $RT_RC == 0" "$RT_RC" -eq 0
rt_done
