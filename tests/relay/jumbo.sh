#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Chained packets cross the relay whole.  A 3000-byte IPv4 packet is longer
# than one mbuf (2048 bytes of data): net_pcap hands it over chained.  ng0
# (mtu=9000) takes it both ways: as a 3014-byte frame from pcap0 (--stack:
# ng0 Tx, to its inet hook, out through pcap1) and as a raw packet from
# pcap1 (--hooks: dispatched onto the inet hook, ng0 Rx, out through
# pcap0).  The relay asks its ports for Rx scatter where they offer it, so
# ng0's Rx hands the chain on instead of dropping it (rx_drop_noscatter).
# Then the MTUs of a --stack link: net_pcap0 is left as it is, and a node
# as ng0's stack port keeps its own, with a warning.
# Usage: jumbo.sh RELAY

RT_NAME=jumbo
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap

"$RT_PY" - "$RT_TMP" "$RT_DIR" <<'PY' || exit 1
import sys
sys.path.insert(0, sys.argv[2])
from gen_pcap import csum, eth, write
import struct
data = bytes(k & 0xff for k in range(3000 - 28))
udp = struct.pack('!HHHH', 2000, 9, 8 + len(data), 0) + data
hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                  bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
ip = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:] + udp
write(sys.argv[1] + '/eth.pcap', 1, [eth(0x0800, ip)])
write(sys.argv[1] + '/raw.pcap', 101, [ip])
PY

out="$RT_TMP/relay.out"
# shellcheck disable=SC2046
rt_start "$out" 20 $(rt_eal) --vdev=net_ngiface0,mtu=9000 \
	"--vdev=net_pcap0,rx_pcap=$RT_TMP/eth.pcap,tx_pcap=$RT_TMP/out0.pcap" \
	"--vdev=net_pcap1,rx_pcap=$RT_TMP/raw.pcap,tx_pcap=$RT_TMP/out1.pcap" \
	-- --stack ng0=net_pcap0@1 --hooks ng0=net_pcap1@1 --ctl none ||
	t_fail "relay did not start"
sleep 1
rt_stop TERM
t_check "relay exit status $RT_RC == 0" "$RT_RC" -eq 0

# the record lengths of a pcap file, one a line
lengths()
{
	"$RT_PY" - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
off = 24
while off + 16 <= len(d):
    incl, orig = struct.unpack('<II', d[off + 8:off + 16])
    print(orig)
    off += 16 + incl
PY
}
l0=$(lengths "$RT_TMP/out0.pcap" | tr '\n' ' ')
l1=$(lengths "$RT_TMP/out1.pcap" | tr '\n' ' ')
t_check "pcap0 sent the 3014-byte frame ng0's Rx made (${l0:-none})" \
	"$l0" = "3014 "
t_check "pcap1 sent the 3000-byte packet ng0's Tx gave its hook (${l1:-none})" \
	"$l1" = "3000 "
t_check "nothing dropped for want of scatter" \
	-z "$(grep -E 'rx_drop_noscatter=[1-9]' "$out")"

# The node's MTU goes to a --stack port that has one to set (tcp_flow.sh:
# TUNs); net_pcap has none and is left alone, in silence
t_check "no MTU line for net_pcap0 (it has no MTU to set)" \
	-z "$(grep -E 'MTU' "$out")"
# a node as a stack port is another interface: it keeps its MTU, said
out="$RT_TMP/relay-node-port.out"
# shellcheck disable=SC2046
rt_start "$out" 20 $(rt_eal) --vdev=net_ngiface0,mtu=9000 \
	--vdev=net_ngiface1,mtu=1400 -- --stack ng0=ng1@1 --ctl none ||
	t_fail "relay with ng1 as ng0's stack port did not start"
rt_stop TERM
t_check "relay exit status $RT_RC == 0" "$RT_RC" -eq 0
t_grep "ng1 keeps its MTU, with a warning" \
	"^warning: --stack ng0=ng1@1: ng1 keeps MTU 1400, ng0 has 9000 \(the port is a node\)" \
	"$out"
rt_done
