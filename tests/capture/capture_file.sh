#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The pcapng writer judged by tshark and capinfos: the unit test program
# leaves a sample file (two interfaces, IPv4 and IPv6 both ways, ISBs).
# Usage: capture_file.sh TEST_CAPTURE_PCAPNG

RT_NAME=capture-file
. "$(dirname "$0")/../relay/common.sh"
prog=$1
[ -x "$prog" ] || t_skip "test program not built: $prog"
rt_need_tshark
RT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-capfile.XXXXXX")
f=$RT_TMP/sample.pcapng

"$prog" "$f" >"$RT_TMP/unit.out" 2>&1 || { cat "$RT_TMP/unit.out"; t_fail "unit test program"; }
capinfos "$f" >"$RT_TMP/capinfos.out" 2>&1
rc=$?
t_check "capinfos reads it (status $rc)" "$rc" -eq 0
t_grep "encapsulation Raw IP" '^File encapsulation: +Raw IP' "$RT_TMP/capinfos.out"
t_grep "nanosecond precision" 'File timestamp precision: +nanoseconds \(9\)' "$RT_TMP/capinfos.out"
t_grep "two interfaces" '^Number of interfaces in file: 2' "$RT_TMP/capinfos.out"
t_grep "interface ng0" 'Name = ng0' "$RT_TMP/capinfos.out"
t_grep "interface ng1" 'Name = ng1' "$RT_TMP/capinfos.out"
t_grep "statistics blocks" 'Number of stat entries = 1' "$RT_TMP/capinfos.out"
tshark -r "$f" -T fields -e frame.interface_name -e frame.packet_flags_direction \
	-e ip.src -e ipv6.src 2>/dev/null | sort | uniq -c >"$RT_TMP/tshark.out"
cat "$RT_TMP/tshark.out"
t_grep "ng0 inbound IPv4: 3" '^ +3 ng0	0x00000001	192.0.2.1	$' "$RT_TMP/tshark.out"
t_grep "ng1 outbound IPv6: 3" '^ +3 ng1	0x00000002		2001:db8::1$' "$RT_TMP/tshark.out"
now=$(date +%s)
t=$(tshark -r "$f" -T fields -e frame.time_epoch -c 1 2>/dev/null | cut -d. -f1)
t_check "timestamp $t within 300 s of now $now" "${t:-0}" -gt $((now - 300)) -a "${t:-0}" -lt $((now + 300))
/usr/bin/python3 "$(dirname "$0")/pcapng_stats.py" "$f" >"$RT_TMP/stats.out"
t_grep "ISB of ng0 read back" '^if ng0 linktype=101 tsresol=9 snaplen=96 epb_in=3 epb_out=2 ifrecv=7 ifdrop=0 filteraccept=5 usrdeliv=5 isb=1$' "$RT_TMP/stats.out"
# cut inside the last block: readable up to the block before
size=$(stat -c %s "$f")
head -c $((size - 10)) "$f" >"$RT_TMP/cut.pcapng"
n=$(tshark -r "$RT_TMP/cut.pcapng" 2>/dev/null | wc -l)
t_check "a file cut inside its last block still gives the 10 packets ($n)" "$n" -eq 10
rt_done
