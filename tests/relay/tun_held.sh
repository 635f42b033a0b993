#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A second relay must not hurt a first one whose TUN it names with iface=
# (the same unit started twice, a copy of its command line).  net_tap
# joins an existing TUN as one more queue: its probe set the first relay's
# TUN back to MTU 1500 (under nodes of mtu=1400: a TCP black hole), and
# its close took the TUN down, which removed its IPv6 addresses.  That
# happened even to a second relay refused after EAL init (its --ctl in
# use, exit 2), and one that was not refused ran on, sharing the TUN's
# traffic.  Now a TUN or TAP that another process holds is refused before
# EAL starts, exit 2, in both spellings of --vdev; the first relay's TUN
# keeps its state and the first relay stops cleanly.  A persistent TUN
# that no process holds (ip tuntap add ... multi_queue) is still joined.
# Needs root and /dev/net/tun; skips otherwise.
# Usage: tun_held.sh RELAY

RT_NAME=tun-held
. "$(dirname "$0")/common.sh"
rt_setup
rt_netns held
NS=$RT_NS
TUN=ngheld0
sock="$RT_TMP/ctl.sock"
held='another process holds'

# tun_state: "UP MTU" of the first relay's TUN, and its IPv6 address
tun_state()
{
	local flags mtu

	flags=$(ip -n "$NS" -o link show "$TUN" 2>/dev/null |
		sed -nE 's/.*<([^>]*)>.* mtu ([0-9]+) .*/\1 \2/p')
	mtu=${flags##* }
	case ",${flags% *}," in
	*,UP,*) echo "up $mtu" ;;
	*) echo "down $mtu" ;;
	esac
}

# second TAG VDEV-ARGS... -- RELAY-OPTIONS...: a second relay beside the
# first, its own --file-prefix; expected refused, exit 2, before EAL
second()
{
	local tag=$1 out="$RT_TMP/$1.out" prefix="$RT_PREFIX-$1" rc

	shift
	timeout -s TERM -k 3 20 "$RT_RELAY" -l 0-1 --file-prefix="$prefix" \
		--log-level=lib.eal:warning "$@" >"$out" 2>&1
	rc=$?
	rm -rf "/var/run/dpdk/$prefix"
	t_check "$tag: exit status $rc == 2" "$rc" -eq 2
	t_grep "$tag: the TUN named as held" \
		"^error: --vdev=net_tun0,iface=$TUN: $TUN is a TUN/TAP interface that $held" \
		"$out"
	if grep -qE 'relay running|^EAL: Selected' "$out"; then
		t_fail "$tag: EAL or the relay started anyway"
		cat "$out"
	fi
	t_check "$tag: the first relay's TUN is still up, MTU 1400 ($(tun_state))" \
		"$(tun_state)" = "up 1400"
	t_check "$tag: ... and keeps its IPv6 address" \
		"$(ip -n "$NS" -6 -o addr show dev "$TUN" | grep -c 2001:db8::1/64)" \
		-eq 1
}

# shellcheck disable=SC2046
rt_start "$RT_TMP/first.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none,mtu=1400 --vdev=net_tun0,iface=$TUN -- \
	--stack ng0=net_tun0@1 --ctl "$sock" ||
	t_fail "the first relay did not start"
ip -n "$NS" -6 addr add 2001:db8::1/64 dev "$TUN" nodad ||
	t_fail "cannot give $TUN an IPv6 address"
t_check "the first relay set its TUN up, MTU 1400 ($(tun_state))" \
	"$(tun_state)" = "up 1400"

# the same command line but the prefix: its --ctl alone would refuse it,
# after EAL init, when the probe had already done its harm
second same-ctl --vdev=net_ngiface0,l2=none --vdev=net_tun0,iface=$TUN \
	-- --stack ng0=net_tun0@1 --ctl "$sock"
# nothing else to refuse it: it used to run, sharing the TUN
second own-ctl --vdev=net_ngiface0,l2=none --vdev net_tun0,iface=$TUN \
	-- --stack ng0=net_tun0@1 --ctl "$RT_TMP/other.sock"

rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
rt_check_totals 2

# A persistent TUN nobody holds is the user's to give: joined, as before
ip -n "$NS" tuntap add mode tun multi_queue name ngpers0 ||
	t_fail "cannot make a persistent TUN"
# shellcheck disable=SC2046
rt_start "$RT_TMP/persist.out" 60 $(rt_eal) \
	--vdev=net_ngiface0,l2=none --vdev=net_tun0,iface=ngpers0 -- \
	--stack ng0=net_tun0@1 --ctl none
t_grep "a persistent TUN nobody holds: the relay runs on it" \
	'relay running' "$RT_OUT"
rt_stop TERM
t_check "  ... and stops: exit status $RT_RC == 0" "$RT_RC" -eq 0
ip -n "$NS" link del ngpers0
rt_done
