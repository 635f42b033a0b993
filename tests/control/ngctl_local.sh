#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# ngctl's own failures, those of no request: each is said in words and by
# the errno's name, with its exit status, and none passes for a success.
#  - output that cannot be written (/dev/full) fails the command, exit 74:
#    help, -h, and a reply from a server (a one-reply fake, python3); ngctl
#    exited 0 with the output lost;
#  - a file of commands that cannot be read (a directory: -f, read, the
#    standard input) exits 66; read as the end of the file, it ran nothing
#    and exited 0; one that cannot be opened says the errno's name too;
#  - the words of its own errors begin "ngctl: ", as FreeBSD's (warnx):
#    help with an unknown command said only '"x": unknown command';
#  - no memory (failmalloc.so fails the Nth allocation, N = 1, 2, ...):
#    every run either succeeds whole or exits 71 with a line ending in
#    "(ENOMEM)"; ngctl said "command too long" (65), or nothing (71), or
#    printed part of help and exited 0.  Skipped for a sanitized ngctl.
# Usage: ngctl_local.sh NGCTL FAILMALLOC_SO

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/verdict.sh"

NGCTL=$1
SHIM=${2:-}
[ -x "$NGCTL" ] || t_skip "ngctl not given or not built: $NGCTL"
work=$(mktemp -d "${TMPDIR:-/tmp}/ngctl-local.XXXXXX") ||
	t_skip "mktemp -d failed"
fake_pid=""
err_pid=""
cleanup()
{
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null
		wait "$fake_pid" 2>/dev/null
	fi
	if [ -n "$err_pid" ]; then
		kill "$err_pid" 2>/dev/null
		wait "$err_pid" 2>/dev/null
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# expect TAG STATUS PATTERN ARGS...: ngctl ARGS, stdout to /dev/full
# where TAG says so, exits STATUS and says PATTERN on stderr
expect()
{
	local tag=$1 status=$2 pattern=$3 rc

	shift 3
	if [ "$tag" = full ]; then
		"$NGCTL" "$@" >/dev/full 2>"$work/err"
	else
		"$NGCTL" "$@" >/dev/null 2>"$work/err"
	fi
	rc=$?
	t_check "ngctl $*: exit $status ($rc)" "$rc" -eq "$status"
	t_grep "  ... says $pattern" "$pattern" "$work/err"
}

# ---- output that cannot be written --------------------------------------
full='^ngctl: standard output: No space left on device \(ENOSPC\)$'
if [ -c /dev/full ]; then
	expect full 74 "$full" help
	expect full 74 "$full" -h
else
	echo "# no /dev/full device: output errors not checked"
fi

# fake_start SOCK REPLY...: fake_server.py (canned replies in turn) on
# SOCK; its PID in fake_last.  0 once the socket is there.
fake_start()
{
	local sock=$1

	shift
	/usr/bin/python3 "$here/fake_server.py" "$sock" "$@" &
	fake_last=$!
	for _ in $(seq 1 50); do
		[ -S "$sock" ] && return 0
		sleep 0.1
	done
	return 1
}

# A server of one canned reply, for what ngctl prints.
sock=$work/fake.sock
if [ -x /usr/bin/python3 ]; then
	fake_start "$sock" "ok:There are 0 total nodes:
"
	fake_pid=$fake_last
	[ -S "$sock" ] || t_fail "the fake server did not start"
	[ -c /dev/full ] && expect full 74 "$full" -s "$sock" list
else
	echo "# no python3: no fake server, a reply's output and ENOMEM in a request not checked"
fi

# ---- words of ngctl's own errors, as FreeBSD's (warnx: "ngctl: ") --------
expect out 64 '^ngctl: "frob": unknown command$' help frob
expect out 64 '^ngctl: "s": ambiguous command$' help s
expect out 64 '^ngctl: "frob": unknown command$' frob
expect out 64 '^ngctl: usage: read <filename>$' read
expect out 64 '^ngctl: usage: help \[command\]$' help a b
# an option ngctl lacks: getopt's words, then the usage, exit 64
expect out 64 "invalid option -- 'Z'\$" -Z list
t_grep "  ... then the usage" '^usage: ngctl \[-dj\]' "$work/err"
# a line of more words than a command can have (NGC_CLI_MAX_WORDS, 512)
expect out 64 '^ngctl: too many words$' -s "$work/nosock" list $(seq 1 600)

# ---- -j help: JSON, as every other reply with -j ---------------------------
if [ -x /usr/bin/python3 ]; then
	"$NGCTL" -j help >"$work/help.json" 2>"$work/err"
	rc=$?
	t_check "ngctl -j help: exit 0 ($rc)" "$rc" -eq 0
	"$NGCTL" help | awk 'NR > 1 { print $1 }' | sort >"$work/names.txt"
	/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("\n".join(sorted(c["name"] for c in d["commands"])))
' "$work/help.json" >"$work/json-names.txt" 2>"$work/err"
	t_check "  ... is JSON naming every command help lists ($(wc -l <"$work/names.txt") commands)" \
		-s "$work/names.txt" -a "$(cmp -s "$work/names.txt" "$work/json-names.txt"; echo $?)" -eq 0
	out=$(/usr/bin/python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], "-j", "help", "ls"],
    capture_output=True, check=True).stdout)
