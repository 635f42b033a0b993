#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The relay's capture on deterministic traffic (DPDK ports only): two nodes
# with their hooks joined, each node's stack side on a net_pcap port that
# replays Ethernet frames once.  tshark, capinfos and an independent pcapng
# reader judge: interface names, Raw IP, nanoseconds, sane timestamps,
# per-direction counts equal to the relay's own node counters, IPv4 and
# IPv6 decoding, a capture filter selecting exactly what the same tshark
# display filter selects, interface statistics, --capture-count, and the
# start-up errors (bad filter, unknown node, ring without a limit).
# Usage: capture_flow.sh RELAY

RT_NAME=capture-flow
. "$(dirname "$0")/../relay/common.sh"
rt_setup
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
STATS=$(cd "$(dirname "$0")" && pwd)/pcapng_stats.py

rt_need_pcap
rt_need_tshark

# ng0 side: 100 IPv4 + 80 IPv6 + 7 ARP; ng1 side: 60 IPv4 + 40 IPv6 + 3 ARP
"$RT_PY" "$GEN" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1
"$RT_PY" "$GEN" eth "$RT_TMP/b.pcap" 60 40 3 || exit 1

# run_capture TAG CAPTURE-OPTIONS...: the two-node topology, once through
run_capture()
{
	local tag=$1

	shift
	rt_start_pair "$RT_TMP/$tag.out" 20 "$RT_TMP/a.pcap" "$RT_TMP/b.pcap" \
		-- --ctl none "$@" || t_fail "$tag: relay did not start"
	sleep 1.5
	rt_stop TERM
	t_check "$tag: exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
}

# node_ctr NODE out|in: the relay's own counter, inet + inet6
node_ctr()
{
	awk -v n="$1" -v d="$2" '
		$1 == "node" && ($2 == n ":inet:" || $2 == n ":inet6:") {
			for (i = 3; i < NF; i++) if ($i == d) s += $(i + 1)
		}
		END { print s + 0 }' "$RT_OUT"
}

# tcount FILE NODE DIR(1|2) [DISPLAY-FILTER]: packets tshark counts
tcount()
{
	local y="frame.interface_name == \"$2\" && frame.packet_flags_direction == $3"

	[ -n "${4:-}" ] && y="$y && ($4)"
	tshark -r "$1" -Y "$y" 2>/dev/null | wc -l
}

# ---- A: unfiltered capture of both nodes ---------------------------------
A=$RT_TMP/all.pcapng
run_capture all --capture "$A"
capinfos "$A" >"$RT_TMP/all.capinfos" 2>&1
rc=$?
t_check "capinfos reads the capture (status $rc)" "$rc" -eq 0
t_grep "Raw IP" '^File encapsulation: +Raw IP' "$RT_TMP/all.capinfos"
t_grep "nanoseconds" 'File timestamp precision: +nanoseconds \(9\)' "$RT_TMP/all.capinfos"
t_grep "interface ng0" '^ +Name = ng0$' "$RT_TMP/all.capinfos"
t_grep "interface ng1" '^ +Name = ng1$' "$RT_TMP/all.capinfos"
t_grep "interface time resolution 9" 'Time resolution = 0x09' "$RT_TMP/all.capinfos"
t_grep "ng0 described" '^ +Description = net_ngiface node ng0, raw IP of hooks inet and inet6 \(port [0-9]+\)$' "$RT_TMP/all.capinfos"
t_grep "snaplen 262144" '^ +Capture length = 262144$' "$RT_TMP/all.capinfos"
t_grep "application named with the DPDK version" \
	'^Capture application: +ngiface-relay \(DPDK [0-9.]+\)' "$RT_TMP/all.capinfos"
now=$(date +%s)
tshark -r "$A" -T fields -e frame.time_epoch 2>/dev/null |
	awk -v now="$now" '$1 < now - 300 || $1 > now + 60 { bad++ }
		END { exit bad > 0 || NR == 0 }'
t_check "every timestamp within minutes of now ($now)" $? -eq 0
for n in ng0 ng1; do
	out=$(node_ctr $n out) in=$(node_ctr $n in)
	c2=$(tcount "$A" $n 2) c1=$(tcount "$A" $n 1)
	t_check "$n outbound: tshark $c2 == relay's out $out" "$c2" -eq "$out"
	t_check "$n inbound: tshark $c1 == relay's in $in" "$c1" -eq "$in"
