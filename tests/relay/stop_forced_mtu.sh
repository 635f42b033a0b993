#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A second signal while the orderly stop gives an MTU back.  The relay gave
# a persistent TUN its node's MTU (1400 for 1500); the orderly stop gives
# 1500 back, and the forced exit does so too for a record the orderly stop
# has not dealt with.  The record was marked dealt with before the orderly
# stop's own SIOCSIFMTU: a forced exit between the two skipped it, the
# orderly one never came, and the TUN kept 1400.  An LD_PRELOAD shim
# (slow_mtu.c) holds that SIOCSIFMTU 3 s; SIGINT comes meanwhile.  The TUN
# must have 1500 after the relay's exit 3; so too under two --stack links
# (two net_tun on it, nodes of 1400 and 1300), where the forced exit gave
# the MTUs back in the order noted and left 1400.  Then a SIGKILL at the same
# point: the set never made, the MTU's record must be left for the next
# relay (mtu_killed.sh: how the next relay takes it).
# Usage: stop_forced_mtu.sh RELAY NGCTL SHIM

RT_NAME=stop-forced-mtu
. "$(dirname "$0")/common.sh"
rt_setup
SHIM=${3:-}
[ -f "$SHIM" ] || t_skip "slow_mtu shim not given or not built"
rt_netns forcedmtu
# the relay's record of the TUN's MTU (relay_mtu_rec.c)
ino=$(ip netns exec "$RT_NS" stat -L -c %i /proc/self/ns/net)
record()
{
	find /var/run/ngiface-relay -maxdepth 1 -name "mtu.$ino.*.ngfm0" \
		2>/dev/null
}
rt_local_cleanup()
{
	record | xargs -r rm -f
}
# the shim in the relay only, not in ip(8) or sh (a sanitized shim would
# have to come after the sanitizer's runtime there)
arm=$RT_TMP/arm
printf '#!/bin/sh\nexec ip netns exec %s env LD_PRELOAD="%s" %s "%s" "$@"\n' \
	"$RT_NS" "$SHIM" "SLOW_MTU_ARM=$arm" "$1" >"$RT_TMP/relay-slow" &&
	chmod +x "$RT_TMP/relay-slow" || exit 1
RT_RELAY=$RT_TMP/relay-slow
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

ip -n "$RT_NS" tuntap add mode tun multi_queue name ngfm0 ||
	t_skip "cannot make a persistent TUN"
# shellcheck disable=SC2046
rt_start "$RT_TMP/relay.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 --vdev=net_tun0,iface=ngfm0 \
	-- --stack ng0=net_tun0@1 || t_fail "relay did not start"
t_grep "the persistent TUN takes the node's MTU" \
	'net_tun0 MTU 1400, ng0.s \(was 1500\)' "$RT_OUT"

touch "$arm"
kill -TERM "$RT_PID"
rt_wait_for test -e "$arm.fired"
t_check "the orderly stop gives the MTU back, held" -e "$arm.fired"
# past the 200 ms within which a second signal is the first again
sleep 0.3
kill -INT "$RT_PID"
wait "$RT_PID"
RT_RC=$?
RT_PID=""
t_check "exit status $RT_RC == 3 after the second signal" "$RT_RC" -eq 3
mtu=$(ip -n "$RT_NS" -o link show ngfm0 | sed -nE 's/.* mtu ([0-9]+) .*/\1/p')
t_check "the persistent TUN has its MTU back (${mtu:-none})" \
	"${mtu:-0}" -eq 1500

echo "== the same, the TUN under two --stack links (nodes of 1400, 1300)"
# the forced exit gives the MTUs back last changed first, as the orderly
# stop does: in the order noted, the TUN ended at the 1400 the second
# link took for its own
rm -f "$arm.fired"
# shellcheck disable=SC2046
rt_start "$RT_TMP/two.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 \
	--vdev=net_ngiface1,l2=none,mtu=1300 --vdev=net_tun0,iface=ngfm0 \
	--vdev=net_tun1,iface=ngfm0 -- --stack ng0=net_tun0@1 \
	--stack ng1=net_tun1@1 || t_fail "two: relay did not start"
touch "$arm"
kill -TERM "$RT_PID"
rt_wait_for test -e "$arm.fired"
t_check "two: the orderly stop gives an MTU back, held" -e "$arm.fired"
sleep 0.3
kill -INT "$RT_PID"
wait "$RT_PID"
RT_RC=$?
RT_PID=""
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
t_check "two: exit status $RT_RC == 3 after the second signal" "$RT_RC" -eq 3
mtu=$(ip -n "$RT_NS" -o link show ngfm0 | sed -nE 's/.* mtu ([0-9]+) .*/\1/p')
t_check "two: the TUN has its own 1500 back (${mtu:-none})" \
	"${mtu:-0}" -eq 1500
t_check "two: no record left ($(record))" -z "$(record)"
ip -n "$RT_NS" link set ngfm0 mtu 1500

echo "== SIGKILL while the orderly stop gives the MTU back"
rm -f "$arm.fired"
# shellcheck disable=SC2046
rt_start "$RT_TMP/killed.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 --vdev=net_tun0,iface=ngfm0 \
	-- --stack ng0=net_tun0@1 || t_fail "relay did not start again"
relay=$(pgrep -P "$RT_PID" | head -n 1)
touch "$arm"
kill -TERM "$RT_PID"
rt_wait_for test -e "$arm.fired"
t_check "killed: the orderly stop gives the MTU back, held" -e "$arm.fired"
[ -n "$relay" ] && kill -KILL "$relay"
# timeout(1) ends as its child did: no "Killed" from the shell
{ rt_stop TERM; } 2>/dev/null
t_check "killed: the record stays for the next relay ($(record))" \
	-n "$(record)"
t_grep "killed: the record keeps the MTU to give back" \
	'^pid [0-9]+ start [0-9]+ pidns [0-9]+ mtu 1500 set 1400 netns [0-9]+$' "$(record)"
record | xargs -r rm -f
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
ip -n "$RT_NS" link del ngfm0
rt_done
