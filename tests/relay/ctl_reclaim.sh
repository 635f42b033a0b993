#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# The control socket across restarts, as a supervisor sees it:
# - a relay killed with SIGKILL leaves its socket; the next start with the
#   same --ctl and --file-prefix replaces it and serves;
# - a relay that lives but does not accept (SIGSTOP), its listen backlog
#   full of clients, still holds its socket: a second relay on the same
#   --ctl exits 2 at once (EADDRINUSE), and the first one's socket stays.
#   The second relay used to wait for room in that backlog for ever (here
#   until timeout(1) killed it), and a signal that ended a wait (EINTR,
#   a SIGTERM in each of its two probes) read as "nobody there": it
#   unlinked the first relay's socket and served its own, and the first
#   relay, resumed, was out of reach of ngctl;
# - a --ctl PATH that is a regular file is not removed, and the message
#   says it is not a socket (it said "File exists");
# - a PATH that is wrong as written (that file, a trailing '/', a
#   directory that is a file, a missing directory above the one the relay
#   makes) exits 2 before any port starts, the part named.  It was exit 1
#   after the ports, which a supervisor restarts for ever;
# - a stale socket in a read-only directory is named so (the message
#   said "Address already in use", as if a server were there).
# Usage: ctl_reclaim.sh RELAY NGCTL

RT_NAME=ctl-reclaim
. "$(dirname "$0")/common.sh"
rt_setup
rt_need_ngctl
[ -x "$RT_PY" ] || t_skip "$RT_PY not found"
# a network namespace of the test's own where one can be made: nothing
# here needs the kernel's interfaces, but no relay runs in the caller's
[ "$(id -u)" -eq 0 ] && rt_netns reclaim

sock="$RT_TMP/ctl.sock"
VDEVS="--vdev=net_ngiface0 --vdev=net_ring0"
FILLER=""
rt_local_cleanup()
{
	[ -n "$FILLER" ] && kill "$FILLER" 2>/dev/null
	[ -n "$RT_PID" ] && kill -CONT "$(pgrep -P "$RT_PID")" 2>/dev/null
}

# the relay process itself, child of rt_start's timeout(1)
relay_pid()
{
	pgrep -P "$RT_PID"
}

# 1. SIGKILL, then a restart on the same socket and --file-prefix
# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/first.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl "$sock" || t_fail "the first relay did not start"
kill -KILL "$(relay_pid)"
wait "$RT_PID"
RT_PID=""
t_check "SIGKILL leaves the socket" -S "$sock"
# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/restart.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl "$sock" ||
	t_fail "the restart did not start (stale socket or run files)"
"$NGCTL" -t 2000 -s "$sock" msg ng0: getifname >"$RT_TMP/getifname.out" 2>&1
t_check "the restarted relay answers on the socket: ngctl exit $?" $? -eq 0

# 2. The relay stopped, its backlog full: live, not stale
kill -STOP "$(relay_pid)"
ino=$(stat -c %i "$sock")
"$RT_PY" - "$sock" "$RT_TMP/full" <<'PY' &
import socket, sys, time
socks = []
while len(socks) < 4096:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect(sys.argv[1])
    except BlockingIOError:
        break
    socks.append(s)
with open(sys.argv[2], "w") as f:
    f.write("%d\n" % len(socks))
time.sleep(60)
PY
FILLER=$!
for _ in $(seq 1 100); do
	[ -s "$RT_TMP/full" ] && break
	sleep 0.1
done
n=$(cat "$RT_TMP/full" 2>/dev/null)
t_check "the stopped relay's backlog is full (${n:-?} clients)" \
	"${n:-0}" -gt 0 -a "${n:-4096}" -lt 4096
out="$RT_TMP/second.out"
start=$(date +%s)
# shellcheck disable=SC2046,SC2086
timeout -s TERM -k 3 10 "$RT_RELAY" -l 0-1 --file-prefix="$RT_PREFIX-2" \
	--log-level=lib.eal:warning $VDEVS -- --stack ng0=net_ring0@1 \
	--ctl "$sock" >"$out" 2>&1
rc=$?
took=$(($(date +%s) - start))
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-2"
t_check "second relay on a live, stopped relay's socket: exit $rc == 2" \
	"$rc" -eq 2
t_check "... at once (${took} s)" "$took" -lt 5
t_grep "... saying so" \
	"error: control socket $sock: another process serves it \(EADDRINUSE\)" "$out"
if grep -q 'relay running' "$out"; then
	t_fail "the second relay ran on the first one's socket"
fi
t_check "the first relay's socket is still there" -S "$sock"
t_check "... the same socket (inode $ino)" "$(stat -c %i "$sock" 2>/dev/null)" = "$ino"
kill "$FILLER" 2>/dev/null
wait "$FILLER" 2>/dev/null
FILLER=""
kill -CONT "$(relay_pid)"
"$NGCTL" -t 5000 -s "$sock" msg ng0: getifname >"$RT_TMP/getifname.out" 2>&1
t_check "the first relay, resumed, answers ngctl: exit $?" $? -eq 0
rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_check "its socket is removed at stop" ! -e "$sock"

# 3. A regular file at --ctl is not a stale socket: left as it is
echo "not a socket" >"$RT_TMP/file"
out="$RT_TMP/file.out"
# shellcheck disable=SC2046,SC2086
rt_run "$out" 30 $(rt_eal) $VDEVS -- --stack ng0=net_ring0@1 \
	--ctl "$RT_TMP/file"
