#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The stop-time drain with links on two forwarding lcores: ng0's stack side
# on net_pcap0 (lcore 1), its hooks on net_pcap1 (lcore 2), both replaying
# their files endlessly, lcores 1 and 2 sharing one CPU (--lcores).  After
# SIGTERM no port input is taken, the lcores move what is inside the nodes'
# rings until all of them are quiet together, then the totals are printed.
# They must balance end to end: what link 0 delivered to ng0 is what ng0's
# hooks sent out, and that is what link 1 took from them plus what was left
# queued in their out rings; what link 1 delivered onto the hooks' in rings
# is what ng0 received, plus what ng0 dropped from them at its stop
# (rx_drop_down) or left queued.  Once the drain is done, nothing is left.
# Exit 0 within a bound.  The relay used to let each lcore drain on
# its own while polling the ports: two full hook rings (2048 packets) stayed
# out of the totals.
# Usage: drain_balance.sh RELAY

RT_NAME=drain-balance
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap

# IP only on the stack side: ng0 then drops nothing of its own, and what it
# takes is what its hooks send out.  5 non-IP packets on the hook side are
# the relay's non_ip drops, in link 1's in totals.
"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 100 80 0 || exit 1
"$RT_PY" "$RT_DIR/gen_pcap.py" raw "$RT_TMP/raw.pcap" 90 70 5 || exit 1

out="$RT_TMP/relay.out"
rt_start "$out" 30 --lcores 0@0,1@1,2@1 --file-prefix="$RT_PREFIX" \
	--log-level=lib.eal:warning --vdev=net_ngiface0 \
	"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap,infinite_rx=1" \
	"--vdev=net_pcap1,rx_pcap=$RT_TMP/raw.pcap,infinite_rx=1" \
	-- --stack ng0=net_pcap0@1 --hooks ng0=net_pcap1@2 --ctl none ||
	t_fail "relay did not start"
sleep 3
t0=$(date +%s%N)
rt_stop TERM
ms=$((($(date +%s%N) - t0) / 1000000))
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
t_check "stopped within 5 s of SIGTERM ($ms ms)" "$ms" -lt 5000
rt_check_totals 4

# hook_sum FIELD: FIELD of ng0's inet and inet6 totals lines, added up
hook_sum()
{
	awk -v f="$1" '$1 ~ /^node$/ && $2 ~ /^ng0:inet6?:$/ {
		for (i = 3; i < NF; i++) if ($i == f) { s += $(i + 1); n++ } }
		END { print (n == 2 ? s : -1) }' "$out"
}

in0=$(rt_total 0 in delivered)
out1=$(rt_total 1 out packets)
in1=$(rt_total 1 in delivered)
out0=$(rt_total 0 out packets)
hout=$(hook_sum out)
hin=$(hook_sum in)
qout=$(hook_sum queued_out)
qin=$(hook_sum queued_in)
# what ng0's stop dropped from the rings it receives from (0 if none)
down=$(sed -nE 's/^node ng0 xstats:.* rx_drop_down=([0-9]+).*/\1/p' "$out")
down=${down:-0}
echo "link 0 in delivered $in0, ng0 hooks out $hout, queued_out $qout, link 1 out $out1"
echo "link 1 in delivered $in1, ng0 hooks in $hin, queued_in $qin, dropped at stop $down, link 0 out $out0"
t_check "traffic flowed both ways ($in0, $in1)" "$in0" -gt 1000 -a "$in1" -gt 1000
if grep -E '^node ng0 xstats:' "$out" | grep -oE '[rt]x_drop_[a-z]+' |
   grep -qv '^rx_drop_down$'; then
	t_fail "ng0 dropped packets of its own (the balance below assumes none but at its stop)"
fi
t_check "ng0's hooks sent what link 0 delivered to ng0 ($hout == $in0)" \
	"$hout" -eq "$in0"
t_check "queued counts printed for ng0's hooks ($qout, $qin)" \
	"$qout" -ge 0 -a "$qin" -ge 0
# absent (an older relay): 0, so that the checks below weigh the rest
[ "$qout" -ge 0 ] || qout=0
[ "$qin" -ge 0 ] || qin=0
t_check "stack to hooks: hooks out == link 1 out + queued ($hout == $out1 + $qout)" \
	"$hout" -eq "$((out1 + qout))"
t_check "hooks to stack: link 1 delivered == hooks in + queued + dropped at stop ($in1 == $hin + $qin + $down)" \
	"$in1" -eq "$((hin + qin + down))"
t_check "ng0 received what link 0 sent out ($hin == $out0)" "$hin" -eq "$out0"
t_check "the drain left nothing in the rings ($qout + $qin + $down == 0)" \
	"$((qout + qin + down))" -eq 0
t_grep "the queued total line" '^total queued in node rings: 0$' "$out"
if grep -q 'still moved packets' "$out"; then
	t_fail "a drain that ended quiet reported lcores still moving packets"
else
	t_pass "the drain ended quiet: no lcore reported still moving"
fi

# The pool against what may sit outside it: the default pool outsizes
# ng0's rings and the ports' Rx descriptors, said nothing of; the smallest
# does not, said at start: ng0's four rings of 1024, the two pcap ports'
# 1024 descriptors each (ng0's Rx takes from its rings: none counted) and
# two lcores' caches of 256, 6656 in all.  A pool of 6656 holds them: no
# warning.
t_check "the default pool: no warning" \
	-z "$(grep 'warning: --mbufs' "$out")"
for mbufs in 1024 6656; do
	out="$RT_TMP/relay-$mbufs.out"
	rt_start "$out" 30 -l 0-1 --file-prefix="$RT_PREFIX" \
		--log-level=lib.eal:warning --vdev=net_ngiface0 \
		"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap" \
		"--vdev=net_pcap1,rx_pcap=$RT_TMP/raw.pcap" \
		-- --stack ng0=net_pcap0@1 --hooks ng0=net_pcap1@1 --ctl none \
		--mbufs $mbufs || t_fail "relay with --mbufs $mbufs did not start"
	rt_stop TERM
	t_check "--mbufs $mbufs: runs, exit $RT_RC == 0" "$RT_RC" -eq 0
done
t_grep "--mbufs 1024: the rings and descriptors that can outgrow it said" \
	"^warning: --mbufs 1024: the nodes' rings \(4096\) and the ports' Rx descriptors \(2048\) can hold 6656 with" \
	"$RT_TMP/relay-1024.out"
t_check "--mbufs 6656: as many as they can hold, no warning" \
	-z "$(grep 'warning: --mbufs' "$RT_TMP/relay-6656.out")"
# every queue's rings: ng0 with queues=2 (its stack side only) has eight
out="$RT_TMP/relay-queues.out"
rt_start "$out" 30 -l 0-1 --file-prefix="$RT_PREFIX" \
	--log-level=lib.eal:warning --vdev=net_ngiface0,queues=2 \
	"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap" \
	-- --stack ng0=net_pcap0@1 --ctl none --mbufs 1024 ||
	t_fail "relay with ng0's two queues did not start"
rt_stop TERM
t_check "ng0's two queues: runs, exit $RT_RC == 0" "$RT_RC" -eq 0
t_grep "ng0's two queues: the rings of both counted" \
	"^warning: --mbufs 1024: the nodes' rings \(8192\) and the ports' Rx descriptors \(1024\) can hold 9728 with" \
	"$out"
rt_done
