#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# An independent reader of the pcapng files ngiface writes (tshark shows no
# interface statistics): checks every block's frame and prints, one line
# per interface,
#   if NAME linktype=N tsresol=N snaplen=N epb_in=N epb_out=N
#      ifrecv=N ifdrop=N filteraccept=N usrdeliv=N isb=N
# (statistics of the interface's last ISB, -1 if none), then
#   blocks=N truncated=0|1
# Usage: pcapng_stats.py FILE
import struct
import sys


def opts(data):
    out = {}
    off = 0
    while off + 4 <= len(data):
        code, ln = struct.unpack_from('<HH', data, off)
        if code == 0:
            break
        out.setdefault(code, data[off + 4:off + 4 + ln])
        off += 4 + ((ln + 3) & ~3)
    return out


def main(path):
    buf = open(path, 'rb').read()
    off = 0
    ifs = []
    blocks = 0
    truncated = 0
    while off < len(buf):
        if off + 12 > len(buf):
            truncated = 1
            break
        btype, blen = struct.unpack_from('<II', buf, off)
        if blen < 12 or blen % 4 or off + blen > len(buf):
            truncated = 1
            break
        if struct.unpack_from('<I', buf, off + blen - 4)[0] != blen:
            print('bad trailer at %d' % off)
            sys.exit(1)
        body = buf[off + 8:off + blen - 4]
        if btype == 0x0A0D0D0A:
            ifs = []
        elif btype == 1:
            lt, _, snap = struct.unpack_from('<HHI', body, 0)
            o = opts(body[8:])
            ifs.append({'name': o.get(2, b'?').decode(), 'lt': lt,
                        'snap': snap, 'tsresol': o.get(9, b'\x06')[0],
                        'in': 0, 'out': 0, 'isb': 0,
                        4: -1, 5: -1, 6: -1, 8: -1})
        elif btype == 6:
            ifid = struct.unpack_from('<I', body, 0)[0]
            caplen = struct.unpack_from('<I', body, 12)[0]
            o = opts(body[20 + ((caplen + 3) & ~3):])
            flags = struct.unpack('<I', o[2])[0] if 2 in o else 0
            if flags & 3 == 1:
                ifs[ifid]['in'] += 1
            elif flags & 3 == 2:
                ifs[ifid]['out'] += 1
        elif btype == 5:
            ifid = struct.unpack_from('<I', body, 0)[0]
            o = opts(body[12:])
            ifs[ifid]['isb'] += 1
            for code in (4, 5, 6, 8):
                if code in o:
                    ifs[ifid][code] = struct.unpack('<Q', o[code])[0]
        blocks += 1
        off += blen
    for i in ifs:
        print('if %s linktype=%d tsresol=%d snaplen=%d epb_in=%d epb_out=%d '
              'ifrecv=%d ifdrop=%d filteraccept=%d usrdeliv=%d isb=%d' %
              (i['name'], i['lt'], i['tsresol'], i['snap'], i['in'],
               i['out'], i[4], i[5], i[6], i[8], i['isb']))
    print('blocks=%d truncated=%d' % (blocks, truncated))


main(sys.argv[1])
