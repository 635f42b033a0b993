#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A second SIGINT or SIGTERM cuts a long stop short.  The stop waits for a
# control command under way, and a mkpeer of an iface is an EAL hot-plug
# that EAL repeats in every secondary process of the prefix: one that does
# not answer (a dpdk-dumpcap under ^Z) holds it some 10 s.  Here the
# secondary is a datagram socket at EAL's mp_socket_* name that reads the
# request and answers nothing (a real dpdk-dumpcap needs hugepages).
# SIGTERM during that mkpeer starts the stop; it goes through timeout(1),
# which sends it twice, and that must not force it, nor must a SIGHUP
# after it (a terminal that goes away insists on nothing).  A SIGINT
# later ends the relay within 2 s, exit 3, with the forced-exit line and
# no totals,
# having undone what outlives it as the orderly stop does: a persistent
# TUN gets its MTU back (1300, the user's, which the node's mtu=1400
# replaced: net_tap's probe sets 1500 first, and the forced exit used to
# give that back, as the orderly stop did) and its
# record of that MTU is removed, the control socket and the directory the
# relay made for it are removed, EAL's sockets in its run directory too
# (config and fbarray files stay, as after a clean stop; a file another
# process put in place of one of them stays too), and the relay's own TUN
# is gone from the network namespace.  The relay used to ignore the
# second signal and finish the mkpeer's wait first.  Every thread but the
# main one blocks the stop signals, so that both copies of one are
# handled there.
# Usage: stop_forced.sh RELAY NGCTL

RT_NAME=stop-forced
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"
rt_netns forced

SEC=""
rt_local_cleanup()
{
	[ -n "$SEC" ] && kill "$SEC" 2>/dev/null
}

ip -n "$RT_NS" tuntap add mode tun multi_queue name ngfs0 &&
	ip -n "$RT_NS" link set ngfs0 mtu 1300 ||
	t_skip "cannot make a persistent TUN"
sock="$RT_TMP/run/ctl.sock"
# shellcheck disable=SC2046
rt_start "$RT_TMP/relay.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 --vdev=net_tun0,iface=ngfs0 \
	--vdev=net_ngiface1,l2=none --vdev=net_tun1,iface=ngfs1 \
	-- --stack ng0=net_tun0@1 --stack ng1=net_tun1@1 --ctl "$sock" \
	--capture "$RT_TMP/cap.pcapng" ||
	t_fail "relay did not start"
t_grep "the persistent TUN takes the node's MTU" \
	'net_tun0 MTU 1400, ng0.s \(was 1300\)' "$RT_OUT"
# its record, for a relay after one killed (mtu_killed.sh)
ino=$(ip netns exec "$RT_NS" stat -L -c %i /proc/self/ns/net)
record()
{
	find /var/run/ngiface-relay -maxdepth 1 -name "mtu.$ino.*.ngfs0" \
		2>/dev/null
}
t_check "the MTU it had is recorded ($(record))" -n "$(record)"

# Only the main thread takes a stop signal: every other thread (EAL's,
# the lcores', the control thread, the capture's writer, telemetry's)
# blocks SIGHUP, SIGINT and SIGTERM (bits 0, 1 and 14 of SigBlk), so
# that timeout(1)'s two copies of one signal are never handled on two
# threads 200 ms apart
relay=$(pgrep -P "$RT_PID" | head -n 1)
open=""
threads=0
for st in /proc/"$relay"/task/*/status; do
	tid=$(basename "$(dirname "$st")")
	[ "$tid" = "$relay" ] && continue
	threads=$((threads + 1))
	blk=$(awk '/^SigBlk:/ { print $2 }' "$st")
	(((0x$blk & 0x4003) == 0x4003)) || open="$open $tid"
done
t_check "every thread but main blocks the stop signals ($threads threads;${open:- none} open)" \
	"$threads" -gt 2 -a -z "$open"

# the secondary: takes EAL's request, answers nothing
run="$EAL_RUN_DIR/$RT_PREFIX"
"$RT_PY" - "$run/mp_socket_$$_1" >"$RT_TMP/sec.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
s.recv(65536)
print("asked", flush=True)
time.sleep(60)
PY
SEC=$!
rt_wait_for grep -qs bound "$RT_TMP/sec.out"
"$NGCTL" -s "$sock" -t 15000 mkpeer ng1: iface inet inet \
	>"$RT_TMP/mkpeer.out" 2>&1 &
mk=$!
rt_wait_for grep -qs asked "$RT_TMP/sec.out"
t_grep "the mkpeer waits on the secondary" asked "$RT_TMP/sec.out"
# EAL's telemetry socket replaced, as by another process: the forced
# exit removes what the relay made, not what is at that name now
echo other >"$run/.other"
mv -f "$run/.other" "$run/dpdk_telemetry.v2" ||
	t_fail "cannot replace $run/dpdk_telemetry.v2"

kill -TERM "$RT_PID"
rt_wait_for grep -q '^stopping: draining the links' "$RT_OUT"
sleep 1
if kill -0 "$RT_PID" 2>/dev/null; then
	t_pass "SIGTERM (sent twice by timeout) starts the stop, which waits"
else
	t_fail "the relay ended within 1 s of SIGTERM: no long stop to cut"
fi
# a hang-up later is the terminal going away, not someone insisting
kill -HUP "$RT_PID"
sleep 0.5
if kill -0 "$RT_PID" 2>/dev/null; then
	t_pass "SIGHUP on top of the stop does not force it"
else
	t_fail "the relay ended within 0.5 s of SIGHUP: a hang-up forced the exit"
fi
t0=$(date +%s%N)
kill -INT "$RT_PID"
wait "$RT_PID"
RT_RC=$?
ms=$((($(date +%s%N) - t0) / 1000000))
RT_PID=""
wait "$mk"
t_check "exit status $RT_RC == 3 after the second signal" "$RT_RC" -eq 3
t_check "ended within 2 s of the second signal ($ms ms)" "$ms" -lt 2000
t_grep "the forced exit is said" \
	'^stopping: a second signal: forced exit 3, no drain, no totals' \
	"$RT_OUT"
if grep -q '^total ' "$RT_OUT"; then
	t_fail "totals printed after a forced exit"
fi
t_grep "the MTU given back is said" \
	'^--stack ng0=net_tun0@1: net_tun0 MTU 1300 again' "$RT_OUT"
mtu=$(ip -n "$RT_NS" -o link show ngfs0 | sed -nE 's/.* mtu ([0-9]+) .*/\1/p')
t_check "the persistent TUN has its MTU back (${mtu:-none})" "${mtu:-0}" -eq 1300
t_check "... and its record is removed ($(record))" -z "$(record)"
links=$(ip -n "$RT_NS" -o link show | awk -F': ' '{ print $2 }' | sort |
	tr '\n' ' ')
t_check "the relay's own TUN went with it (links: $links)" \
	"$links" = "lo ngfs0 "
t_check "the control socket is removed" ! -e "$sock"
t_check "the directory the relay made for it too" ! -e "$RT_TMP/run"
kill "$SEC" 2>/dev/null
wait "$SEC" 2>/dev/null
SEC=""
rm -f "$run/mp_socket_$$_1"
files=$(find "$run" -mindepth 1 -printf '%f ' 2>/dev/null | tr ' ' '\n' |
	sort | tr '\n' ' ')
t_check "EAL's run directory holds what a clean stop leaves, and the file put in place of its telemetry socket ($files)" \
	"$files" = "config dpdk_telemetry.v2 fbarray_memzone fbarray_nohugemem "
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
ip -n "$RT_NS" link del ngfs0
rt_done