print(d["name"], d["usage"], ",".join(d["aliases"]), d["description"] is not None)
' "$NGCTL" 2>&1)
	t_check "ngctl -j help ls: the list command's object ($out)" \
		"$out" = "list list [-ln] ls True"
else
	echo "# no python3: -j help not checked"
fi
# ---- -j: ngctl's own errors as JSON too, nothing on stderr ----------------
# (they were words on stderr, where ngctl.8 promises a JSON error object
# on stdout for every error once the command line is read)
# expect_json STATUS NAME DETAIL-PATTERN ARGS...
expect_json()
{
	local status=$1 name=$2 pattern=$3 rc

	shift 3
	"$NGCTL" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	t_check "ngctl $*: exit $status ($rc)" "$rc" -eq "$status"
	t_check "  ... nothing on stderr ($(cat "$work/err"))" ! -s "$work/err"
	t_grep "  ... the JSON error $name, detail $pattern" \
		"^{\"error\":{\"errno\":[0-9]*,\"name\":\"$name\",.*\"detail\":\"$pattern\"}}\$" \
		"$work/out"
}
expect_json 64 EINVAL '\\"frob\\": unknown command' -j help frob
expect_json 64 EINVAL '\\"frob\\": unknown command' -j frob
# FreeBSD's -j is a jail: the word after it reads as a command here
expect_json 64 EINVAL '\\"vnet1\\": unknown command \(-j asks for JSON here; FreeBSD.s -j jail has no counterpart\)' \
	-j vnet1 list
expect_json 64 EINVAL 'usage: read <filename>' -j read
expect_json 64 EINVAL 'usage: help \[command\]' -j help a b
expect_json 64 E2BIG 'too many words' -j -s "$work/nosock" list $(seq 1 600)
expect_json 66 ENOENT "$work/none" -j -f "$work/none"
expect_json 66 EISDIR "$work" -j -f "$work"
expect_json 65 E2BIG 'command too long' -j -s "$work/nosock" list \
	"$(head -c 65531 /dev/zero | tr '\0' a)"
printf 'help list\nfrob\n' | "$NGCTL" -j -f - >"$work/out" 2>"$work/err"
rc=$?
t_check "ngctl -j -f - stopping at line 2: exit 64 ($rc)" "$rc" -eq 64
t_check "  ... no 'error in file' words on stderr: the JSON error says it" \
	! -s "$work/err"
t_grep "  ... which is the last line out" '^{"error":.*unknown command' \
	<(tail -n 1 "$work/out")

