#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Ethernet frames of IPv4/UDP and IPv6/UDP packets of many sizes (up to a
# 1500-byte MTU), payload bytes that differ packet to packet, for the
# captures of packets longer than one capture segment.
#   gen_sizes.py FILE
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'relay'))
from gen_pcap import csum, eth, write  # noqa: E402


def payload(i, n):
    return bytes((i * 7 + k) & 0xff for k in range(n))


def ipv4(i, size):
    data = payload(i, size - 28)
    udp = struct.pack('!HHHH', 2000, 9, 8 + len(data), 0) + data
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i, 0, 64, 17,
                      0, bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    return hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:] + udp


def ipv6(i, size):
    data = payload(i, size - 48)
    udp = struct.pack('!HHHH', 2000, 9, 8 + len(data), 0) + data
    return struct.pack('!IHBB16s16s', 0x60000000, len(udp), 17, 64,
                       bytes.fromhex('20010db8000000000000000000000001'),
                       bytes.fromhex('20010db8000000000000000000000002')) + udp


pkts = []
for i, size in enumerate([60, 300, 511, 512, 513, 600, 1000, 1024, 1025,
                          1400, 1499, 1500]):
    pkts.append(eth(0x0800, ipv4(i, size)))
    pkts.append(eth(0x86dd, ipv6(i, max(size, 60))))
write(sys.argv[1], 1, pkts)
