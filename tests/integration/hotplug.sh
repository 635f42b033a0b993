#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Run-time attach and detach of net_ngiface nodes in testpmd:
# - "port attach" makes node ngN with N the lowest free unit, listed by
#   "show port summary all";
# - "port stop/close" + "device detach", and "port detach", remove it, and a
#   later attach reuses the freed unit (as alloc_unr);
# - a node attached with inet=ng0:inet forwards with ng0; detaching it while
#   packets sit in the hook rings frees every one of them (the mempool is
#   whole again) and leaves ng0's hooks unconnected (Tx counted as
#   inet_drop_unconnected); attaching it again joins it again;
# - no crash, testpmd exits cleanly.
# Usage: hotplug.sh BUILD_DIR

IT_NAME=hotplug
. "$(dirname "$0")/common.sh"
it_setup

# port_row PORT NAME: "show port summary" output (IT_LAST) lists PORT as NAME
port_row()
{
	grep -qE "^$1 +[0-9A-F:]+ +$2 +net_ngiface( |$)" "$IT_LAST"
}

# attach DEVARGS PORT NAME: attach and expect port PORT named NAME
attach()
{
	it_cmd_out "port attach $1"
	if grep -q "Port $2 is attached" "$IT_LAST"; then
		t_pass "attach $1: port $2"
	else
		t_fail "attach $1: no \"Port $2 is attached\""
	fi
	it_cmd_out "show port summary all"
	if port_row "$2" "$3"; then
		t_pass "summary lists port $2 as $3"
	else
		t_fail "summary does not list port $2 as $3"
	fi
}

out="$IT_TMP/testpmd.out"
it_start "$out" 90 "${IT_EAL[@]}" --vdev=net_ngiface0 \
	-- -i --total-num-mbufs=16384

# attach, full teardown, attach again: same unit
attach net_ngiface5 1 ng1
it_cmd "port stop 1"
it_cmd "port close 1"
it_cmd_out "device detach net_ngiface5"
t_check "device detach net_ngiface5" \
	-n "$(grep -F 'Device net_ngiface5 is detached' "$IT_LAST")"
it_cmd_out "show port summary all"
t_check "summary: 1 port left" \
	-n "$(grep -F 'Number of available ports: 1' "$IT_LAST")"
port_row 1 ng1 && t_fail "ng1 still listed after detach"
attach net_ngiface5 1 ng1

# a hole in the units is filled first
attach net_ngiface6 2 ng2
it_cmd "port stop 1"
it_cmd_out "port detach 1"
t_check "port detach 1" -n "$(grep -F 'Device is detached' "$IT_LAST")"
attach net_ngiface7 1 ng1

# a joined node: forward, detach it with packets in the rings, re-attach
attach net_ngiface8,inet=ng0:inet,inet6=ng0:inet6 3 ng3
it_cmd "port start all"
it_cmd "set portlist 0,3"
it_cmd "set fwd io"
it_cmd "start tx_first"
sleep 1
it_cmd "stop"
for p in 0 3; do
	rx=$(it_fwd_stat $p RX-packets)
	tx=$(it_fwd_stat $p TX-packets)
	t_check "joined: port $p RX-packets $rx > 0" "$rx" -gt 0
	t_check "joined: port $p TX-packets $tx == RX + 32" \
		"$tx" -eq $((rx + 32))
done
# in flight: ng0 -> ng3, dropped as ng3 stops (rx_drop_down); ng3 -> ng0,
# flushed as ng3 goes (ng0's inet_flushed)
it_cmd "port stop 3"
it_cmd_out "show port xstats 3"
down=$(it_xstat 3 rx_drop_down "$IT_LAST")
it_cmd "port close 3"
it_cmd_out "device detach net_ngiface8"
t_check "device detach net_ngiface8" \
	-n "$(grep -F 'Device net_ngiface8 is detached' "$IT_LAST")"
it_mempool_whole "after detaching a joined node"
it_cmd "show port xstats 0"
fl=$(it_xstat 0 inet_flushed)
t_check "ng3 rx_drop_down $down + ng0 inet_flushed $fl in 1..64" \
	"$down" -ge 0 -a "$fl" -ge 0 -a $((down + fl)) -ge 1 -a \
	$((down + fl)) -le 64

it_cmd "set portlist 0"
it_cmd "set fwd txonly"
it_cmd "clear port xstats 0"
it_cmd "start"
sleep 0.5
it_cmd "stop"
it_cmd "show port xstats 0"
unc=$(it_xstat 0 inet_drop_unconnected)
txt=$(it_fwd_stat 0 TX-total)
t_check "peer gone: ng0 inet_drop_unconnected $unc == TX-total $txt > 0" \
	"$unc" -gt 0 -a "$unc" -eq "$txt"
it_mempool_whole "after txonly into the unconnected hook"

attach net_ngiface8,inet=ng0:inet,inet6=ng0:inet6 3 ng3
it_cmd "port start all"
it_cmd "set portlist 0,3"
it_cmd "set fwd io"
it_cmd "clear port stats all"
it_cmd "start tx_first"
sleep 0.5
it_cmd "stop"
rx=$(it_fwd_stat 0 RX-packets)
t_check "re-joined: port 0 RX-packets $rx > 0" "$rx" -gt 0
it_cmd "port stop all"
it_cmd "port close all"
it_mempool_whole "after closing every port"
it_stop
it_check_clean_exit
it_done