done
t_check "ng0 sent 180 to its hooks" "$(node_ctr ng0 out)" -eq 180
t_check "ng1 sent 100 to its hooks" "$(node_ctr ng1 out)" -eq 100
v4=$(tshark -r "$A" -Y "ip && udp.srcport == 1024" 2>/dev/null | wc -l)
v6=$(tshark -r "$A" -Y "ipv6 && udp.srcport == 1024" 2>/dev/null | wc -l)
t_check "IPv4 decodes: $v4 == 2 x 160" "$v4" -eq 320
t_check "IPv6 decodes: $v6 == 2 x 120" "$v6" -eq 240
"$RT_PY" "$STATS" "$A" >"$RT_TMP/all.stats"
cat "$RT_TMP/all.stats"
t_grep "ng0 ISB: recv 280 = accepted = delivered, no drop" \
	'^if ng0 linktype=101 tsresol=9 snaplen=262144 epb_in=100 epb_out=180 ifrecv=280 ifdrop=0 filteraccept=280 usrdeliv=280 isb=1$' \
	"$RT_TMP/all.stats"
t_grep "ng1 ISB: recv 280 = accepted = delivered, no drop" \
	'^if ng1 linktype=101 tsresol=9 snaplen=262144 epb_in=180 epb_out=100 ifrecv=280 ifdrop=0 filteraccept=280 usrdeliv=280 isb=1$' \
	"$RT_TMP/all.stats"
t_grep "the relay's capture summary" \
	'^capture ng0: seen 280 accepted 280 dropped 0 written in 100 out 180$' "$RT_OUT"

# ---- B: a capture filter against the same tshark display filter ---------
B=$RT_TMP/filtered.pcapng
cfilter='ip6 or (udp and ip[4:2] < 30)'
dfilter='ipv6 or (udp and ip.id < 30)'
run_capture filtered --capture "$B" --capture-nodes ng0,ng1 \
	--capture-filter "$cfilter"
t_check "capinfos reads the filtered capture" "$(capinfos "$B" >/dev/null 2>&1; echo $?)" -eq 0
fields="-e frame.interface_name -e frame.packet_flags_direction -e ip.id -e ipv6.src -e udp.payload"
# shellcheck disable=SC2086
tshark -r "$A" -Y "$dfilter" -T fields $fields 2>/dev/null | sort >"$RT_TMP/want"
# shellcheck disable=SC2086
tshark -r "$B" -T fields $fields 2>/dev/null | sort >"$RT_TMP/got"
w=$(wc -l <"$RT_TMP/want") g=$(wc -l <"$RT_TMP/got")
t_check "the filter keeps $g packets, the display filter $w" "$g" -eq "$w" -a "$w" -gt 0
if cmp -s "$RT_TMP/want" "$RT_TMP/got"; then
	t_pass "the same packets, both ways, both nodes"
else
	t_fail "filtered capture differs from the display filter's selection"
	diff "$RT_TMP/want" "$RT_TMP/got" | head
fi
for n in ng0 ng1; do
	for d in 1 2; do
		x=$(tcount "$A" $n $d "$dfilter") y=$(tcount "$B" $n $d)
		t_check "$n dir $d: filtered $y == displayed $x" "$y" -eq "$x"
	done
done
"$RT_PY" "$STATS" "$B" >"$RT_TMP/filtered.stats"
cat "$RT_TMP/filtered.stats"
for n in ng0 ng1; do
	x=$(tcount "$A" $n 1 "$dfilter") y=$(tcount "$A" $n 2 "$dfilter")
	acc=$((x + y))
	t_grep "$n ISB: ifrecv 280, filteraccept $acc, usrdeliv $acc" \
		"^if $n .* ifrecv=280 ifdrop=0 filteraccept=$acc usrdeliv=$acc isb=1\$" \
		"$RT_TMP/filtered.stats"
done
capinfos "$B" 2>&1 | grep -qF "Filter string = $cfilter"
t_check "the IDB carries the filter string" $? -eq 0