# -j line errors: a NUL byte said once (no " (EINVAL)" in the detail, the
# object names it), an unknown command in a file without the jail hint
# (that is for the command line's own words), a read nested too deep ELOOP
printf 'li\0st\n' >"$work/nul.cmds"
expect_json 65 EINVAL 'a NUL byte in the line \(not a text file\?\)' \
	-j -f "$work/nul.cmds"
printf 'frob x\n' >"$work/frob.cmds"
expect_json 64 EINVAL '\\"frob\\": unknown command' -j -f "$work/frob.cmds"
printf 'read %s\n' "$work/self.cmds" >"$work/self.cmds"
"$NGCTL" -j -f "$work/self.cmds" >"$work/out" 2>"$work/err"
rc=$?
t_check "ngctl -j -f FILE reading itself: exit 64 ($rc)" "$rc" -eq 64
t_check "  ... nothing on stderr" ! -s "$work/err"
t_grep "  ... one JSON error, ELOOP, read nested too deep" \
	'^{"error":{"errno":[0-9]*,"name":"ELOOP",.*read nested too deep"}}$' \
	"$work/out"
t_check "  ... and only one" "$(wc -l <"$work/out")" -eq 1
# a -j error that cannot be written: said on stderr, the error's own
# status kept (out_flush keeps a failure's status; only success turns 74)
if [ -c /dev/full ]; then
	expect full 65 "$full" -j -s "$work/nosock" list \
		"$(head -c 65531 /dev/zero | tr '\0' a)"
fi
# show . with a reply that names no node: the error names the ID asked
# (a fake server: the mkpeer's reply, then a show reply of no node)
if [ -x /usr/bin/python3 ]; then
	fake_start "$work/show.sock" 'ok:{"ok":true,"peer":{"name":"ng2","type":"iface","id":26,"path":"[1a]:","hooks":0}}
' 'ok:{"ok":true}
' || t_fail "the show fake server did not start"
	show_pid=$fake_last
	printf 'mkpeer . iface x inet\nshow .\n' |
		"$NGCTL" -s "$work/show.sock" -f - >"$work/out" 2>"$work/err"
	rc=$?
	t_check "show . with an unreadable reply: exit 76 ($rc)" "$rc" -eq 76
	t_grep "  ... naming the node asked, [1a]" \
		'^ngctl: show: the reply for \[1a\]: Protocol error \(EPROTO\), naming no node$' \
		"$work/err"
	kill "$show_pid" 2>/dev/null
	wait "$show_pid" 2>/dev/null
fi

# a mkpeer from the socket of a hook name no hook can have (40 bytes), which
# a broken server made anyway: said, and the socket keeps no such hook.  Cut
# to 31 bytes it was kept, a name the user never gave, and "show ." then
# asked the server about its node (found by tests/control/fuzz_ngctl.c).
if [ -x /usr/bin/python3 ]; then
	long=hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh
	fake_start "$work/long.sock" 'ok:{"ok":true,"peer":{"name":"","type":"iface","id":26,"hooks":1}}
' 'ok:There are 0 total nodes:
' || t_fail "the long-hook fake server did not start"
	long_pid=$fake_last
	printf 'mkpeer . iface %s inet\nshow .\n' "$long" |
		"$NGCTL" -s "$work/long.sock" -f - >"$work/out" 2>"$work/err"
	rc=$?
	t_check "mkpeer of a 40-byte hook a server made: exit 0 ($rc)" \
		"$rc" -eq 0
	t_grep "  ... said, and not kept" \
		"^ngctl: mkpeer: the server took a hook name no hook can have: \"\\.:$long\" will not be found\$" \
		"$work/err"
	t_grep "  ... show . is the server's" '^There are 0 total nodes:$' \
		"$work/out"
	kill "$long_pid" 2>/dev/null
	wait "$long_pid" 2>/dev/null
fi

