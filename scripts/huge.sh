# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Hugepages for one run (2 MiB pages, a hugetlbfs mount of its own, both
# given back after): sourced by scripts/bench.sh,
# scripts/bench_capture.sh, tests/capture/capture_dumpcap.sh and
# tests/integration/secondary*.sh (root).
#
# huge_up PAGES DIR: reserve PAGES more 2 MiB pages and mount hugetlbfs on
# DIR (made if missing).  Returns 1 if the kernel refuses the pages, 2 if
# the mount fails, the reason in HUGE_WHY.
# huge_down: unmount, remove DIR, give the pages back; safe to call when
# huge_up failed half-way or never ran, and twice.

HUGE_DIR=""
HUGE_OLD_NR=""
HUGE_WHY=""

huge_up()
{
	local want got

	HUGE_OLD_NR=$(cat /proc/sys/vm/nr_hugepages)
	want=$((HUGE_OLD_NR + $1))
	echo "$want" > /proc/sys/vm/nr_hugepages 2>/dev/null
	got=$(cat /proc/sys/vm/nr_hugepages)
	if [ "$got" -lt "$want" ]; then
		HUGE_WHY="the kernel refuses hugepages (asked $want 2 MiB pages, got $got)"
		return 1
	fi
	mkdir -p "$2"
	if ! mount -t hugetlbfs -o pagesize=2M nodev "$2"; then
		HUGE_WHY="cannot mount hugetlbfs on $2"
		return 2
	fi
	HUGE_DIR=$2
}

huge_down()
{
	if [ -n "$HUGE_DIR" ]; then
		rm -f "$HUGE_DIR"/* 2>/dev/null
		umount "$HUGE_DIR" 2>/dev/null
		rmdir "$HUGE_DIR" 2>/dev/null
		HUGE_DIR=""
	fi
	if [ -n "$HUGE_OLD_NR" ]; then
		echo "$HUGE_OLD_NR" > /proc/sys/vm/nr_hugepages
		HUGE_OLD_NR=""
	fi
}
