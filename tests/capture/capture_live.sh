#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The relay's capture while traffic flows (net_pcap ports replaying in a
# loop, infinite_rx): a capture started and stopped through ngctl (help,
# status, start with options and a filter, busy, stop, errors); a
# SIGTERM'd relay leaves complete files (statistics, accepted = written +
# dropped); rings of N files by size and by time; a FIFO whose reader
# takes nothing ends "capture stop" and SIGTERM within a second or so; a
# SIGKILL'd relay leaves a file readable up to its last complete block.
# Filters keep the files small.
# Usage: capture_live.sh RELAY NGCTL

RT_NAME=capture-live
. "$(dirname "$0")/../relay/common.sh"
rt_setup
NGCTL=${2:-}
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
STATS=$(cd "$(dirname "$0")" && pwd)/pcapng_stats.py
SOCK=$RT_TMP/ctl.sock

[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"
rt_need_pcap
rt_need_tshark
"$RT_PY" "$GEN" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1

# start_live TAG OPTIONS...: two nodes, hooks joined, endless traffic
# (ng1's side replays B_PCAP when set, else the same as ng0's); each relay
# runs 90 s at most: the first one's many steps took over 30 s on a
# loaded machine (timeout's 124 then failed every check after it)
start_live()
{
	local tag=$1

	shift
	rt_start_pair "$RT_TMP/$tag.out" 90 "$RT_TMP/a.pcap,infinite_rx=1" \
		"${B_PCAP:-$RT_TMP/a.pcap},infinite_rx=1" -- "$@" ||
		t_fail "$tag: relay did not start"
}

ng() { "$NGCTL" -s "$SOCK" "$@"; }

# start_when_read ARGS...: "capture start ARGS" into a FIFO whose reader
# was just started: refused (ENXIO) until the reader has it open; 5 s at
# most
start_when_read()
{
	local i

	for i in $(seq 50); do
		ng capture start "$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# ---- ngctl: start, status, stop while traffic flows ----------------------
# ng1 sends IPv4 only here: what ng0 takes in has no IPv6, so the IPv6
# capture below writes inbound nothing and outbound much (the table's
# columns can be told apart)
"$RT_PY" "$GEN" eth "$RT_TMP/b.pcap" 100 0 7 || exit 1
B_PCAP=$RT_TMP/b.pcap start_live ctl --ctl "$SOCK"
ng help >"$RT_TMP/help.out" 2>&1
t_grep "help lists capture" '^  capture +Start, stop or show a pcapng capture' "$RT_TMP/help.out"
t_grep "help capture: usage" '^usage: +capture start ' <(ng help capture 2>&1)
t_grep "status before any: No capture" '^No capture$' <(ng capture status 2>&1)
F=$RT_TMP/ctl.pcapng
ng capture start -n ng0 -s 96 "$F" udp and ip6 and ip6[64:2] = 0x3037 >"$RT_TMP/start.out" 2>&1
rc=$?
cat "$RT_TMP/start.out"
t_check "capture start: exit 0 ($rc)" "$rc" -eq 0
t_grep "start says running" "^Capture running: $F\$" "$RT_TMP/start.out"
sleep 0.5
ng capture status >"$RT_TMP/status.out" 2>&1
cat "$RT_TMP/status.out"
t_grep "status: running, filter shown" '^  filter "udp and ip6 and ip6\[64:2\] = 0x3037"$' "$RT_TMP/status.out"
p1=$(ng -j capture status | sed -nE 's/.*"packets":([0-9]+).*/\1/p')
sleep 0.3
p2=$(ng -j capture status | sed -nE 's/.*"packets":([0-9]+).*/\1/p')
t_check "-j status: packets grow while traffic flows (${p1:-?} -> ${p2:-?})" \
	"${p2:-0}" -gt "${p1:-0}"
err=$(ng capture start "$RT_TMP/other.pcapng" 2>&1); rc=$?
t_check "a second start: EBUSY, exit 75 ($rc: $err)" "$rc" -eq 75
ng capture stop >"$RT_TMP/stop.out" 2>&1
rc=$?
cat "$RT_TMP/stop.out"
t_check "capture stop: exit 0 ($rc)" "$rc" -eq 0
t_grep "stop says stopped" "^Capture stopped: $F\$" "$RT_TMP/stop.out"
written=$(awk '$1 == "ng0" { print $5 + $6 }' "$RT_TMP/stop.out")
# the table's columns are the JSON's fields: written_in, then written_out
cols=$(awk '$1 == "ng0" { print $5, $6 }' "$RT_TMP/stop.out")
json=$(ng -j capture status | "$RT_PY" -c 'import json, sys
n = json.load(sys.stdin)["capture"]["nodes"][0]
print(n["written_in"], n["written_out"])')
t_check "stop's table: written in, out ($cols) as -j says ($json)" \
	"$cols" = "$json" -a -n "$json"
t_check "  ... none in, some out ($json)" "${json%% *}" -eq 0 -a "${json#* }" -gt 0
bytes=$(sed -nE 's/^  [0-9]+ packets, ([0-9]+) bytes written .*/\1/p' "$RT_TMP/stop.out")
size=$(stat -c %s "$F")
t_check "stop reports the file's size in bytes (${bytes:-none} of $size)" \
	"${bytes:-0}" -eq "$size"
capinfos "$F" >"$RT_TMP/ctl.capinfos" 2>&1
rc=$?
t_check "capinfos reads the ngctl capture (status $rc)" "$rc" -eq 0
n=$(tshark -r "$F" 2>/dev/null | wc -l)
t_check "file has the $written packets stop reported ($n)" "$n" -eq "${written:-x}" -a "$n" -gt 0
n=$(tshark -r "$F" -Y "not (ipv6 and udp)" 2>/dev/null | wc -l)
t_check "only IPv6/UDP in it ($n others)" "$n" -eq 0
# Nanosecond timestamps that advance as the traffic did: it flowed without
# a pause for the 0.8 s or more between start and stop, so the packets span
# more than 0.3 s and no two in a row lie 0.9 s apart.  (A fraction of a
# second counted in the wrong unit fails one or the other: the packets
# crowd into a millisecond, or jump a whole second at a second's turn.)
span=$(tshark -r "$F" -T fields -e frame.time_epoch 2>/dev/null |
	awk 'NR == 1 { first = $1 } NR > 1 && $1 - prev > gap { gap = $1 - prev }
	     { prev = $1 } END { printf "%.6f %.6f", prev - first, gap }')
t_check "timestamps span the capture (span, largest gap: $span)" \
	"$(awk -v s="${span% *}" -v g="${span#* }" 'BEGIN { print (s > 0.3 && g < 0.9) }')" -eq 1
t_grep "only ng0 in it" '^Number of interfaces in file: 1$' "$RT_TMP/ctl.capinfos"
t_grep "snaplen 96" 'Capture length = 96' "$RT_TMP/ctl.capinfos"
# the hardware is the CPU, as dumpcap says it (it was the machine alone)
model=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
if [ -n "$model" ]; then
	hw=$(sed -nE 's/^Capture hardware: +//p' "$RT_TMP/ctl.capinfos")
	t_check "shb_hardware: the CPU's model and the machine ($hw)" \
		"$hw" = "$model ($(uname -m))"
fi
"$RT_PY" "$STATS" "$F" >"$RT_TMP/ctl.stats"
grep -Eq '^if ng0 .* isb=1$' "$RT_TMP/ctl.stats"
t_check "statistics written at stop" $? -eq 0
err=$(ng capture stop 2>&1); rc=$?
t_check "stop again: ENOTCONN, exit 69 ($rc: $err)" "$rc" -eq 69
t_check "  ... nothing said of a last one that was stopped" \
	-z "$(grep 'ended on its own' <<<"$err")"
# a capture that ends by itself (its count) is named by the next stop
ng capture start -c 5 "$RT_TMP/count.pcapng" >/dev/null 2>&1
for _ in $(seq 50); do
	grep -q '^Capture stopped' <(ng capture status 2>&1) && break
	sleep 0.1
done
err=$(ng capture stop 2>&1); rc=$?
t_check "stop after a count reached: ENOTCONN, exit 69 ($rc)" "$rc" -eq 69
t_check "  ... says the last one ended on its own ($err)" \
	-n "$(grep 'the last one ended on its own: its count was reached' <<<"$err")"
err=$(ng capture start "$RT_TMP/bad.pcapng" ip6 and 2>&1); rc=$?
t_check "bad filter: exit 65 ($rc)" "$rc" -eq 65
grep -q 'bad filter "ip6 and"' <<<"$err"
t_check "bad filter: says so ($err)" $? -eq 0
err=$(ng capture start -n ng9 "$RT_TMP/bad.pcapng" 2>&1); rc=$?
grep -q 'no iface node named "ng9"' <<<"$err"
t_check "unknown node: says so ($err)" $? -eq 0
# -n takes a node's netgraph name too: the interface under it is captured
ng name ng0: wan >/dev/null 2>&1
out=$(ng capture start -n wan,ng1: "$RT_TMP/named.pcapng" udp 2>&1); rc=$?
t_check "-n by node name: exit 0 ($rc: $out)" "$rc" -eq 0
t_check "  ... captures ng0 and ng1 ($out)" \
	"$(grep -cE '^  ng[01] ' <<<"$out")" -eq 2
ng capture stop >/dev/null 2>&1
# ... or its name as a path, colon and all ("wan:"); and an interface name
# stays one with its node named otherwise ("ng0:" is ng0's)
for n in wan: ng0:; do
	out=$(ng capture start -n "$n" "$RT_TMP/named.pcapng" udp 2>&1); rc=$?
	t_check "-n $n: exit 0, captures ng0 ($rc: $out)" \
		"$rc" -eq 0 -a "$(grep -cE '^  ng0 ' <<<"$out")" -eq 1
	ng capture stop >/dev/null 2>&1
done
# an item longer than any interface name, with its colon, is no node
long=$(printf 'x%.0s' $(seq 60)):
err=$(ng capture start -n "$long" "$RT_TMP/bad.pcapng" 2>&1); rc=$?
t_check "-n of 61 characters: no iface node of that whole name, exit 68 ($rc: $err)" \
	"$rc" -eq 68 -a -n "$(grep -F "no iface node named \"${long%:}\"" <<<"$err")"
# the list with each name made an interface's must still fit -n's 512
# bytes: 127 "b" (ng1, named b) and "none" make 512 characters, one over
ng name ng1: b >/dev/null 2>&1
err=$(ng capture start -n "$(printf 'b,%.0s' $(seq 127))none" \
	"$RT_TMP/bad.pcapng" 2>&1); rc=$?
t_check "-n grown past 511 characters: refused, exit 65 ($rc: $err)" \
	"$rc" -eq 65 -a -n "$(grep -- '-n: value too long' <<<"$err")"
err=$(ng capture start -b files:2 "$RT_TMP/bad.pcapng" 2>&1); rc=$?
t_check "ring without a limit: refused ($rc)" "$rc" -eq 65
# refused WORDS OPTION VALUE: capture start takes what the command line
# takes (capture_flow's start-up errors), no more, and says it in its words
refused()
{
	local words=$1 err rc

	shift
	err=$(ng capture start "$@" "$RT_TMP/bad.pcapng" 2>&1); rc=$?
	t_check "capture start $*: refused, exit 65 ($rc: $err)" "$rc" -eq 65
	grep -qF "capture: $words" <<<"$err"
	t_check "capture start $*: says $words" $? -eq 0
}
refused '-c: "0" is not in 1..4294967295' -c 0
refused '-c: "4294967296" is not in 1..4294967295' -c 4294967296
refused '-b files: "0" is not in 1..100000' -b files:0
refused '-b filesize: "0" is not in 1..4294967295' -b filesize:0
refused '-b duration: "0" is not in 1..31536000' -b duration:0
refused '-s: "262145" is not in 0..262144' -s 262145
refused '-c: expected a number, got "x"' -c x
refused '-b file:2: expected files:N, filesize:KB or duration:S' -b file:2
refused '-b filesizes:2: expected files:N, filesize:KB or duration:S' \
	-b filesizes:2
t_check "no bad start left a file" ! -e "$RT_TMP/bad.pcapng"
# "DIR/" names no file, with a size limit too: it made "DIR/_00001_..."
mkdir "$RT_TMP/dir" || t_fail "mkdir"
err=$(ng capture start -b filesize:10 "$RT_TMP/dir/" 2>&1); rc=$?
t_check "capture start -b filesize:10 DIR/: refused ($rc: $err)" "$rc" -ne 0
grep -qF "capture: $RT_TMP/dir/: Is a directory (EISDIR)" <<<"$err"
t_check "capture start -b filesize:10 DIR/: says EISDIR" $? -eq 0
t_check "capture start -b filesize:10 DIR/: nothing made in DIR" \
	-z "$(ls -A "$RT_TMP/dir")"
ng capture stop >/dev/null 2>&1
# a start that fails on what was there leaves it there: a device that
# refuses writes, with /dev/full's numbers (it once was removed)
if mknod "$RT_TMP/full" c 1 7 2>/dev/null; then
	err=$(ng capture start "$RT_TMP/full" 2>&1); rc=$?
	t_check "start on a full device: refused ($rc: $err)" "$rc" -ne 0
	t_check "start on a full device: the device is still there" \
		-c "$RT_TMP/full"
fi
# a FIFO with no reader: refused at once and saying so (the open blocked
# the control thread until a reader came); with a reader, the capture
# flows through it
mkfifo "$RT_TMP/fifo" || t_fail "mkfifo"
err=$(ng -t 3000 capture start "$RT_TMP/fifo" ip and ip[4:2] = 7 2>&1); rc=$?
t_check "FIFO without a reader: refused ($rc: $err)" "$rc" -ne 0
grep -q 'a FIFO with no reader (start the reader first)' <<<"$err"
t_check "FIFO without a reader: says so" $? -eq 0
t_check "FIFO without a reader: the FIFO is still there" -p "$RT_TMP/fifo"
timeout -k 2 20 cat "$RT_TMP/fifo" >"$RT_TMP/fifo.pcapng" &
reader=$!
start_when_read -c 5 "$RT_TMP/fifo" ip and ip[4:2] = 7
wait "$reader"
rc=$?
t_check "FIFO with a reader: the reader saw the file end ($rc)" "$rc" -eq 0
n=$(tshark -r "$RT_TMP/fifo.pcapng" 2>/dev/null | wc -l)
t_check "FIFO with a reader: 5 packets came through it ($n)" "$n" -eq 5
# a reader that leaves part way through a batch (as "tshark -i f -c N"
# does): the packets whose whole block went into the FIFO count as
# written, the rest of the batch as write error.  The whole batch counted
# as write error, fewer written than the reader had (none when it left
# within the first batch).
# The reader takes exactly 300000 bytes from the FIFO, unbuffered: a
# buffered read(n) may take up to a buffer more from the pipe than it
# hands on, which the bound on what was left unread below would count.
mkfifo "$RT_TMP/leave" || t_fail "mkfifo"
"$RT_PY" -c 'import sys
f, want, d = open(sys.argv[1], "rb", buffering=0), int(sys.argv[3]), b""
while len(d) < want:
    c = f.read(want - len(d))
    if not c:
        break
    d += c
open(sys.argv[2], "wb").write(d)' "$RT_TMP/leave" "$RT_TMP/leave.pcapng" 300000 &
reader=$!
start_when_read -n ng0 "$RT_TMP/leave"
wait "$reader"
for _ in $(seq 50); do
	grep -q '^Capture stopped' <(ng capture status 2>&1) && break
	sleep 0.1
done
ng capture status >"$RT_TMP/leave.out" 2>&1
cat "$RT_TMP/leave.out"
t_grep "reader left: the capture ended on EPIPE" 'Broken pipe' "$RT_TMP/leave.out"
got=$(tshark -r "$RT_TMP/leave.pcapng" 2>/dev/null | wc -l)
written=$(awk '$1 == "ng0" && $2 != "dropped:" { print $5 + $6 }' "$RT_TMP/leave.out")
werr=$(sed -nE 's/^  ng0 dropped: .* ([0-9]+) write error$/\1/p' "$RT_TMP/leave.out")
bytes=$(sed -nE 's/^  [0-9]+ packets, ([0-9]+) bytes written .*/\1/p' "$RT_TMP/leave.out")
t_check "reader left: written counts what it got ($got <= ${written:-?})" \
	"$got" -gt 0 -a "$got" -le "${written:-0}"
# what went out and was not read is at most what the pipe holds (64 KiB,
# Linux's default), in blocks of at least 32 bytes (the least an EPB
# takes)
unread=$((${bytes:-0} - 300000))
t_check "  ... its bytes counted as written too (${bytes:-none} >= 300000)" \
	"$unread" -ge 0
t_check "  ... no more than the pipe held besides ($unread <= 65536 bytes)" \
	"$unread" -le 65536
t_check "  ... nor more packets ($((${written:-0} - got)) <= $((unread / 32)))" \
	"$((${written:-0} - got))" -le "$((unread / 32))"
t_check "  ... the rest of the batch counted as write error (${werr:-none})" \
	"${werr:-0}" -gt 0
# the next stop finds no capture, and names the error the last one ended on
err=$(ng capture stop 2>&1); rc=$?
t_check "reader left: a stop after it: ENOTCONN, exit 69 ($rc)" "$rc" -eq 69
t_check "  ... names the write error the capture ended on ($err)" \
	-n "$(grep -F "(the last one ended on its own: $RT_TMP/leave: Broken pipe (EPIPE); " <<<"$err")"
# -s 0: the default snaplen, as tcpdump's and --snaplen 0
ng capture start -s 0 -c 5 "$RT_TMP/snap0.pcapng" ip and ip[4:2] = 7 >/dev/null 2>&1
sleep 0.5
t_grep "-s 0: status says snaplen 262144" 'snaplen 262144,' <(ng capture status)
t_grep "-s 0: snaplen 262144 in the IDB" '^ +Capture length = 262144$' \
	<(capinfos "$RT_TMP/snap0.pcapng" 2>&1)
ng capture start -c 25 "$RT_TMP/count.pcapng" ip and ip[4:2] = 7 >/dev/null 2>&1
# up to 5 s: 25 packets come in well under one on a quiet machine
rt_wait_for eval 'ng capture status | grep -q "^Capture stopped: "'
t_grep "-c 25: stopped by itself" '^Capture stopped: ' <(ng capture status)
n=$(tshark -r "$RT_TMP/count.pcapng" 2>/dev/null | wc -l)
t_check "-c 25: 25 packets ($n)" "$n" -eq 25
ng -j capture status >"$RT_TMP/count.json" 2>&1
cat "$RT_TMP/count.json"
"$RT_PY" - "$RT_TMP/count.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))["capture"]
sys.exit(not c["done"] or any(
    n["accepted"] != n["written_in"] + n["written_out"] + n["dropped"] +
    n["after_count"] for n in c["nodes"]))
EOF
t_check "-c 25: -j: accepted = written + dropped + after_count" $? -eq 0
# a capture running at exit is closed cleanly by SIGTERM
ng capture start "$RT_TMP/atexit.pcapng" ip and ip[4:2] = 7 >/dev/null 2>&1
sleep 0.3
rt_stop TERM
t_check "exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
capinfos "$RT_TMP/atexit.pcapng" >/dev/null 2>&1
t_check "SIGTERM during a capture: capinfos reads the file" $? -eq 0
"$RT_PY" "$STATS" "$RT_TMP/atexit.pcapng" >"$RT_TMP/atexit.stats"
cat "$RT_TMP/atexit.stats"
awk '/^if / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	if (v["isb"] != 1 || v["filteraccept"] != v["usrdeliv"] + v["ifdrop"] ||
	    v["usrdeliv"] != v["epb_in"] + v["epb_out"] || v["usrdeliv"] == 0) bad++
	    ifs++ }
	END { exit bad > 0 || ifs == 0 }' "$RT_TMP/atexit.stats"
t_check "ISBs: accepted = written + dropped, written = EPBs" $? -eq 0

# ring_check TAG N WHAT FILE_OK: stop the relay of a ring capture; its
# files, listed in $RT_TMP/TAG.list, must be N, named as dumpcap names
# them, numbered past N (so files were removed as new ones began), and
# each pass FILE_OK (a function given the file; WHAT says what it checks).
ring_check()
{
	local tag=$1 want=$2 what=$3 file_ok=$4 n last bad=0 f

	rt_stop TERM
	t_check "$tag: exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
	ls "$RT_TMP/${tag}_"*.pcapng >"$RT_TMP/$tag.list" 2>/dev/null
	cat "$RT_TMP/$tag.list"
	n=$(grep -cE "/${tag}_[0-9]{5}_[0-9]{14}\.pcapng\$" "$RT_TMP/$tag.list")
	t_check "$tag: $n files named ${tag}_NNNNN_YYYYmmddHHMMSS.pcapng" \
		"$n" -eq "$want"
	last=$(sed -nE "s/.*${tag}_([0-9]{5})_.*/\1/p" "$RT_TMP/$tag.list" |
		sort | tail -n 1)
	t_check "$tag: files were rotated (last number $last > $want)" \
		"$((10#${last:-0}))" -gt "$want"
	while read -r f; do
		"$file_ok" "$f" || bad=$((bad + 1))
	done <"$RT_TMP/$tag.list"
	t_check "$tag: every file $what ($bad bad)" "$bad" -eq 0
}

# readable, with ng0's interface statistics
ring_file_stats()
{
	capinfos "$1" >/dev/null 2>&1 &&
		"$RT_PY" "$STATS" "$1" | grep -q '^if ng0 .* isb=1$'
}

# readable, packets in it, the first no more than ~1 s before the last
# (1.5 s: the writer may write a record some time after the tap stamped it;
# without rotation the files would span the whole 3.5 s run)
ring_file_second()
{
	local span n

	span=$(capinfos -T -r -u "$1" 2>/dev/null | awk -F'\t' 'NR == 1 { print $2 }')
	n=$(tshark -r "$1" 2>/dev/null | wc -l)
	echo "$1: $n packets over ${span:-?} s"
	awk -v s="${span:-x}" -v n="$n" \
		'BEGIN { exit !(s ~ /^[0-9.]+$/ && s + 0 <= 1.5 && n > 0) }'
}

# ---- a ring of 3 files by size -------------------------------------------
start_live ring --ctl none --capture "$RT_TMP/ring.pcapng" \
	--capture-filter "ip and ip[4:2] = 7" --capture-filesize 64 \
	--capture-ring 3
sleep 2
ring_check ring 3 "readable, with its statistics" ring_file_stats

# ---- a size limit met at the record that reaches it ----------------------
# As dumpcap's: no file passes 64 kB by more than that record and the
# statistics blocks after it (records of some 200 bytes here, an ISB per
# node).  The limit was checked once per writer burst, up to 64 records
# later: files some 10 kB over under full traffic.
ring_file_size()
{
	local sz

	sz=$(stat -c %s "$1")
	echo "$1: $sz bytes"
	[ "$sz" -le $((64000 + 512)) ]
}
start_live rsize --ctl none --capture "$RT_TMP/rsize.pcapng" \
	--capture-filesize 64 --capture-ring 3
sleep 1.5
ring_check rsize 3 "at most a record and its statistics over 64 kB" \
	ring_file_size

# ---- a ring of 2 files by time -------------------------------------------
# A new file every second: after some 3.5 s the ring holds the 2 newest.
start_live tring --ctl none --capture "$RT_TMP/tring.pcapng" \
	--capture-filter "ip and ip[4:2] = 7" --capture-duration 1 \
	--capture-ring 2
sleep 3.5
ring_check tring 2 "readable, its packets within about a second" \
	ring_file_second

# ---- a FIFO whose reader takes nothing ------------------------------------
# A reader that has the FIFO open and reads nothing (suspended, hung):
# the pipe fills at once.  The writer used to block in write() for good:
# "capture stop" then held the capture's lock (control socket and main
# lcore wedged), a SIGTERM'd relay never exited.  Now they end the
# capture within about a second (ETIMEDOUT), and a start on a FIFO with
# no room left is refused as soon, saying so.
# elapsed_ms T0: milliseconds since T0 (date +%s%N), for the record: the
# bounds are ngctl's -t and rt_stop's; the old code reached neither
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
staller=""
rt_local_cleanup() { stall_end; }
# stall_start: a FIFO whose reader has it open and reads nothing, and a
# capture into it that has filled the pipe
stall_start()
{
	rm -f "$RT_TMP/stall"
	mkfifo "$RT_TMP/stall" || t_fail "mkfifo"
	"$RT_PY" -c 'import sys, time; f = open(sys.argv[1], "rb"); time.sleep(60)' \
		"$RT_TMP/stall" &
	staller=$!
	start_when_read "$RT_TMP/stall"
	sleep 1
}
stall_end()
{
	[ -n "$staller" ] || return 0
	kill "$staller" 2>/dev/null
	wait "$staller" 2>/dev/null
	staller=""
}
start_live stall --ctl "$SOCK"
stall_start
t0=$(date +%s%N)
ng -t 8000 capture stop >"$RT_TMP/stall.out" 2>&1
rc=$?
ms=$(elapsed_ms "$t0")
cat "$RT_TMP/stall.out"
t_check "reader takes nothing: capture stop answers, exit 0 ($rc, $ms ms)" \
	"$rc" -eq 0
t_grep "  ... the capture ended on ETIMEDOUT" \
	'^  [0-9]+ packets, [0-9]+ bytes written in .*: Connection timed out$' \
	"$RT_TMP/stall.out"
t0=$(date +%s%N)
err=$(ng -t 8000 capture start "$RT_TMP/stall" 2>&1); rc=$?
ms=$(elapsed_ms "$t0")
t_check "no room left: start refused, ETIMEDOUT, exit 75 ($rc, $ms ms: $err)" \
	"$rc" -eq 75
grep -q 'a FIFO whose reader takes nothing' <<<"$err"
t_check "  ... says so" $? -eq 0
stall_end
# the same at SIGTERM, a capture running
stall_start
t0=$(date +%s%N)
rt_stop TERM
ms=$(elapsed_ms "$t0")
stall_end
t_check "reader takes nothing: SIGTERM, exit 0 ($RT_RC, $ms ms)" "$RT_RC" -eq 0
t_grep "  ... the capture ended on ETIMEDOUT" \
	"^capture error: $RT_TMP/stall: Connection timed out \\(ETIMEDOUT\\)\$" \
	"$RT_OUT"
rt_check_totals 4

# ---- SIGKILL: readable up to the last complete block ---------------------
start_live kill --ctl none --capture "$RT_TMP/kill.pcapng" \
	--capture-filter "ip and ip[4:2] = 7"
sleep 1.5
# the relay itself, not the timeout wrapping it
relay_pid=$(pgrep -P "$RT_PID" | head -n 1)
[ -n "$relay_pid" ] && kill -KILL "$relay_pid"
rt_stop TERM
t_check "SIGKILL: the relay died of it ($RT_RC)" "$RT_RC" -eq 137
"$RT_PY" "$STATS" "$RT_TMP/kill.pcapng" >"$RT_TMP/kill.stats"
cat "$RT_TMP/kill.stats"
n=$(tshark -r "$RT_TMP/kill.pcapng" 2>/dev/null | wc -l)
b=$(sed -nE 's/^blocks=([0-9]+).*/\1/p' "$RT_TMP/kill.stats")
t_check "SIGKILL: tshark reads $n packets, every complete block ($b - 3)" \
	"$n" -gt 0 -a "$n" -eq "$((b - 3))"
if grep -q 'truncated=0' "$RT_TMP/kill.stats"; then
	capinfos "$RT_TMP/kill.pcapng" >/dev/null 2>&1
	t_check "SIGKILL: the file ends on a block boundary; capinfos reads it" $? -eq 0
else
	echo "note: the kill cut a write short; the last block is incomplete"
fi
rt_done