# A socket hook's rmhook is ngctl's own (the server is not asked): with -j
# it is the JSON success object too.  The fake's second reply, an error,
# is what a request to the server would have got.
# An error reply with no body: its errno's words stand for the detail.
# A -t in range is taken: the reply comes as without it (a long one: a
# fake server on a loaded machine may take more than a few hundred ms).
if [ -x /usr/bin/python3 ]; then
	fake_start "$work/rm.sock" 'ok:{"ok":true,"peer":{"name":"ng2","type":"iface","id":26,"path":"[1a]:","hooks":1}}
' 'err:5:EIO:Input/output error:' || t_fail "the rmhook fake server did not start"
	rm_pid=$fake_last
	printf 'mkpeer . iface x inet\nrmhook x\n' |
		"$NGCTL" -j -s "$work/rm.sock" -f - >"$work/out" 2>"$work/err"
	rc=$?
	t_check "-j rmhook of a socket hook: exit 0 ($rc)" "$rc" -eq 0
	t_check "  ... nothing on stderr ($(cat "$work/err"))" ! -s "$work/err"
	t_check "  ... the JSON success object, the server not asked ($(tail -n 1 "$work/out"))" \
		"$(tail -n 1 "$work/out")" = '{"ok":true}'
	expect out 70 '^ngctl: Input/output error \(EIO\)$' \
		-t 60000 -s "$work/rm.sock" list
	kill "$rm_pid" 2>/dev/null
	wait "$rm_pid" 2>/dev/null
fi

# a mkpeer from the socket whose reply names no node (a server of another
# make): the mkpeer stands (exit 0), said on stderr, and the hook is not
# kept: "show ." is asked of the server, not answered as the socket's
if [ -x /usr/bin/python3 ]; then
	fake_start "$work/noid.sock" 'ok:{"ok":true}
' 'ok:There are 0 total nodes:
' || t_fail "the no-node fake server did not start"
	noid_pid=$fake_last
	printf 'mkpeer . iface x inet\nshow .\n' |
		"$NGCTL" -s "$work/noid.sock" -f - >"$work/out" 2>"$work/err"
	rc=$?
	t_check "mkpeer whose reply names no node: exit 0 ($rc)" "$rc" -eq 0
	t_grep "  ... said" \
		'^ngctl: mkpeer: the reply names no node: "\.:x" will not be found$' \
		"$work/err"
	t_grep "  ... show . is the server's" '^There are 0 total nodes:$' \
		"$work/out"
	kill "$noid_pid" 2>/dev/null
	wait "$noid_pid" 2>/dev/null
fi

# ---- a msg argument the server could not parse -----------------------------
# Bad data (65) whatever the parser's errno (an unknown field is ENOENT),
# but for no memory: that is the server's, not the data's, and stays 71 as
# every ENOMEM in a reply.  A server of canned errors, one per connection.
if [ -x /usr/bin/python3 ]; then
	esock=$work/errs.sock
	fake_start "$esock" \
		'err:12:ENOMEM:Cannot allocate memory:msg: bad arguments for "name" at 2: out of memory' \
		'err:2:ENOENT:No such file or directory:msg: bad arguments for "name" at 2: unknown field "nam"'
	err_pid=$fake_last
	if [ -S "$esock" ]; then
		expect out 71 '^ngctl: msg: bad arguments for "name" at 2: out of memory \(ENOMEM\)$' \
			-s "$esock" msg ng0: name '{ name="x" }'
		expect out 65 '^ngctl: msg: bad arguments for "name" at 2: unknown field "nam" \(ENOENT\)$' \
			-s "$esock" msg ng0: name '{ nam="x" }'
		"$NGCTL" -s "$esock" -j msg ng0: name '{ name="x" }' >/dev/null 2>&1
		rc=$?
		t_check "ngctl -j msg, the server out of memory parsing: exit 71 ($rc)" "$rc" -eq 71
		"$NGCTL" -s "$esock" -j msg ng0: name '{ nam="x" }' >/dev/null 2>&1
		rc=$?
		t_check "ngctl -j msg, an unknown field: exit 65 ($rc)" "$rc" -eq 65
	else
		t_fail "the server of errors did not start"
	fi
	kill "$err_pid" 2>/dev/null
	wait "$err_pid" 2>/dev/null
	err_pid=""
