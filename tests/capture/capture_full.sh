#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The relay's capture onto a full disk: a small tmpfs mounted for the test
# (skip if mounting is not permitted) fills while traffic flows, and the
# capture ends with a write error.  Then the file must end on a whole
# block (tshark reads it without calling it cut short) and hold every
# packet that fit, the relay's
# packet and byte counts must be what is in the file, per node and
# direction too, and every accepted packet written or dropped under a
# named cause (accepted = written + dropped; dropped = ring full + write
# error).
# Usage: capture_full.sh RELAY

RT_NAME=capture-full
. "$(dirname "$0")/../relay/common.sh"
rt_setup
GEN=$(cd "$(dirname "$0")/../relay" && pwd)/gen_pcap.py
STATS=$(cd "$(dirname "$0")" && pwd)/pcapng_stats.py
MNT=$RT_TMP/mnt

rt_need_pcap
rt_need_tshark
rt_local_cleanup()
{
	mountpoint -q "$MNT" && umount "$MNT"
}
mkdir "$MNT" || exit 1
mount -t tmpfs -o size=512k,mode=0700 ngiface-capture-full "$MNT" \
	2>"$RT_TMP/mount.err" ||
	t_skip "cannot mount a tmpfs here: $(cat "$RT_TMP/mount.err")"
"$RT_PY" "$GEN" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1

# both nodes, endless traffic, a tenth of the IPv4 packets kept: the file
# fills the tmpfs in well under a second, in many batches
# capture_until_error WHAT OUT CAPTURE_ARGS...: the pair's relay, capturing
# with CAPTURE_ARGS, until its capture fails (at most 10 s), then SIGTERM:
# it must exit 0.
capture_until_error()
{
	local what=$1 out=$2

	shift 2
	rt_start_pair "$out" 30 "$RT_TMP/a.pcap,infinite_rx=1" \
		"$RT_TMP/a.pcap,infinite_rx=1" -- --ctl none "$@" \
		--capture-filter 'ip and ip[4:2] < 10' ||
		t_fail "the relay did not start ($what)"
	for _ in $(seq 1 100); do
		grep -q '^capture error' "$RT_OUT" && break
		sleep 0.1
	done
	rt_stop TERM
	t_check "$what: exit 0 after SIGTERM ($RT_RC)" "$RT_RC" -eq 0
	grep '^capture' "$RT_OUT"
}

F=$MNT/full.pcapng
capture_until_error "full disk" "$RT_TMP/full.out" --capture "$F"
t_grep "the capture ended on the full disk, file and errno named" \
	"^capture error: $F: No space left on device \\(ENOSPC\\)\$" "$RT_OUT"

# the file: whole blocks to its end
tshark -r "$F" >"$RT_TMP/tshark.out" 2>"$RT_TMP/tshark.err"
rc=$?
cat "$RT_TMP/tshark.err"
t_check "tshark reads the file (status $rc)" "$rc" -eq 0
t_check "tshark does not call it cut short" \
	"$(grep -ci 'cut short' "$RT_TMP/tshark.err")" -eq 0
"$RT_PY" "$STATS" "$F" >"$RT_TMP/full.stats"
cat "$RT_TMP/full.stats"
t_grep "the file ends on a whole block" '^blocks=[0-9]+ truncated=0$' \
	"$RT_TMP/full.stats"

# the relay's counts: what is in the file
n=$(wc -l <"$RT_TMP/tshark.out")
w=$(sed -nE 's/^capture stopped: ([0-9]+) packets .*/\1/p' "$RT_OUT")
b=$(sed -nE 's/^capture stopped: .* ([0-9]+) bytes, .*/\1/p' "$RT_OUT")
size=$(stat -c %s "$F")
t_check "reported written ${w:-?} == $n packets in the file, not 0" \
	"${w:--1}" -eq "$n" -a "$n" -gt 0
t_check "reported bytes ${b:-?} == the file's size $size" "${b:--1}" -eq "$size"
# filled to the last block that fit, as dumpcap fills a disk (the file
# was cut back to its last whole batch, up to 256 KiB short): the tmpfs
# holds 512 KiB, a block here is under 200 bytes
t_check "the disk filled to within a block ($size of 524288 bytes)" \
	"$size" -gt $((524288 - 200))
for nd in ng0 ng1; do
	read -r wi wo < <(sed -nE \
		"s/^capture $nd: .* written in ([0-9]+) out ([0-9]+).*/\1 \2/p" \
		"$RT_OUT")
	t_grep "$nd: written in ${wi:-?} out ${wo:-?}, as in the file" \
		"^if $nd .* epb_in=${wi:-x} epb_out=${wo:-x} " "$RT_TMP/full.stats"
done

# every accepted packet written, or dropped under a named cause
lost=0
for nd in ng0 ng1; do
	read -r acc drop wi wo < <(sed -nE "s/^capture $nd: seen [0-9]+ \
accepted ([0-9]+) dropped ([0-9]+) written in ([0-9]+) out ([0-9]+).*/\1 \2 \3 \4/p" \
		"$RT_OUT")
	read -r ring werr < <(sed -nE "s/^capture $nd: .* \
\(ring full ([0-9]+), write error ([0-9]+)\)$/\1 \2/p" "$RT_OUT")
	t_check "$nd: accepted ${acc:-?} == written ${wi:-?} + ${wo:-?} + dropped ${drop:-?}" \
		"${acc:--1}" -eq "$((${wi:-0} + ${wo:-0} + ${drop:-0}))"
	t_check "$nd: dropped ${drop:-?} == ring full ${ring:-?} + write error ${werr:-?}" \
		"${drop:--1}" -eq "$((${ring:-0} + ${werr:-0}))"
	lost=$((lost + ${werr:-0}))
done
t_check "packets lost to the full disk are counted ($lost)" "$lost" -gt 0

# A rotation whose next file cannot be made: a second tmpfs with inodes for
# its root and one file only.  The first file is begun; the second's open
# fails (ENOSPC), and the error names that file, not the first.
umount "$MNT" || t_fail "umount $MNT"
mount -t tmpfs -o size=512k,nr_inodes=2,mode=0700 ngiface-capture-full "$MNT" \
	|| t_fail "cannot mount the tmpfs again"
capture_until_error rotation "$RT_TMP/rot.out" --capture "$MNT/rot.pcapng" \
	--capture-filesize 20
first=$(find "$MNT" -name 'rot_00001_*.pcapng')
t_check "rotation: the first file was begun (${first:-none})" -n "$first"
t_grep "rotation: the error names the file whose open failed" \
	"^capture error: $MNT/rot_00002_[0-9]{14}\\.pcapng: No space left on device \\(ENOSPC\\)\$" \
	"$RT_OUT"
t_grep "rotation: one file begun, the failed one last named" \
	"^capture stopped: [0-9]+ packets in 1 file\\(s\\), [0-9]+ bytes, last file $MNT/rot_00002_[0-9]{14}\\.pcapng WRITE ERROR\$" \
	"$RT_OUT"
rt_done
