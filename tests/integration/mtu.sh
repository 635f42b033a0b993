#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# MTU through testpmd, on a node with mtu=1000 and a hole on inet:
# - the mtu= devarg is the port's MTU ("show port info");
# - the MTU bounds the L3 packet (the Ethernet header is not counted):
#   1014-byte frames pass into the hole, 1015-byte ones are all dropped and
#   counted in inet_drop_mtu;
# - "port config mtu" below 72 is refused; 1200 is taken and applies.
# Usage: mtu.sh BUILD_DIR

IT_NAME=mtu
. "$(dirname "$0")/common.sh"
it_setup

# burst LEN TAG: txonly with LEN-byte frames for a moment; stats of that run
# alone in $IT_TMP/TAG.out
burst()
{
	it_cmd "set txpkts $1"
	it_moment 0 "$2"
}

# expect TAG WHERE: every packet of run TAG ended in xstat WHERE
expect()
{
	local f="$IT_TMP/$1.out" tot v x

	tot=$(it_fwd_stat 0 TX-total "$f")
	v=$(it_xstat 0 "$2" "$f")
	t_check "$1: $2 $v == TX-total $tot > 0" "$v" -gt 0 -a "$v" -eq "$tot"
	for x in inet_hole_packets inet_drop_mtu; do
		[ "$x" = "$2" ] && continue
		v=$(it_xstat 0 "$x" "$f")
		t_check "$1: $x $v == 0" "$v" -eq 0
	done
}

mtu_is()
{
	it_cmd_out "show port info 0"
	if grep -qE "^MTU: $1\$" "$IT_LAST"; then
		t_pass "$2: MTU $1"
	else
		t_fail "$2: MTU not $1 ($(grep -E '^MTU' "$IT_LAST"))"
	fi
}

out="$IT_TMP/testpmd.out"
it_start "$out" 60 "${IT_EAL[@]}" --vdev=net_ngiface0,mtu=1000,inet=hole \
	-- -i --total-num-mbufs=16384
it_cmd "set fwd txonly"
mtu_is 1000 "mtu=1000 devarg"
burst 1014 l3-1000
expect l3-1000 inet_hole_packets
burst 1015 l3-1001
expect l3-1001 inet_drop_mtu

it_cmd "port config mtu 0 71"
mtu_is 1000 "port config mtu 0 71 refused"
it_cmd "port config mtu 0 1200"
mtu_is 1200 "port config mtu 0 1200"
burst 1214 l3-1200
expect l3-1200 inet_hole_packets
burst 1215 l3-1201
expect l3-1201 inet_drop_mtu
it_stop
it_check_clean_exit
it_done