else
	echo "# no python3: the exit status of a msg argument error not checked"
fi

# ---- files of commands ----------------------------------------------------
mkdir "$work/dir"
isdir="^ngctl: $work/dir: Is a directory \\(EISDIR\\)\$"
expect out 66 "$isdir" -f "$work/dir"
expect out 66 "$isdir" read "$work/dir"
"$NGCTL" <"$work/dir" >/dev/null 2>"$work/err"
rc=$?
t_check "ngctl <DIR: exit 66 ($rc)" "$rc" -eq 66
t_grep "  ... says so" '^ngctl: standard input: Is a directory \(EISDIR\)$' \
	"$work/err"
expect out 66 "^ngctl: $work/none: No such file or directory \\(ENOENT\\)\$" \
	-f "$work/none"
# lines are bounded while read, as the relay's config lines: /dev/zero
# (a NUL at once, no line end ever) once grew until memory ran out; a NUL
# ended the command unsaid ("help list\0 junk" ran "help list")
expect out 65 '^ngctl: a NUL byte in the line \(not a text file\?\) \(EINVAL\)$' \
	-f /dev/zero
printf 'help list\0 junk\n' >"$work/nul"
expect out 65 "^ngctl: $work/nul: line 1: error in file\$" -f "$work/nul"
# the failing line names its file: a read nested in a file failed with the
# same "line N: error in file" for each file, which named none of them
printf 'help list\nfrob\n' >"$work/inner.cmds"
printf '# outer\nread %s\n' "$work/inner.cmds" >"$work/outer.cmds"
"$NGCTL" -f "$work/outer.cmds" >/dev/null 2>"$work/err"
rc=$?
t_check "ngctl -f FILE whose read fails: exit 64 ($rc)" "$rc" -eq 64
t_grep "  ... names the inner file's line" \
	"^ngctl: $work/inner.cmds: line 2: error in file\$" "$work/err"
t_grep "  ... then the outer file's" \
	"^ngctl: $work/outer.cmds: line 2: error in file\$" "$work/err"
printf 'frob\n' | "$NGCTL" >/dev/null 2>"$work/err"
t_grep "a script on stdin: its line named as the standard input's" \
	'^ngctl: standard input: line 1: error in file$' "$work/err"
# a file with CRLF line ends (written on Windows): the CR is no part of
# the command's last word
printf 'help list\r\nhelp show\r\n' >"$work/crlf.cmds"
"$NGCTL" -f "$work/crlf.cmds" >"$work/out" 2>"$work/err"
rc=$?
t_check "ngctl -f FILE of CRLF lines: exit 0 ($rc)" "$rc" -eq 0
t_grep "  ... help list ran" '^usage: +list \[-ln\]$' "$work/out"
printf 'frob\r\n' >"$work/crlf.cmds"
expect out 64 '^ngctl: "frob": unknown command$' -f "$work/crlf.cmds"
{ head -c 70000 /dev/zero | tr '\0' x; echo; } >"$work/long"
expect out 65 '^ngctl: command too long$' -f "$work/long"
# at the bound itself too: a joined line of 65536 bytes has no room for
# the newline (it said "SOCKET: Message too long (EMSGSIZE)", as if the
# socket were to blame)
expect out 65 '^ngctl: command too long$' -s "$work/nosock" list \
	"$(head -c 65531 /dev/zero | tr '\0' a)"

