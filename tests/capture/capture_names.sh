#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Rotated capture files never replace a file that is there.  dumpcap's
# names (FILE_NNNNN_YYYYmmddHHMMSS.pcapng) carry the second the file was
# begun and a number that every capture starts at 00001: two captures
# begun in the same second (capture stop then start, a relay restarted, two
# relays given the same FILE) named their files alike, and the second
# truncated the first's, whose ring could later remove it.  Now a name
# found taken gives way to the next number free in that second.
#   A: another capture's files under every name the capture could take in
#      its first seconds (numbers 1..5): all left as they were, the
#      capture's own files numbered past them, in dumpcap's form, readable;
#      its ring removes only its own;
#   B: start, stop, start, stop through ngctl within a second: two
#      files, two names, both readable.
# Usage: capture_names.sh RELAY NGCTL

RT_NAME=capture-names
. "$(dirname "$0")/../relay/common.sh"
rt_setup
NGCTL=${2:-}
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
SOCK=$RT_TMP/ctl.sock

[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"
rt_need_pcap
rt_need_tshark
"$RT_PY" "$GEN" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1

ng() { "$NGCTL" -s "$SOCK" "$@"; }

rt_start_pair "$RT_TMP/relay.out" 30 "$RT_TMP/a.pcap,infinite_rx=1" \
	"$RT_TMP/a.pcap,infinite_rx=1" -- --ctl "$SOCK" ||
	t_fail "relay did not start"

# ---- A: the names taken by another capture -------------------------------
D=$RT_TMP/a
mkdir "$D" || exit 1
now=$(date +%s)
for ((t = now - 1; t <= now + 15; t++)); do
	stamp=$(date -d "@$t" +%Y%m%d%H%M%S)
	for n in 1 2 3 4 5; do
		echo "another capture's file" >"$D/cap_0000${n}_$stamp.pcapng"
	done
done
others=$(find "$D" -type f | wc -l)
ng capture start -b duration:1 -b files:2 "$D/cap.pcapng" \
	ip and ip[4:2] = 7 >"$RT_TMP/a.start" 2>&1
rc=$?
cat "$RT_TMP/a.start"
t_check "A: capture start: exit 0 ($rc)" "$rc" -eq 0
sleep 3.5
ng capture stop >"$RT_TMP/a.stop" 2>&1
cat "$RT_TMP/a.stop"
kept=$(grep -lx "another capture's file" "$D"/*.pcapng | wc -l)
t_check "A: another capture's $others files all left as they were ($kept)" \
	"$kept" -eq "$others"
# the capture's own: the files that are not the other capture's
for f in "$D"/*.pcapng; do
	grep -qx "another capture's file" "$f" || basename "$f"
done >"$RT_TMP/a.own"
cat "$RT_TMP/a.own"
n=$(grep -cE '^cap_[0-9]{5}_[0-9]{14}\.pcapng$' "$RT_TMP/a.own")
t_check "A: the ring holds its 2 files, named cap_NNNNN_YYYYmmddHHMMSS ($n)" \
	"$n" -eq 2 -a "$(wc -l <"$RT_TMP/a.own")" -eq 2
low=$(sed -nE 's/^cap_([0-9]{5})_.*/\1/p' "$RT_TMP/a.own" | sort | head -n 1)
t_check "A: numbered past the taken 1..5 (lowest kept: ${low:-none})" \
	"$((10#${low:-0}))" -gt 5
bad=0
while read -r f; do
	c=$(tshark -r "$D/$f" 2>/dev/null | wc -l)
	echo "$f: $c packets"
	capinfos "$D/$f" >/dev/null 2>&1 && [ "$c" -gt 0 ] || bad=$((bad + 1))
done <"$RT_TMP/a.own"
t_check "A: the capture's files readable, with packets ($bad bad)" "$bad" -eq 0
t_grep "A: stop names the last file" \
	"^  file $D/cap_[0-9]{5}_[0-9]{14}\\.pcapng \\([0-9]+ begun\\)" \
	"$RT_TMP/a.stop"

# ---- B: stop and start again at once -------------------------------------
# stamp FILE: the YYYYmmddHHMMSS of a rotated file's name
stamp() { sed -nE 's/.*_[0-9]{5}_([0-9]{14})\.pcapng$/\1/p' <<<"$1"; }
# both begun in one second as a rule: from 0.2 s into a second (time(2)
# lags the clock date(1) reads by up to a tick), the four commands and the
# pause take some 0.3 s; tried again (3 times at most) when they were not
D=$RT_TMP/b
for try in 1 2 3; do
	rm -rf "$D"
	mkdir "$D" || exit 1
	sleep "0.$(printf '%03d' $(((1200 - 10#$(date +%3N)) % 1000)))"
	for i in 1 2; do
		ng capture start -b duration:60 "$D/cap.pcapng" \
			ip and ip[4:2] = 7 >/dev/null 2>&1 ||
			t_fail "B: capture start $i"
		sleep 0.1
		ng capture stop >"$RT_TMP/b.stop$i" 2>&1
		f[i]=$(sed -nE 's/^  file (.*) \([0-9]+ begun\).*/\1/p' \
			"$RT_TMP/b.stop$i")
		echo "capture $i: ${f[i]}"
	done
	[ "$(stamp "${f[1]}")" = "$(stamp "${f[2]}")" ] && break
done
t_check "B: both begun in one second (try $try)" \
	-n "$(stamp "${f[1]}")" -a "$(stamp "${f[1]}")" = "$(stamp "${f[2]}")"
t_check "B: two captures, two names (${f[1]} ${f[2]})" \
	-n "${f[1]}" -a "${f[1]}" != "${f[2]}"
bad=0
for i in 1 2; do
	capinfos "${f[i]}" >/dev/null 2>&1 || bad=$((bad + 1))
done
t_check "B: both files there and readable ($bad bad)" "$bad" -eq 0
t_check "B: two files in all ($(find "$D" -type f | tr '\n' ' '))" \
	"$(find "$D" -type f | wc -l)" -eq 2

rt_stop TERM
t_check "exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
rt_done
