#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Ethernet frames of IPv4/UDP and IPv6/UDP packets of many sizes (up to a
# 1500-byte MTU), payload bytes that differ packet to packet, for the
# captures of packets longer than one capture segment.
#   gen_sizes.py FILE
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


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


def eth(t, p):
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01' + struct.pack('!H', t) + p


pkts = []
for i, size in enumerate([60, 300, 511, 512, 513, 600, 1000, 1024, 1025,
                          1400, 1499, 1500]):
    pkts.append(eth(0x0800, ipv4(i, size)))
    pkts.append(eth(0x86dd, ipv6(i, max(size, 60))))
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for n, p in enumerate(pkts):
        f.write(struct.pack('<IIII', 1, n, len(p), len(p)))
        f.write(p)