# ---- B2: bit tests (eBPF JSET), which DPDK 22.11's x86-64 JIT gets wrong --
# "& 15 != 0" kept every packet there and "& 15 = 0" crashed the relay; the
# IP IDs of A are 0..99 and 0..59, each captured twice (out of one node,
# into the other): 2 x (7 + 4) multiples of 16 among the 320 IPv4 packets.
jset_check()
{
	local tag=$1 cf=$2 df=$3 want=$4 w g

	run_capture "$tag" --capture "$RT_TMP/$tag.pcapng" --capture-filter "$cf"
	# shellcheck disable=SC2086
	tshark -r "$A" -Y "$df" -T fields $fields 2>/dev/null | sort >"$RT_TMP/$tag.want"
	# shellcheck disable=SC2086
	tshark -r "$RT_TMP/$tag.pcapng" -T fields $fields 2>/dev/null |
		sort >"$RT_TMP/$tag.got"
	w=$(wc -l <"$RT_TMP/$tag.want") g=$(wc -l <"$RT_TMP/$tag.got")
	t_check "'$cf': keeps $g packets, '$df' $w, expected $want" \
		"$g" -eq "$want" -a "$w" -eq "$want"
	cmp -s "$RT_TMP/$tag.want" "$RT_TMP/$tag.got"
	t_check "'$cf': the same packets as the display filter" $? -eq 0
}
jset_check jset_ne 'ip[4:2] & 15 != 0' 'ip && (ip.id & 15)' 298
jset_check jset_eq 'ip[4:2] & 15 = 0' 'ip && !(ip.id & 15)' 22

# ---- C: --capture-count and --snaplen ------------------------------------
C=$RT_TMP/count.pcapng
run_capture count --capture "$C" --capture-count 50 --snaplen 40
n=$(tshark -r "$C" 2>/dev/null | wc -l)
t_check "--capture-count 50: $n packets" "$n" -eq 50
t_grep "the relay says the count was reached" 'count reached' "$RT_OUT"
# every accepted packet written, dropped, or taken after the count
for nd in ng0 ng1; do
	read -r acc drop wi wo ac < <(sed -nE "s/^capture $nd: seen [0-9]+ \
accepted ([0-9]+) dropped ([0-9]+) written in ([0-9]+) out ([0-9]+)\
( after count ([0-9]+))?.*/\1 \2 \3 \4 \6/p" "$RT_OUT")
	t_check "$nd: accepted ${acc:-?} == written ${wi:-?} + ${wo:-?} + dropped ${drop:-?} + after count ${ac:-0}" \
		"${acc:--1}" -eq "$((${wi:-0} + ${wo:-0} + ${drop:-0} + ${ac:-0}))"
done
t_grep "the relay went on relaying" '^total link 0 .* in: 187 = delivered 187' "$RT_OUT"
big=$(tshark -r "$C" -T fields -e frame.cap_len 2>/dev/null | sort -n | tail -n 1)
t_check "--snaplen 40: longest captured $big <= 40" "${big:-99}" -le 40
t_grep "snaplen in the IDB" 'Capture length = 40' <(capinfos "$C" 2>&1)

# ---- C1: --snaplen 0 is the default, 262144 (tcpdump's -s 0) ----------
Z=$RT_TMP/snap0.pcapng
run_capture snap0 --capture "$Z" --capture-count 5 --snaplen 0
t_grep "--snaplen 0: snaplen 262144 in the IDB" '^ +Capture length = 262144$' \
	<(capinfos "$Z" 2>&1)

# ---- C2: packets of 60..1500 bytes, byte for byte ------------------------
"$RT_PY" "$(dirname "$0")/gen_sizes.py" "$RT_TMP/sizes.pcap" || exit 1
"$RT_PY" "$GEN" eth "$RT_TMP/empty.pcap" 0 0 0 || exit 1
S=$RT_TMP/sizes.pcapng
# shellcheck disable=SC2046
rt_start "$RT_TMP/sizes.out" 20 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/sizes.pcap" \
	--vdev=net_pcap1,rx_pcap="$RT_TMP/empty.pcap" \
	-- --stack ng0=net_pcap0@1 --stack ng1=net_pcap1@1 --ctl none \
	--capture "$S" --capture-nodes ng1 ||
	t_fail "sizes: relay did not start"
sleep 1
rt_stop TERM
# the IP packets of the Ethernet frames, byte for byte, as ng1 took them in
# from its hooks (joined to ng0's)
tshark -r "$RT_TMP/sizes.pcap" -T fields -e ip.id -e ipv6.plen -e udp.payload \
	2>/dev/null | sort >"$RT_TMP/sizes.want"
tshark -r "$S" -Y "frame.packet_flags_direction == 1" -T fields -e ip.id \
	-e ipv6.plen -e udp.payload 2>/dev/null | sort >"$RT_TMP/sizes.got"
