#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A secondary process bursts on a node while the primary captures it.  The
# relay (primary, hugepages) captures every node (--capture), ng0 busy with
# net_pcap traffic into its holes; ng1 (its inet a hole, its inet6 left
# unconnected: a secondary's Tx reads that hook's binding too, which lay
# in the driver's static memory, at another address in each process, until
# it moved into the node's shared memory) is on a net_ring port
# that never receives, so the relay never sends on it.  sec_tx (secondary,
# the driver loaded with -d) sends N marked IPv4 packets with rte_eth_tx_burst
# on ng1's queue 0.  The capture tap is a function in the relay's process:
# the secondary must not call it (before ad462ff it did, and died of it).
# Checks: sec_tx exits 0 having sent N, its link down and MTU change
# refused (-ENOTSUP: the node is the primary's); ng1's inet hole counted N (ngctl
# status); the relay still runs and exits 0 at SIGTERM; the capture holds
# ng0's packets and none of the secondary's (the tap is the primary's: a
# secondary's bursts are not captured, doc/ngiface.md, Limits).
# Skips where the kernel gives no hugepages.
# Usage: secondary_tap.sh BUILD_DIR SEC_TX RELAY NGCTL

IT_NAME=secondary_tap
. "$(dirname "$0")/common.sh"
it_setup

