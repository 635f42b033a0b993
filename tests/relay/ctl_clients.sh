#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Clumsy and hostile clients of a live relay's control socket while the
# lcore forwards: clients that connect and send nothing, send a byte at a
# time, send half a request and close, close before the reply, never read
# it, send a megabyte, a NUL, stray bytes with -j, a path of 5000 bytes.
# Meanwhile ngctl is answered at once and ng0 goes on sending; each bad
# request that can be answered is, with its errno; the stalled ones time
# out (ETIMEDOUT) at the server's deadline; a request cut by a close is
# not run (it was, as far as it came: "name ng1: upl"); the relay holds
# no more descriptors afterwards than before; its socket is 0600, its
# own user's, and another uid is refused.  Then SIGTERM: exit 0, totals
# that balance.
# Usage: ctl_clients.sh RELAY NGCTL

RT_NAME=ctl-clients
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
rt_need_pcap
SOCK=$RT_TMP/ctl.sock

ng() { "$NGCTL" -s "$SOCK" "$@"; }
# ng0_out: what ng0's stack sent to its hooks so far (ngctl status)
ng0_out()
{
	ng status ng0: | awk '$1 == "out_packets" { s += $2; n++ }
		END { print (n == 2 ? s : -1) }'
}
# nb_fds: the relay's open descriptors
nb_fds()
{
	find /proc/"$pid"/fd -mindepth 1 | wc -l
}

"$RT_PY" "$RT_DIR/gen_pcap.py" eth "$RT_TMP/a.pcap" 100 80 7 || exit 1
rt_start_pair "$RT_TMP/relay.out" 60 "$RT_TMP/a.pcap,infinite_rx=1" \
	"$RT_TMP/a.pcap,infinite_rx=1" -- --ctl "$SOCK" ||
	t_fail "relay did not start"
pid=$(pgrep -P "$RT_PID" | head -n 1)
[ -n "$pid" ] || t_fail "no relay process under $RT_PID"
[ "$T_FAILS" -eq 0 ] || rt_done

# the socket: 0600, the relay's user's (this test's)
t_check "socket mode 600, owner uid $(id -u) ($(stat -c '%a %u' "$SOCK"))" \
	"$(stat -c '%a %u' "$SOCK")" = "600 $(id -u)"
fds_before=$(nb_fds)

# The clients, in one process: each prints "NAME: END FIRST-LINE" when it
# is done (END: eof, or how its reading or writing ended).
"$RT_PY" - "$SOCK" "$RT_TMP/ready" >"$RT_TMP/clients.out" 2>&1 <<'PY' &
import socket, sys, threading, time

path, ready = sys.argv[1], sys.argv[2]
lock = threading.Lock()

def dial():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s

def finish(name, s):
    data, end = b"", "eof"
    s.settimeout(15)
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except OSError as e:
        end = type(e).__name__
    s.close()
    with lock:
        print(name + ":", end, repr(data.split(b"\n")[0].decode()),
              repr(data.decode(errors="replace")[-200:]), flush=True)

def idle(name):
    finish(name, dial())

def slow(name):
    s = dial()
    for c in b"list\n":
        try:
            s.send(bytes([c]))
        except OSError:
            break
        time.sleep(2)
    finish(name, s)

def send(name, data, shut=True):
    s = dial()
    try:
        s.sendall(data)
        if shut:
            s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    finish(name, s)

def cut():
    s = dial()
    s.sendall(b"name ng1: upl")
    s.close()

def early():
    s = dial()
    s.sendall(b"list\n")
    s.close()

def noread():
    s = dial()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    s.sendall(b"-j list\n")
    return s

jobs = [(idle, ("idle%d" % i,)) for i in range(50)]
jobs += [(slow, ("slow%d" % i,)) for i in range(3)]
jobs += [(send, ("big", b"a" * (1 << 20))),
         (send, ("nul", b"li\0st\n")),
         (send, ("json", b"-j show \xff\xfe\xc3:\n")),
         (send, ("path", b"show " + b"a" * 5000 + b":\n"))]
threads = [threading.Thread(target=f, args=a) for f, a in jobs]
for t in threads:
    t.start()
for _ in range(3):
    cut()
    early()
held = [noread() for _ in range(3)]
open(ready, "w").close()
for t in threads:
    t.join()
for s in held:
    s.close()
PY
cpid=$!
rt_wait_file "$RT_TMP/ready" "the clients are connected"

# while they hold the server: ngctl answered at once, ng0 forwarding
a=$(ng0_out)
t0=$(date +%s%N)
ng list >"$RT_TMP/list.out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
t_check "ngctl list answered while they wait (status $rc, $ms ms)" \
	"$rc" -eq 0 -a "$ms" -lt 2000
sleep 1
b=$(ng0_out)
t_check "ng0 goes on sending meanwhile ($a, then $b)" "$a" -ge 0 -a "$b" -gt "$a"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NGCTL" -s "$SOCK" list 2>&1)
	rc=$?
	t_check "uid 65534 refused by the socket's mode (status $rc: $err)" \
		"$rc" -eq 77
fi

wait "$cpid"
cat "$RT_TMP/clients.out"
n=$(grep -cE "^idle[0-9]+: eof 'NGC1 110 ETIMEDOUT " "$RT_TMP/clients.out")
t_check "50 idle clients told ETIMEDOUT, then EOF ($n)" "$n" -eq 50
n=$(grep -cE "^slow[0-9]+: eof 'NGC1 110 ETIMEDOUT " "$RT_TMP/clients.out")
t_check "3 clients sending a byte at a time told ETIMEDOUT ($n)" "$n" -eq 3
t_grep "a megabyte: E2BIG" "^big: [A-Za-z]+ 'NGC1 7 E2BIG " "$RT_TMP/clients.out"
t_grep "a NUL byte: EINVAL" "^nul: eof 'NGC1 22 EINVAL .*NUL byte" \
	"$RT_TMP/clients.out"
t_grep "stray bytes with -j: ENOENT, as JSON with the bytes escaped as \\xNN" \
	'^json: eof .NGC1 2 ENOENT .*"errno":2.*[\\]xff[\\]+xfe[\\]+xc3' \
	"$RT_TMP/clients.out"
t_grep "a path of 5000 bytes: ENAMETOOLONG" \
	"^path: eof 'NGC1 36 ENAMETOOLONG " "$RT_TMP/clients.out"
ng list >"$RT_TMP/list.out" 2>&1
t_check "still serving: $(head -n 1 "$RT_TMP/list.out")" \
	-n "$(grep 'total nodes' "$RT_TMP/list.out")"
t_check "a request cut by its client's close was not run (no node upl)" \
	-z "$(grep 'Name: upl ' "$RT_TMP/list.out")"
# the server closes its end of ngctl's connection just after the reply
for _ in $(seq 1 20); do
	fds_after=$(nb_fds)
	[ "$fds_after" -eq "$fds_before" ] && break
	sleep 0.1
done
t_check "descriptors of the relay: $fds_after after, $fds_before before" \
	"$fds_after" -eq "$fds_before"

rt_stop TERM
t_check "exit status $RT_RC == 0 after SIGTERM" "$RT_RC" -eq 0
rt_check_totals 4
rt_done
