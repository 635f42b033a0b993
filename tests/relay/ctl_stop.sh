#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Clients of the control socket that wait for an answer when the relay
# stops: connected with a request not yet ended (a command being typed, a
# request still on its way), they are told ESHUTDOWN, their request not
# run, and the relay still exits 0.  They used to find the connection
# closed with no reply: ngctl said "Protocol error (EPROTO)", exit 76, or
# "Connection reset by peer" (ECONNRESET), exit 74, for a command sent
# just as a SIGTERM came.
# Usage: ctl_stop.sh RELAY [NGCTL]

RT_NAME=ctl-stop
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_pcap

"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/eth.pcap" 10 10 0 || exit 1
sock="$RT_TMP/ctl.sock"
rt_start_pair "$RT_TMP/relay.out" 30 "$RT_TMP/eth.pcap" "$RT_TMP/eth.pcap" \
	-- --ctl "$sock" || t_fail "relay did not start"

# Four clients, each connected with half a request sent, wait until the
# relay is told to stop, then print what they read (at most 5 s).
"$RT_PY" - "$sock" "$RT_TMP/ready" >"$RT_TMP/clients.out" 2>&1 <<'PY' &
import socket, sys
socks = []
for i in range(4):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(b"lis")
    s.settimeout(5)
    socks.append(s)
open(sys.argv[2], "w").close()
for s in socks:
    data = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            data += b
        end = "eof"
    except OSError as e:
        end = type(e).__name__
    print(repr(data.split(b"\n")[0].decode(errors="replace")), end)
PY
cpid=$!
rt_wait_file "$RT_TMP/ready" "the clients are connected"
sleep 0.3
rt_stop TERM
wait "$cpid"
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
cat "$RT_TMP/clients.out"
n=$(grep -cE "^'NGC1 108 ESHUTDOWN [0-9]+ .*' eof$" "$RT_TMP/clients.out")
t_check "4 waiting clients told ESHUTDOWN, then EOF ($n)" "$n" -eq 4
rt_done