# ---- no server, with -j: JSON on stdout, as every reply is ------------------
"$NGCTL" -j -s "$work/nosock" list >"$work/nosrv.json" 2>"$work/err"
rc=$?
t_check "ngctl -j, no server: exit 69 ($rc)" "$rc" -eq 69
t_check "  ... nothing on stderr" ! -s "$work/err"
if command -v python3 >/dev/null; then
	python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["error"]
sys.exit(not (e["name"] == "ENOENT" and "no server there" in e["detail"]))' \
		"$work/nosrv.json"
	t_check "  ... a JSON error object, ENOENT, the hint in its detail" $? -eq 0
fi
# an empty $NGCTL_SOCKET is unset, as ${VAR:-default} reads it (it named
# the socket "")
NGCTL_SOCKET= "$NGCTL" list >/dev/null 2>"$work/err"
t_grep "NGCTL_SOCKET empty: the default socket" \
	'^ngctl: /var/run/ngiface/ngctl\.sock: ' "$work/err"

# an empty -s is refused, as a usage error: "-s $SOCK" with SOCK unset
# asked for the socket "" (ECONNREFUSED, 69, and ": Connection refused")
expect out 64 '^ngctl: -s: an empty socket path$' -s '' list

# ---- no memory ------------------------------------------------------------
# sweep ARGS...: FAIL_AT=1, 2, ... until a run has no allocation to fail
sweep()
{
	local n rc failed=0 bad=0

	"$NGCTL" "$@" >"$work/want" 2>&1 || t_fail "ngctl $*: fails unhurt"
	for n in $(seq 1 200); do
		rm -f "$work/mark"
		FAIL_AT=$n FAIL_MARK=$work/mark LD_PRELOAD=$SHIM "$NGCTL" "$@" \
			>"$work/out" 2>"$work/err"
		rc=$?
		[ -e "$work/mark" ] || break	# past the last allocation
		if [ "$rc" -eq 0 ] && cmp -s "$work/out" "$work/want"; then
			# a failure shrugged off (stdio unbuffered, say)
			[ -s "$work/err" ] || continue
			t_fail "ngctl $* with allocation $n failing: exit 0 and words on stderr: $(cat "$work/err")"
			bad=$((bad + 1))
		elif [ "$rc" -eq 71 ] && tail -n 1 "$work/err" |
			grep -q '(ENOMEM)$'; then
			failed=$((failed + 1))
		elif [ "$rc" -eq 71 ] && [ "$1" = -j -o "${3:-}" = -j ] &&
			grep -q '^{"error":{"errno":12,"name":"ENOMEM",' "$work/out"; then
			# -j: said as the JSON error object, as every error
			failed=$((failed + 1))
		else
			t_fail "ngctl $* with allocation $n failing: exit $rc, $(wc -c <"$work/out") bytes out, stderr: $(tr '\n' '|' <"$work/err")"
			bad=$((bad + 1))
		fi
	done
	t_check "ngctl $*: each failed allocation says ENOMEM, exit 71, or the run succeeds whole ($failed said ENOMEM, $bad wrong, $n runs)" \
		"$bad" -eq 0 -a "$failed" -gt 0
}

if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
	echo "# no failmalloc shim: ENOMEM not checked"
# The sanitizer's own entry points name it, linked in (clang: the runtime
# is static, ldd shows no libasan, and its malloc comes before the shim's)
# or imported (gcc: libasan.so).
elif grep -Eaq '__(asan_init|ubsan_handle_|tsan_init)' "$NGCTL"; then
	echo "# a sanitized ngctl allocates with the sanitizer: ENOMEM not checked"
else
	sweep help
	sweep help capture
	sweep -j help
	[ -n "$fake_pid" ] && sweep -s "$sock" list
	[ -n "$fake_pid" ] && sweep -s "$sock" -j msg ng0: getifname
fi

if [ "$T_FAILS" -ne 0 ]; then
	echo "ngctl-local: $T_FAILS check(s) failed"
	exit 1
fi
echo "ngctl-local: PASS"
