#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
"""One bulk TCP transfer, for tcp_flow.sh.

  tcp_xfer.py serve ADDR PORT   accept one connection, read it to its end,
                                print "BYTES SHA256"
  tcp_xfer.py send ADDR PORT FILE
                                connect (retrying while the server is not
                                listening yet, 10 s at most) and send FILE

Exit 0, or 1 with the reason on stderr.  The caller bounds both with
timeout(1).
"""
import hashlib
import socket
import sys
import time


def serve(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as lsn:
        lsn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        lsn.bind((addr, port))
        lsn.listen(1)
        conn, _ = lsn.accept()
        digest = hashlib.sha256()
        total = 0
        with conn:
            while True:
                chunk = conn.recv(1 << 16)
                if not chunk:
                    break
                digest.update(chunk)
                total += len(chunk)
    print(total, digest.hexdigest())


def send(addr, port, path):
    with open(path, "rb") as f:
        data = f.read()
    deadline = time.monotonic() + 10
    while True:
        try:
            conn = socket.create_connection((addr, port), timeout=5)
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with conn:
        conn.settimeout(30)
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        # the server closes once it has read everything
        conn.recv(1)


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == "serve":
            serve(argv[2], int(argv[3]))
        elif len(argv) == 5 and argv[1] == "send":
            send(argv[2], int(argv[3]), argv[4])
        else:
            sys.stderr.write(__doc__)
            return 2
    except OSError as e:
        sys.stderr.write("tcp_xfer.py %s: %s\n" % (argv[1], e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