n=$(wc -l <"$RT_TMP/sizes.got")
t_check "24 packets of 60..1500 bytes captured ($n)" "$n" -eq 24
cmp -s "$RT_TMP/sizes.want" "$RT_TMP/sizes.got"
t_check "every byte as sent, whatever the length" $? -eq 0
n=$(tshark -r "$S" -Y "frame.cap_len != frame.len" 2>/dev/null | wc -l)
t_check "nothing cut short at the default snaplen ($n)" "$n" -eq 0
# ng1 is port 1 but the file's interface 0: its statistics block must say 0
"$RT_PY" "$STATS" "$S" >"$RT_TMP/sizes.stats" 2>&1
cat "$RT_TMP/sizes.stats"
t_grep "ISB of interface 0 (ng1, port 1): recv 24, no drop" \
	'^if ng1 .* epb_in=24 epb_out=0 ifrecv=24 ifdrop=0 .* isb=1$' \
	"$RT_TMP/sizes.stats"

# ---- D: start-up errors: exit 2, one clear line --------------------------
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad1.out" 20 $(rt_eal) --vdev=net_ngiface0 -- --hooks ng0=net_ngiface0 \
	--capture "$RT_TMP/x.pcapng" --capture-filter "ip6 and"
t_check "bad filter: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "bad filter: says so" 'bad filter "ip6 and"' "$RT_OUT"
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad2.out" 20 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/a.pcap" -- --stack ng0=net_pcap0@1 \
	--ctl none --capture "$RT_TMP/x.pcapng" --capture-nodes ng0,ng7
t_check "unknown node: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "unknown node: says so" 'no iface node named "ng7"' "$RT_OUT"
t_check "unknown node: no file left" ! -e "$RT_TMP/x.pcapng"
# an empty item in the list is a slip, not a list (it was skipped)
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad2e.out" 20 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/a.pcap" -- --stack ng0=net_pcap0@1 \
	--ctl none --capture "$RT_TMP/x.pcapng" --capture-nodes ng0,,ng0
t_check "empty node item: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "empty node item: says so" 'an empty node name in "ng0,,ng0"' "$RT_OUT"
t_check "empty node item: no file left" ! -e "$RT_TMP/x.pcapng"
# --capture none undoes a config file's capture, its options with it
printf 'capture %s\ncapture-count 5\n' "$RT_TMP/x.pcapng" >"$RT_TMP/cap.conf"
run_capture none --config "$RT_TMP/cap.conf" --capture none
t_check "--capture none: no capture made" ! -e "$RT_TMP/x.pcapng"
if grep -q '^capture' "$RT_OUT"; then
	t_fail "--capture none: a capture was begun"
fi
# a file that cannot be made as written: exit 2, as a config file that
# cannot be read (a supervisor's restart would meet it again; it was 1),
# its errno named, and nothing started
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad2b.out" 20 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_pcap0,rx_pcap="$RT_TMP/a.pcap" -- --stack ng0=net_pcap0@1 \
	--ctl none --capture "$RT_TMP/nodir/x.pcapng"
t_check "no such directory: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "no such directory: words and errno" \
	'^error: --capture: .*/nodir/x\.pcapng: No such file or directory \(ENOENT\)$' \
	"$RT_OUT"
if grep -q 'relay running' "$RT_OUT"; then
	t_fail "no such directory: the relay ran"
fi
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad3.out" 20 $(rt_eal) -- --capture "$RT_TMP/x.pcapng" \
	--capture-ring 3
t_check "ring without a limit: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "ring without a limit: says so" 'needs a file size or duration' "$RT_OUT"
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad4.out" 20 $(rt_eal) -- --capture-count 3
t_check "--capture-count without --capture: exit 2 ($RT_RC)" "$RT_RC" -eq 2
# --snaplen is no --capture-* option, but needs --capture as well: the
# message named only --capture-*
# shellcheck disable=SC2046
rt_run "$RT_TMP/bad4b.out" 20 $(rt_eal) -- --snaplen 96
t_check "--snaplen without --capture: exit 2 ($RT_RC)" "$RT_RC" -eq 2
t_grep "--snaplen without --capture: says so, naming it" \
	'^--capture-\* options and --snaplen need --capture FILE$' "$RT_OUT"
# 0 for a count or a rotation limit: refused, in the words capture_live
# expects of the control socket
for opt in capture-count:4294967295 capture-ring:100000 \
	capture-filesize:4294967295 capture-duration:31536000; do
	# shellcheck disable=SC2046
	rt_run "$RT_TMP/bad5.out" 20 $(rt_eal) -- --capture "$RT_TMP/x.pcapng" \
		"--${opt%:*}" 0
	t_check "--${opt%:*} 0: exit 2 ($RT_RC)" "$RT_RC" -eq 2
	t_grep "--${opt%:*} 0: says so" \
		"^--${opt%:*}: \"0\" is not in 1\\.\\.${opt#*:}\$" "$RT_OUT"
done
rt_done
