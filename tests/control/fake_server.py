#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# fake_server.py SOCKET REPLY...: a control socket of canned replies, for
# what ngctl makes of them (tests/control/ngctl_local.sh).  Each connection
# reads one request line and gets the next REPLY, in turn:
#   ok:BODY                         status 0, BODY as the reply's body
#   err:ERRNO:NAME:TEXT:DETAIL      that error, DETAIL as the body (or, for
#                                   a request with -j, as the detail of a
#                                   JSON error object)
# A client that gives up (its allocation failed) is let go.

import json
import socket
import sys


def reply(spec, request):
    kind, rest = spec.split(":", 1)
    if kind == "ok":
        body = rest.encode()
        return b"NGC1 0 OK %d Success\n" % len(body) + body
    err, name, text, detail = rest.split(":", 3)
    if request.startswith(b"-j "):
        body = json.dumps({"error": {"errno": int(err), "name": name,
                                     "text": text, "detail": detail}},
                          separators=(",", ":")) + "\n"
    else:
        body = detail + "\n"
    body = body.encode()
    return (b"NGC1 %d %s %d %s\n" % (int(err), name.encode(), len(body),
                                     text.encode()) + body)


def main():
    replies = sys.argv[2:]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sys.argv[1])
    srv.listen(16)
    turn = 0
    while True:
        conn, _ = srv.accept()
        try:
            data = b""
            while b"\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(reply(replies[turn % len(replies)], data))
            turn += 1
        except OSError:
            pass
        conn.close()


main()