t_check "--ctl a regular file: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "... saying so" "error: control socket $RT_TMP/file: .*not a socket.* \(EEXIST\)" "$out"
t_check "... the file is kept" "$(cat "$RT_TMP/file" 2>/dev/null)" = "not a socket"

# 3b. PATHs wrong as written: exit 2, no port started, the cause named
ctl_refused()
{
	local tag=$1 path=$2 want=$3

	out="$RT_TMP/$tag.out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 30 $(rt_eal) $VDEVS -- --stack ng0=net_ring0@1 \
		--ctl "$path"
	t_check "--ctl $tag: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "... saying so" "^error: control socket $path: $want" "$out"
	# relay_ctl_start, after the ports, says "warning: control socket
	# directory" or "error: control socket" a second time
	t_check "... once, before the ports" \
		"$(grep -c 'control socket' "$out")" -eq 1
}
ctl_refused slash "$RT_TMP/" "names a directory: .*\(EISDIR\)"
ctl_refused under-file "$RT_TMP/file/ctl.sock" \
	"$RT_TMP/file is not a directory \(ENOTDIR\)"
ctl_refused no-parent "$RT_TMP/no/such/ctl.sock" \
	"$RT_TMP/no/such does not exist, nor its parent: .*\(ENOENT\)"
t_check "... nothing made there" ! -e "$RT_TMP/no"
# a file further up: stat() says ENOTDIR for the directory itself
ctl_refused under-file-deeper "$RT_TMP/file/sub/ctl.sock" \
	"a part of $RT_TMP/file/sub is not a directory \(ENOTDIR\)"
# the socket's directory alone missing: made, served in, and removed at
# the stop (relay.md)
# shellcheck disable=SC2046,SC2086
if rt_start "$RT_TMP/made.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl "$RT_TMP/made/ctl.sock"; then
	t_check "--ctl in a missing directory: served there" \
		-S "$RT_TMP/made/ctl.sock"
	rt_stop TERM
	t_check "... exit status $RT_RC == 0" "$RT_RC" -eq 0
	t_check "... the directory made removed at the stop" \
		! -e "$RT_TMP/made"
else
	t_fail "--ctl in a missing directory: the relay did not start"
fi
# a bare file name is in the working directory: dirname() gives "." for
# it, and the check once took the name itself for its directory
# ("rel.sock does not exist, nor its parent", exit 2)
# (the relay as given, $1, may be relative: by its absolute path, in the
# test's namespace if it has one, as rt_netns's wrapper runs it)
relay_abs=$(realpath "$1")
out="$RT_TMP/relative.out"
# shellcheck disable=SC2046,SC2086
(cd "$RT_TMP" && exec timeout -s TERM -k 3 4 \
	${RT_NS:+ip netns exec "$RT_NS"} "$relay_abs" $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl rel.sock) >"$out" 2>&1
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
cat "$out"
t_grep "--ctl rel.sock: served in the working directory" \
	'^control socket: rel\.sock$' "$out"
t_grep "... the relay ran" 'relay running' "$out"
t_check "... its socket removed at stop" ! -e "$RT_TMP/rel.sock"

# 4. A stale socket that cannot be removed (a read-only directory) is
# named as such: bind() would say EADDRINUSE, as if it were live
# ro_relay SOCK OUT: the relay with --ctl SOCK, in a mount namespace of
# its own where $RT_TMP/ro is read-only; its output to OUT, its status
# returned (77: no read-only bind mount here)
ro_relay()
{
	local rc

	# shellcheck disable=SC2016,SC2046,SC2086
	timeout -s TERM -k 3 30 unshare -m --propagation private sh -c \
		'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" ||
		exit 77; shift; exec "$@"' sh "$RT_TMP/ro" "$RT_RELAY" \
		$(rt_eal) $VDEVS -- --stack ng0=net_ring0@1 \
		--ctl "$1" >"$2" 2>&1
	rc=$?
	rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX"
	return "$rc"
}

if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	mkdir -p "$RT_TMP/ro"
	"$RT_PY" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
		"$RT_TMP/ro/ctl.sock"
	out="$RT_TMP/ro.out"
	ro_relay "$RT_TMP/ro/ctl.sock" "$out"
	rc=$?
	if [ "$rc" -eq 77 ]; then
		echo "no read-only bind mount here: case 4 not run"
	else
		t_check "stale socket in a read-only directory: exit $rc == 1" \
			"$rc" -eq 1
		t_grep "... the cause named" \
			"error: control socket $RT_TMP/ro/ctl.sock: Read-only file system" "$out"
	fi
	# 4b. The socket's directory the relay cannot make (read-only):
	# that cause, once; it was a warning, then the bind's "No such
	# file or directory", which read as the path's fault
	out="$RT_TMP/ro-dir.out"
	ro_relay "$RT_TMP/ro/sub/ctl.sock" "$out"
	rc=$?
	if [ "$rc" -ne 77 ]; then
		t_check "socket directory on a read-only mount: exit $rc == 1" \
			"$rc" -eq 1
		t_grep "... the cause named" \
			"^error: control socket $RT_TMP/ro/sub/ctl.sock: cannot make its directory $RT_TMP/ro/sub: Read-only file system \(EROFS\)\$" \
			"$out"
		t_check "... once" \
			"$(grep -c 'control socket' "$out")" -eq 1
	fi
fi
rt_done
