#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The relay built only from DPDK ports (no kernel): node ng0's stack side on
# a net_pcap port that replays Ethernet frames, its hooks on a net_pcap port
# that replays raw L3 packets.  Checks the per-family dispatch, the non-IP
# drops, the pcap files written, the telemetry commands, SIGTERM totals that
# balance, the ports' totals, and exit 0.  A second run with tiny unread rings checks that the
# tx_full, ring_full and af_unserved drops are counted and still balance.
# Usage: pcap_flow.sh RELAY [NGCTL]

RT_NAME=pcap-flow
. "$(dirname "$0")/common.sh"
rt_setup

rt_need_pcap

# eth: 100 IPv4 + 80 IPv6 + 7 ARP; raw: 90 IPv4 + 70 IPv6 + 5 junk
"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 100 80 7 || exit 1
"$RT_PY" "$RT_DIR/gen_pcap.py" raw "$RT_TMP/raw.pcap" 90 70 5 || exit 1

out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 20 $(rt_eal) \
	--vdev=net_ngiface0 --vdev=net_ngiface1 --vdev=net_ngiface2,iface=wan-0 \
	"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap,tx_pcap=$RT_TMP/eth_out.pcap" \
	"--vdev=net_pcap1,rx_pcap=$RT_TMP/raw.pcap,tx_pcap=$RT_TMP/raw_out.pcap" \
	-- --stack ng0=net_pcap0@1 --hooks ng0=net_pcap1@1 --burst 16 \
	--stats-period 1 --ctl "$RT_TMP/ctl.sock" ||
	t_fail "relay did not start"
sleep 1.5

# ng1 and wan-0, which no link uses, and ng2, made by ngctl: telemetry's
# nodes are every node of the process, as the periodic report's.  wan-0 is
# a name DPDK's telemetry refuses as a key ('-'): it used to make the
# whole /ngiface/nodes answer null.
NGCTL=${2:-}
if [ -x "$NGCTL" ]; then
	"$NGCTL" -s "$RT_TMP/ctl.sock" mkpeer ng1: iface inet inet \
		>"$RT_TMP/mkpeer.out" 2>&1
	rc=$?
	t_check "ngctl mkpeer ng1: iface inet inet (status $rc)" "$rc" -eq 0
fi

