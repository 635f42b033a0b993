#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# A bad devarg fails the probe with a log line naming the key or the value,
# on the command line (--vdev) and at run time (port attach), and leaves no
# half-made node behind: the next good node still gets unit 0.
#
# Note: testpmd 22.11 does not exit when a --vdev fails to probe (EAL logs
# "Bus (vdev) probe failed" and goes on with no port), so the test checks
# the probe failure and that no port exists rather than an exit status.
# Usage: bad_devargs.sh BUILD_DIR

IT_NAME=bad-devargs
. "$(dirname "$0")/common.sh"
it_setup

has()
{
	grep -qF -- "$1" "$IT_OUT"
}

check_log()
{
	if has "$2"; then
		t_pass "$1: log has '$2'"
	else
		t_fail "$1: log lacks '$2'"
	fi
}

# 1. unknown key on the command line, then bad values at run time
out1="$IT_TMP/bogus.out"
it_start "$out1" 60 "${IT_EAL[@]}" --vdev=net_ngiface0,bogus=1 \
	-- -i --total-num-mbufs=16384
it_cmd "show port summary all"
it_cmd "port attach net_ngiface1,mtu=10"
it_cmd "port attach net_ngiface2,inet=nowhere"
it_cmd "port attach net_ngiface3,l2=ppp"
it_cmd "port attach net_ngiface5,iface=ngx,inet=ngx:inet"
it_cmd "port attach net_ngiface6,iface=a.b"
it_cmd "port attach net_ngiface4,mtu=72,l2=none,inet=echo,inet6=hole"
it_cmd "port attach net_ngiface7,iface=ng0"
it_cmd "show port summary all"
it_stop
it_check_clean_exit
check_log "--vdev bogus=1" 'net_ngiface0: unknown devarg "bogus"'
check_log "--vdev bogus=1" 'failed to initialize net_ngiface0 device'
check_log "--vdev bogus=1" 'Number of available ports: 0'
check_log "attach mtu=10" \
	'net_ngiface1: bad value "10" for devarg mtu (expected 72..65535)'
check_log "attach inet=nowhere" \
	'net_ngiface2: bad value "nowhere" for devarg inet'
check_log "attach l2=ppp" 'net_ngiface3: bad value "ppp" for devarg l2'
# the rule the expected text gives is the driver's whole rule (blanks too)
check_log "attach iface=a.b" \
	'bad value "a.b" for devarg iface (expected a name of 1-15 bytes without . : [ ] " blanks or control characters, UTF-8 beyond ASCII)'
# a hook joined to itself says so, and names the device with its node (a
# unit freed by a removal can make a new node the very one its devarg
# names: only "ng0: inet=ng0:inet: Invalid argument" was said)
check_log "attach self-join" 'ngx:inet cannot be joined to itself'
check_log "attach self-join" \
	'net_ngiface5 (node ngx): inet=ngx:inet: Invalid argument'
# a name in use: EADDRINUSE, as netgraph says it; EEXIST, which EAL takes
# for "probed already", made the attach pass in silence, with no port
check_log "attach iface=ng0 when ng0 exists" \
	'net_ngiface7: node name ng0 is taken (EADDRINUSE)'
n=$(grep -c 'Failed to attach port' "$IT_OUT")
t_check "six failed attaches reported ($n)" "$n" -eq 6
check_log "attach good devargs" 'Number of available ports: 1'
if grep -qE '^0 +[0-9A-F:]+ +ng0 +net_ngiface' "$IT_OUT"; then
	t_pass "the good node is port 0, named ng0: failed probes kept no unit"
else
	t_fail "no port 0 named ng0 after the good attach"
fi

# 2. bad value on the command line
out2="$IT_TMP/mtu.out"
it_start "$out2" 60 "${IT_EAL[@]}" --vdev=net_ngiface0,mtu=10 \
	-- -i --total-num-mbufs=16384
it_cmd "show port summary all"
it_stop
it_check_clean_exit
check_log "--vdev mtu=10" 'bad value "10" for devarg mtu'
check_log "--vdev mtu=10" 'failed to initialize net_ngiface0 device'
check_log "--vdev mtu=10" 'Number of available ports: 0'
it_done