SEC_TX=${2:-}
RELAY=${3:-}
NGCTL=${4:-}
N=1000
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
STATS=$(cd "$(dirname "$0")/../capture" && pwd)/pcapng_stats.py
[ -x "$SEC_TX" ] || t_skip "sec_tx not given or not built: $SEC_TX"
[ -x "$RELAY" ] || t_skip "relay not given or not built: $RELAY"
[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"
[ -x /usr/bin/python3 ] || t_skip "python3 not found"
ls /usr/lib/x86_64-linux-gnu/dpdk/pmds-*/librte_net_pcap.so \
	> /dev/null 2>&1 || t_skip "net_pcap PMD not installed"
command -v tshark > /dev/null || t_skip "tshark not installed"

# shellcheck source=../../scripts/huge.sh
. "$(dirname "$0")/../../scripts/huge.sh"
hp_dir="$IT_TMP/huge"
RELAY_PID=""
# the relay (its timeout wrapper, which adds a KILL 3 s after the TERM)
relay_undo()
{
	[ -n "$RELAY_PID" ] || return 0
	kill -TERM "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=""
}
# the relay first: its hugepage files go before the mount does
hp_undo()
{
	relay_undo
	huge_down
	it_cleanup
}
trap hp_undo EXIT
huge_up 128 "$hp_dir" || t_skip "$HUGE_WHY"

/usr/bin/python3 "$GEN" eth "$IT_TMP/eth.pcap" 100 80 7 || exit 1
SOCK="$IT_TMP/ctl.sock"
CAP="$IT_TMP/cap.pcapng"
IT_OUT="$IT_TMP/relay.out"
ng() { "$NGCTL" -s "$SOCK" "$@"; }
# ng1's inet hole count, from ngctl status (-1 if not read)
ng1_hole()
{
	ng status ng1: 2> /dev/null | awk '
		/^  hook / { h = $2 }
		h == "inet:" && $1 == "hole" { v = $2 }
		END { print (v == "" ? -1 : v) }'
}

# ng0's IPv4 ID 7 packets and every packet of sec_tx's source pass the
# filter: the file stays small, and the secondary's would be in it.
: > "$IT_OUT"
timeout -s TERM -k 3 60 "$RELAY" -l 0-1 --file-prefix="$IT_PREFIX" \
	--huge-dir="$hp_dir" -m 200 --no-pci --log-level=lib.eal:warning \
	--vdev=net_ngiface0,inet=hole,inet6=hole \
	--vdev=net_ngiface1,inet=hole \
	--vdev=net_pcap0,rx_pcap="$IT_TMP/eth.pcap",infinite_rx=1 \
	--vdev=net_ring0 \
	-- --stack ng0=net_pcap0@1 --stack ng1=net_ring0@1 --ctl "$SOCK" \
	--capture "$CAP" \
	--capture-filter "ip and (ip[4:2] = 7 or src host 198.51.100.7)" \
	>> "$IT_OUT" 2>&1 &
RELAY_PID=$!
IT_PID=$RELAY_PID	# whose end it_wait_for watches (relay_undo stops it)
it_wait_for 'relay running' 10
t_check "relay runs with hugepages and a capture" \
	-n "$(grep 'relay running' "$IT_OUT")"
sleep 0.5
ng capture status > "$IT_TMP/capstatus.out" 2>&1
cat "$IT_TMP/capstatus.out"
t_check "the capture runs on ng1 too" \
	-n "$(grep -E '^ *ng1 ' "$IT_TMP/capstatus.out")"
before=$(ng1_hole)
t_check "ng1's inet hole is idle before the secondary ($before)" \
	"$before" -eq 0

# The secondary probes every vdev the primary has: net_pcap0 fails to
# attach there and EAL says so, which is not this test's concern.
sec="$IT_TMP/sec_tx.out"
timeout -k 3 20 "$SEC_TX" -l 0 --proc-type=secondary \
	--file-prefix="$IT_PREFIX" --huge-dir="$hp_dir" --no-pci \
	-d "$IT_PLUGIN" --log-level=lib.eal:warning -- ng1 "$N" > "$sec" 2>&1
rc=$?
cat "$sec"
t_check "sec_tx exit status $rc == 0 (no signal)" "$rc" -eq 0
refused=$(sed -nE 's/^sec_tx: set_link_down (-?[0-9]+), set_mtu (-?[0-9]+)$/\1 \2/p' "$sec")
t_check "the secondary's link down and MTU change refused with -ENOTSUP (${refused:-none})" \
	"${refused:-none}" = "-95 -95"
sent=$(sed -nE 's/^sec_tx: sent ([0-9]+) of .*/\1/p' "$sec")
t_check "sec_tx sent ${sent:-none} of $N" "${sent:-0}" -eq "$N"
t_check "relay still runs after the secondary" \
	"$(kill -0 "$RELAY_PID" 2>/dev/null && echo 1 || echo 0)" -eq 1
after=$(ng1_hole)
t_check "ng1's inet hole counted the secondary's $N ($after)" \
	"$after" -eq $((before + N))
sleep 0.3

# Before ad462ff the secondary died inside ng1's burst, its queue left
# marked as reading: the relay's stop then waited for it until the KILL.
kill -TERM "$RELAY_PID" 2>/dev/null
wait "$RELAY_PID"
rrc=$?
RELAY_PID=""
t_check "relay exit 0 at SIGTERM ($rrc)" "$rrc" -eq 0

/usr/bin/python3 "$STATS" "$CAP" > "$IT_TMP/cap.stats" 2>&1
t_check "pcapng_stats.py reads the capture" $? -eq 0
cat "$IT_TMP/cap.stats"
t_check "the capture describes ng1's interface (its blocks counted below)" \
	"$(grep -c '^if ng1 ' "$IT_TMP/cap.stats")" -eq 1
ng0_pkts=$(tshark -r "$CAP" -Y "ip.id == 7" 2>/dev/null | wc -l)
t_check "the capture holds ng0's packets ($ng0_pkts)" "$ng0_pkts" -gt 0
# The secondary's are not in it: the tap and its writer are the relay's.
sec_pkts=$(tshark -r "$CAP" -Y "ip.src == 198.51.100.7" 2>/dev/null | wc -l)
t_check "the capture holds none of the secondary's packets ($sec_pkts)" \
	"$sec_pkts" -eq 0
ng1_epb=$(awk '$1 == "if" && $2 == "ng1" {
		for (i = 3; i <= NF; i++) { split($i, kv, "=")
			if (kv[1] ~ /^epb_/) n += kv[2] } }
	END { print n + 0 }' "$IT_TMP/cap.stats")
t_check "no packet blocks on ng1's interface ($ng1_epb)" "$ng1_epb" -eq 0
it_done
