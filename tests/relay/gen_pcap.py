#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Write test pcap files without scapy.
#   gen_pcap.py eth FILE N4 N6 NOTHER   Ethernet: IPv4/UDP, IPv6/UDP, ARP
#   gen_pcap.py raw FILE N4 N6 NOTHER   raw L3 (DLT_RAW): IPv4, IPv6, junk
#   gen_pcap.py count FILE              print the number of packets
# Its helpers (csum, eth, write) serve tests/capture/gen_sizes.py too.
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(i):
    payload = struct.pack('!HHHH', 1024, 9, 8 + 18, 0) + b'ngiface-relay-v4%02d' % (i % 100)
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), i & 0xffff,
                      0, 64, 17, 0, bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(i):
    payload = struct.pack('!HHHH', 1024, 9, 8 + 18, 0) + b'ngiface-relay-v6%02d' % (i % 100)
    src = bytes.fromhex('20010db8000000000000000000000001')
    dst = bytes.fromhex('20010db8000000000000000000000002')
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), 17, 64,
                       src, dst) + payload


def arp(i):
    return struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1,
                       b'\x02\0\0\0\0\x01', bytes([192, 0, 2, 1]),
                       b'\0' * 6, bytes([192, 0, 2, i % 250 + 2]))


def junk(i):
    return bytes([0x00, i & 0xff]) + b'not an ip packet' * 2


def eth(ethertype, payload):
    return b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + struct.pack('!H', ethertype) + payload


def write(path, linktype, pkts):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, linktype))
        for n, p in enumerate(pkts):
            f.write(struct.pack('<IIII', 1, n, len(p), len(p)))
            f.write(p)


def count(path):
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return 0
    magic = struct.unpack('<I', data[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    off, n = 24, 0
    while off + 16 <= len(data):
        incl = struct.unpack(e + 'IIII', data[off:off + 16])[2]
        off += 16 + incl
        n += 1
    return n


def main():
    if sys.argv[1] == 'count':
        print(count(sys.argv[2]))
        return
    kind, path = sys.argv[1], sys.argv[2]
    n4, n6, no = (int(x) for x in sys.argv[3:6])
    pkts = []
    # interleave so that every burst mixes the families
    for i in range(max(n4, n6, no)):
        if i < n4:
            pkts.append(ipv4(i) if kind == 'raw' else eth(0x0800, ipv4(i)))
        if i < n6:
            pkts.append(ipv6(i) if kind == 'raw' else eth(0x86dd, ipv6(i)))
        if i < no:
            pkts.append(junk(i) if kind == 'raw' else eth(0x0806, arp(i)))
    write(path, 101 if kind == 'raw' else 1, pkts)


if __name__ == '__main__':
    main()