if command -v dpdk-telemetry.py >/dev/null; then
	tel=$(printf '/ngiface/links\n/ngiface/link,1\n/ngiface/nodes\n' |
		timeout -k 2 8 dpdk-telemetry.py -f "$RT_PREFIX" 2>&1)
	echo "$tel" > "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/links: link0 in_packets 187" \
		'"link0": \{[^}]*"in_packets": 187' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/link,1: non_ip 5" \
		'"/ngiface/link": \{[^}]*"in_drop_non_ip": 5' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: ng0 inet_out_packets 100" \
		'"ng0": \{[^}]*"inet_out_packets": 100' "$RT_TMP/telemetry.out"
	# each counter under its own key: ng0 took 90 IPv4 and 70 IPv6 in
	# from its hooks, and sent 80 IPv6 out
	t_grep "telemetry /ngiface/nodes: ng0 inet_in_packets 90" \
		'"ng0": \{[^}]*"inet_in_packets": 90' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: ng0 inet6_out_packets 80" \
		'"ng0": \{[^}]*"inet6_out_packets": 80' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: ng0 inet6_in_packets 70" \
		'"ng0": \{[^}]*"inet6_in_packets": 70' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: ng0 inet_hole_bytes 0" \
		'"ng0": \{[^}]*"inet_hole_bytes": 0' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: ng1, in no link" \
		'"ng1": \{[^}]*"inet_out_packets": 0' "$RT_TMP/telemetry.out"
	t_grep "telemetry /ngiface/nodes: wan-0 keyed port2, named in the dict" \
		'"port2": \{"name": "wan-0", "port": 2, "inet_out_packets": 0' \
		"$RT_TMP/telemetry.out"
	# every answer is JSON (one a line), none null
	bad=$("$RT_PY" -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    if line.startswith("{"):
        n += 1
        for k, v in json.loads(line).items():
            if v is None:
                print(k, "null")
print("answers", n)' "$RT_TMP/telemetry.out" 2>&1)
	t_check "telemetry answers: 3 JSON, none null ($bad)" \
		"$bad" = "answers 3"
	if [ -x "$NGCTL" ]; then
		t_grep "telemetry /ngiface/nodes: ng2, made by mkpeer" \
			'"ng2": \{[^}]*"inet6_in_packets": 0' \
			"$RT_TMP/telemetry.out"
	fi
else
	# scripts/setup.sh installs it (Debian's dpdk-dev): its absence is a
	# broken set-up, not a pass
	t_fail "dpdk-telemetry.py not found (apt-get install dpdk-dev): telemetry not checked"
fi

# The hooks --hooks serves are the relay's while it runs: rmhook would let
# a later join or echo read the rings its lcore reads (two consumers),
# whether the cut is asked from ng0 or from the rings node at the other end.
if [ -x "$NGCTL" ]; then
	"$NGCTL" -s "$RT_TMP/ctl.sock" rmhook ng0: inet >"$RT_TMP/rmhook.out" 2>&1
	rc=$?
	t_check "rmhook of a served hook refused, EX_TEMPFAIL ($rc)" "$rc" -eq 75
	t_grep "  ... with EBUSY" 'EBUSY' "$RT_TMP/rmhook.out"
	"$NGCTL" -s "$RT_TMP/ctl.sock" show ng0: >"$RT_TMP/show.out" 2>&1
	t_grep "  ... and ng0 keeps both hooks" 'Num hooks: 2' "$RT_TMP/show.out"
	# nor from the other side: the served rings show as a "rings" node
	rings=$(awk '$3 == "rings" { print $4; exit }' "$RT_TMP/show.out")
	t_check "a served hook's peer is a rings node (${rings:-none})" \
		-n "$rings"
	"$NGCTL" -s "$RT_TMP/ctl.sock" rmhook "[${rings:-0}]:" rings \
		>"$RT_TMP/rmhook2.out" 2>&1
	rc=$?
	t_check "rmhook from the rings node refused too ($rc)" "$rc" -eq 75
	"$NGCTL" -s "$RT_TMP/ctl.sock" shutdown "[${rings:-0}]:" \
		>"$RT_TMP/shutdown.out" 2>&1
	rc=$?
	t_check "shutdown of the rings node refused ($rc)" "$rc" -eq 75
	"$NGCTL" -s "$RT_TMP/ctl.sock" show ng0: >"$RT_TMP/show.out" 2>&1
	t_grep "  ... and ng0 still has both hooks" 'Num hooks: 2' \
		"$RT_TMP/show.out"
else
	echo "note: ngctl not given, served-hook rmhook not checked"
fi

rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
t_grep "periodic stats printed" '^link 0 .* in : [0-9]+ pkt/s, drops [0-9]+' "$out"
# --stats-period: per node, per hook and per port, packets/s, bits/s and
# drops by cause.  The 187 frames go through in the first period.
rate='[0-9]+ pkt/s [0-9]+\.[0-9]{3} Mbit/s'
t_grep "periodic node line: stack rx/tx rates, drops" \
	"^node ng0: rx $rate, tx $rate, drops [0-9]+" "$out"
t_grep "periodic node line: the 7 ARP frames by cause" \
	'^node ng0: .*, drops 7 tx_drop_afnosupport 7$' "$out"
t_grep "periodic hook line ng0:inet with traffic both ways" \
	"^hook ng0:inet: out [1-9][0-9]* pkt/s [0-9.]+ Mbit/s, in [1-9][0-9]* pkt/s [0-9.]+ Mbit/s, drops 0$" \
	"$out"
t_grep "periodic hook line ng0:inet6 with traffic both ways" \
	"^hook ng0:inet6: out [1-9][0-9]* pkt/s [0-9.]+ Mbit/s, in [1-9][0-9]* pkt/s [0-9.]+ Mbit/s, drops 0$" \
	"$out"
t_grep "periodic port line net_pcap0" "^port net_pcap0: rx $rate, tx $rate, drops [0-9]+" "$out"
t_grep "periodic port line net_pcap1" "^port net_pcap1: rx $rate, tx $rate, drops [0-9]+" "$out"
# one period's hook packets, per second times the period, add up to the
# 100 IPv4 packets the stack side sent (rates are per second: allow 2 %)
v=$(awk '/^stats over/ { p = $3 }
	/^hook ng0:inet: out [1-9]/ { printf "%.0f\n", $4 * p; exit }' "$out")
t_check "periodic ng0:inet out rate x period ~ 100 (got ${v:-none})" \
	"${v:-0}" -ge 98 -a "${v:-0}" -le 102
v=$(rt_total 0 in packets); t_check "stack in: $v == 187" "$v" -eq 187
v=$(rt_total 0 in delivered); t_check "stack in delivered: $v == 187" "$v" -eq 187
v=$(rt_total 0 out delivered); t_check "stack out delivered: $v == 160" "$v" -eq 160
v=$(rt_total 1 in packets); t_check "hooks in: $v == 165" "$v" -eq 165
v=$(rt_total 1 in non_ip); t_check "hooks in non_ip: $v == 5" "$v" -eq 5
v=$(rt_total 1 in delivered); t_check "hooks in delivered: $v == 160" "$v" -eq 160
v=$(rt_total 1 out delivered); t_check "hooks out delivered: $v == 180" "$v" -eq 180
t_grep "ng0:inet out 100 in 90" '^node ng0:inet: out 100 in 90 ' "$out"
t_grep "ng0:inet6 out 80 in 70" '^node ng0:inet6: out 80 in 70 ' "$out"
t_grep "the 7 ARP frames are the node's family drops" \
	'^node ng0 xstats:.* tx_drop_afnosupport=7' "$out"
# per-port totals at exit, as the periodic port lines: rx/tx packets and
# bytes, drops by cause (none here)
t_grep "total port net_pcap0: rx 187, tx 160, drops 0" \
	'^total port net_pcap0: rx 187 pkt [1-9][0-9]* bytes, tx 160 pkt [1-9][0-9]* bytes, drops 0$' "$out"
t_grep "total port net_pcap1: rx 165, tx 180, drops 0" \
	'^total port net_pcap1: rx 165 pkt [1-9][0-9]* bytes, tx 180 pkt [1-9][0-9]* bytes, drops 0$' "$out"
v=$(rt_pcap_count "$RT_TMP/eth_out.pcap")
t_check "stack port wrote $v == 160 frames" "$v" -eq 160
v=$(rt_pcap_count "$RT_TMP/raw_out.pcap")
t_check "hooks port wrote $v == 180 packets" "$v" -eq 180

# Second run: rings of 32 that nobody reads.  ng0's hooks are joined to
# ng1, which no link serves: ng0's Tx fills them, then returns packets
# (tx_full).  ng2's inet hook is served by --hook, but nothing reads ng2's
# stack side: its in ring fills (ring_full); IPv6 is af_unserved.
out="$RT_TMP/relay2.out"
# shellcheck disable=SC2046
rt_start "$out" 20 $(rt_eal) \
	--vdev=net_ngiface0,ring_size=32 \
	--vdev=net_ngiface1,ring_size=32,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_ngiface2,ring_size=32 \
	--vdev=net_ngiface3,inet=echo,inet6=hole \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/eth.pcap" \
	--vdev=net_pcap1,rx_pcap="$RT_TMP/raw.pcap" \
	--vdev=net_pcap2,rx_pcap="$RT_TMP/eth.pcap" \
	-- --stack ng0=net_pcap0@1 --hook ng2:inet=net_pcap1@1 \
	--stack ng3=net_pcap2@1 --stats-period 1 --ctl "$RT_TMP/ctl.sock" ||
	t_fail "relay (second run) did not start"
# status_hook NODE HOOK FIELD: FIELD of HOOK's lines in ngctl status NODE:
status_hook()
{
	awk -v h="hook $2:" -v f="$3" '$0 ~ "^  hook " { on = index($0, h) == 1 + 2 }
		on { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' \
		"$RT_TMP/status-$1.out"
}
# status_drops NODE tx|rx: the node's own drop causes in its status, added
status_drops()
{
	awk -v p="$2_drop_" '$1 ~ "^" p { for (i = 1; i < NF; i += 2) s += $(i + 1); n++ }
		END { print (n == 1 ? s : -1) }' "$RT_TMP/status-$1.out"
}
# status_taken NODE: what NODE's stack side was given, by its status: its
# hooks' out_packets, unconnected and mtu, and its own Tx drops
status_taken()
{
	local sum h f

	sum=$(status_drops "$1" tx)
	for h in inet inet6; do
		for f in out_packets unconnected mtu; do
			sum=$((sum + $(status_hook "$1" $h $f)))
		done
	done
	echo "$sum"
}
# ng3_at_rest: ng3's stack side took its file's 187 frames and the echo
# gave back the 100 IPv4: one lcore polls the three links in turn with one
# burst each, so ng0 has taken the same file by then and ng2 its 165
ng3_at_rest()
{
	"$NGCTL" -s "$RT_TMP/ctl.sock" status ng3: >"$RT_TMP/status-ng3.out" \
		2>&1 &&
		[ "$(status_taken ng3 2>/dev/null)" = 187 ] &&
		[ "$(status_hook ng3 inet in_packets)" = 100 ]
}
if [ -x "$NGCTL" ]; then
	# waited for, not slept on: a loaded machine may take longer
	rt_wait_for ng3_at_rest
	t_check "second run at rest: ng3 took its 187 frames" $? -eq 0
else
	sleep 1.5
fi
# and a period's report out, the traffic in it (the checks of the periodic
# lines below): the files may be read through before the first one
rt_wait_for grep -q '^hook ng1:inet6: out ' "$out"
# At rest (the files are read through), each view of a counter says the
# same, and each view alone accounts for every packet: ngctl status, the
# relay's telemetry, the totals at exit.
if [ -x "$NGCTL" ]; then
	# ng_hole's getclrstats clears the hole's own count, not the iface's
	# hook counters: the views below still say 80 (and an ethdev reset
	# would leave the hole's count: doc/control.md)
	for m in getclrstats getstats; do
		"$NGCTL" -s "$RT_TMP/ctl.sock" msg ng3:inet6 $m '"hole"' \
			>"$RT_TMP/hole-$m.out" 2>&1
	done
	t_grep "getclrstats: the hole's 80 frames" \
		'^Args:.*\{ frames=80 octets=[1-9][0-9]* \}' "$RT_TMP/hole-getclrstats.out"
	t_grep "  ... then getstats: cleared" '^Args:.*\{\}' "$RT_TMP/hole-getstats.out"
	for n in ng0 ng2 ng3; do
		"$NGCTL" -s "$RT_TMP/ctl.sock" status $n: >"$RT_TMP/status-$n.out" 2>&1
	done
fi
if command -v dpdk-telemetry.py >/dev/null; then
	echo /ngiface/nodes | timeout -k 2 8 dpdk-telemetry.py -f "$RT_PREFIX" \
		>"$RT_TMP/telemetry2.out" 2>&1
fi
rt_stop INT
t_check "exit status $RT_RC == 0 after SIGINT" "$RT_RC" -eq 0
rt_check_totals 6
# total_hook NODE HOOK FIELD: FIELD of the totals' "node NODE:HOOK:" line
total_hook()
{
	awk -v n="$1:$2:" -v f="$3" '$1 == "node" && $2 == n {
		for (i = 3; i < NF; i++) if ($i == f) { print $(i + 1); exit } }' "$out"
}
if [ -x "$NGCTL" ]; then
	t_grep "status: ng3's own drop causes, the 7 ARP frames" \
		'^  tx_drop_down 0 tx_drop_nesting 0 tx_drop_afnosupport 7 tx_drop_nombuf 0$' \
		"$RT_TMP/status-ng3.out"
	t_grep "status: the Rx drop causes" '^  rx_drop_down 0 rx_drop_headroom 0 ' \
		"$RT_TMP/status-ng3.out"
	# what the stack side took: on its hooks, or dropped by the node
	for l in 0:ng0 2:ng3; do
		n=${l#*:}
		sum=$(status_taken "$n")
		v=$(rt_total "${l%%:*}" in delivered)
		t_check "status $n: hooks out + drops + node drops == link ${l%%:*} in delivered ($sum == $v)" \
			"$sum" -eq "$v"
	done
	# ng0's hooks join ng1, which nobody reads: all it sent waits there
	for h in inet inet6; do
		a=$(status_hook ng0 $h out_packets)
		q=$(status_hook ng0 $h queued_out)
		t_check "status ng0:$h: queued_out == out_packets, nobody read them ($q == $a)" \
			"${q:--1}" -eq "$a" -a "$a" -gt 0
		v=$(total_hook ng0 $h queued_out)
		t_check "status and totals: ng0:$h queued_out ($q == $v)" "${q:--1}" -eq "$v"
	done
	# ng2's inet takes link 1's IPv4, which ng2's stack side never reads:
	# queued at rest, dropped at its stop (rx_drop_down)
	q=$(status_hook ng2 inet queued_in)
	v=$(rt_total 1 in delivered)
	t_check "status ng2:inet: queued_in == link 1 in delivered ($q == $v)" \
		"${q:--1}" -eq "$v"
	t_grep "  ... dropped at ng2's stop" "^node ng2 xstats:.* rx_drop_down=$v( |\$)" "$out"
fi
if [ -f "$RT_TMP/telemetry2.out" ]; then
	# the same counter through telemetry, ngctl status and the totals
	for c in ng0:inet:out_packets:out ng0:inet6:ring_full:ring_full \
		 ng3:inet6:hole_packets:hole ng3:inet:in_packets:in; do
		IFS=: read -r n h f t <<<"$c"
		tel=$("$RT_PY" -c 'import json, sys
for line in open(sys.argv[1]):
    if line.startswith("{"):
        print(json.loads(line)["/ngiface/nodes"][sys.argv[2]][sys.argv[3]])' \
			"$RT_TMP/telemetry2.out" "$n" "${h}_$f" 2>/dev/null)
		tot=$(total_hook "$n" "$h" "$t")
		t_check "$n:$h $f: telemetry ${tel:-none} == totals ${tot:-none}" \
			"${tel:--1}" -eq "${tot:--2}"
		if [ -x "$NGCTL" ]; then
			sf=$f
			[ "$f" = hole_packets ] && sf=hole
			st=$(status_hook "$n" "$h" "$sf")
			t_check "  ... and ngctl status ${st:-none}" "${st:--1}" -eq "${tot:--2}"
		fi
	done
fi
# ng3: IPv6 into a hole (sent, as ng_hole takes it: not a drop), IPv4 echoed
t_grep "periodic hook line ng3:inet6: into a hole, no drop" \
	'^hook ng3:inet6: out [1-9][0-9]* pkt/s [0-9.]+ Mbit/s \(into a hole [1-9][0-9]* pkt/s\), in 0 pkt/s 0\.000 Mbit/s, drops 0$' "$out"
t_grep "ng3's 80 IPv6 packets counted by the hole" \
	'^node ng3 xstats: .*inet6_hole_packets=80( |$)' "$out"
v=$(rt_total 2 out delivered); t_check "ng3 echoed its 100 IPv4: $v == 100" "$v" -eq 100
v=$(rt_total 0 in tx_full); t_check "stack in tx_full: $v > 0" "$v" -gt 0
v=$(rt_total 1 in ring_full); t_check "hook in ring_full: $v > 0" "$v" -gt 0
v=$(rt_total 1 in af_unserved); t_check "hook in af_unserved: $v == 70" "$v" -eq 70
v=$(rt_total 1 in non_ip); t_check "hook in non_ip: $v == 5" "$v" -eq 5
# periodic drops by cause, ng1 (in no link) listed.  ng0's full hook
# rings hand packets back to the relay, which counts them as tx_full: the
# hook line shows them as returned, not as drops of its own.
t_grep "periodic hook line ng0:inet: ring_full returned, no drop" \
	'^hook ng0:inet: out .*, drops 0, returned ring_full [1-9][0-9]*$' "$out"
if grep -qE '^hook .*, drops [0-9]+ .*ring_full' "$out"; then
	t_fail "a periodic hook line counts ring_full among its drops"
fi
t_grep "periodic lines for ng1, a node no link uses" \
	'^hook ng1:inet6: out [0-9]+ pkt/s' "$out"

# A reader of the reports that goes away (| head) must not stop the
# relay: SIGPIPE is ignored, the reports are lost, SIGINT still ends it
# with exit 0.  (It died of SIGPIPE, 141, with no drain and no totals.)
mkfifo "$RT_TMP/reports" || t_fail "mkfifo"
# shellcheck disable=SC2046
timeout -s TERM -k 3 40 "$RT_RELAY" $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/eth.pcap",infinite_rx=1 \
	--vdev=net_pcap1,rx_pcap="$RT_TMP/eth.pcap",infinite_rx=1 \
	-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 --stats-period 1 \
	--ctl none >"$RT_TMP/reports" 2>"$RT_TMP/pipe.err" &
pipe_pid=$!
# an interrupted test stops it too (rt_cleanup calls this)
rt_local_cleanup()
{
	[ -n "$pipe_pid" ] || return 0
	kill -TERM "$pipe_pid" 2>/dev/null
	wait "$pipe_pid" 2>/dev/null
}
grep -m 1 -q 'relay running' <"$RT_TMP/reports"
sleep 3		# reports written to a pipe nobody reads
if kill -0 "$pipe_pid" 2>/dev/null; then
	t_pass "the relay runs on after its stdout's reader went away"
else
	t_fail "the relay ended when its stdout's reader went away"
fi
kill -INT "$pipe_pid" 2>/dev/null
rc=0
wait "$pipe_pid" || rc=$?
pipe_pid=""		# reaped: its number may be another's now
t_check "  ... and SIGINT still ends it, exit $rc == 0" "$rc" -eq 0
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"

# A hang-up stops the relay as SIGTERM does: drain, totals, exit 0.  (It
# died of SIGHUP, 129, with no totals and its run files left.)  rt_stop
# signals timeout(1), which passes the signal on.
# The same run checks the stats' cadence: --stats-period 1 reports once a
# second, on a grid from the start (each report came a 100 ms tick late,
# "stats over 1.10 s", and 9 % of the reports were missing in a long run),
# the main thread asleep between reports, and no burst of catch-up
# reports after a stall.
rt_start_pair "$RT_TMP/hup.out" 20 "$RT_TMP/eth.pcap" "$RT_TMP/eth.pcap" \
	-- --ctl none --stats-period 1 ||
	t_fail "relay (SIGHUP run) did not start"
# the main thread's CPU time (clock ticks) from 0.5 s to 3.5 s: between
# reports it sleeps, to the tick and then to the report's due time
main_ticks()
{
	awk '{ print $14 + $15 }' "/proc/$1/task/$1/stat" 2>/dev/null || echo 0
}
relay_pid=$(pgrep -P "$RT_PID" | head -n 1)
sleep 0.5
t0=$(main_ticks "$relay_pid")
sleep 3
t1=$(main_ticks "$relay_pid")
# a stall of more than a period (the relay stopped 2.5 s): the next
# report covers it, and the one after comes a period later, not at once
# to catch up with the grid
kill -STOP "$relay_pid"
sleep 2.5
kill -CONT "$relay_pid"
sleep 2
rt_stop HUP
v=$(awk '/^stats over/ { print $3 }' "$RT_OUT" | sort -n | tail -n 1)
t_check "after a stall: one period covers it (longest ${v:-none} s)" \
	"$(awk -v v="${v:-0}" 'BEGIN { print (v >= 2.5) }')" -eq 1
v=$(awk '/^stats over/ { if (f) { print $3; exit } if ($3 >= 2.5) f = 1 }' \
	"$RT_OUT")
t_check "after a stall: the next period ${v:-none} s >= 1.00" \
	"$(awk -v v="${v:-0}" 'BEGIN { print (v >= 1.00) }')" -eq 1
t_check "main thread used $((t1 - t0)) ticks in 3 s of reports, <= 10" \
	"$((t1 - t0))" -le 10
# the first report is due a whole period after the start, not before
v=$(awk '/^stats over/ { print $3; exit }' "$RT_OUT")
t_check "--stats-period 1: first period ${v:-none} s >= 1.00" \
	"$(awk -v v="${v:-0}" 'BEGIN { print (v >= 1.00) }')" -eq 1
t_check "exit status $RT_RC == 0 after SIGHUP" "$RT_RC" -eq 0
rt_check_totals 4
v=$(awk '/^stats over/ { print $3 }' "$RT_OUT" | sort -n |
	awk '{ t[NR] = $1 } END { if (NR >= 3) print t[int((NR + 1) / 2)] }')
t_check "--stats-period 1: median period ${v:-none} s, 0.95..1.05 (3 or more)" \
	"$(awk -v v="${v:-0}" 'BEGIN { print (v >= 0.95 && v <= 1.05) }')" -eq 1

# Started with SIGHUP ignored (nohup), the relay keeps it ignored: the
# signal goes to the relay itself (timeout(1), signalled, would kill it
# a few seconds later), which runs on until SIGTERM.
# shellcheck disable=SC2046
RT_WRAP="env --ignore-signal=HUP" rt_start "$RT_TMP/nohup.out" 20 \
	$(rt_eal) --vdev=net_ngiface0 --vdev=net_ring0 -- \
	--stack ng0=net_ring0@1 --ctl none ||
	t_fail "relay (nohup run) did not start"
relay_pid=$(pgrep -P "$RT_PID" | head -n 1)
t_check "the relay under nohup runs (pid ${relay_pid:-none})" -n "$relay_pid"
[ -n "$relay_pid" ] && kill -HUP "$relay_pid"
sleep 1
if kill -0 "$RT_PID" 2>/dev/null && ! grep -q '^stopping' "$RT_OUT"; then
	t_pass "  ... and runs on after SIGHUP"
else
	t_fail "  ... and stopped at SIGHUP"
fi
rt_stop TERM
t_check "  ... then SIGTERM ends it, exit $RT_RC == 0" "$RT_RC" -eq 0
rt_check_totals 2
rt_done
