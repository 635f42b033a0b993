#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# Every lcore-plan and option error: exit status 2, its message, and no
# "relay running" (plan_noport.sh sees that no port started: a TAP stays
# down).  --help: exit 0 and the usage text.
# Usage: plan_errors.sh RELAY

RT_NAME=plan-errors
. "$(dirname "$0")/common.sh"
rt_setup

VDEVS="--vdev=net_ngiface0 --vdev=net_ngiface1 --vdev=net_ring0 --vdev=net_ring1"

# expect_error DESCRIPTION PATTERN ARGS...: ARGS go after "--"
expect_error()
{
	local what=$1 pattern=$2 out

	shift 2
	out="$RT_TMP/$(echo "$what" | tr -c 'a-z0-9\n' '_').out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 15 $(rt_eal) $VDEVS -- "$@"
	t_check "$what: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "$what: message" "$pattern" "$out"
	if grep -q 'relay running' "$out"; then
		t_fail "$what: the relay started anyway"
	fi
}

expect_error "lcore not enabled" 'lcore 7 is not enabled' \
	--stack ng0=net_ring0@7
# a malformed link names the part that is wrong
expect_error "lcore out of range, named" \
	'--stack ng0=net_ring0@128: lcore: "128" is not in 0..127' \
	--stack ng0=net_ring0@128
expect_error "empty port, named" '--stack ng0=@1: port: bad name ""' \
	--stack ng0=@1
expect_error "empty node, named" '--hooks =net_ring0: node: bad name ""' \
	--hooks =net_ring0
# a name too long says so, and the bound ("bad name" alone did not)
long=$(printf '%070d' 0)
expect_error "port name too long, named" \
	"port: name \"$long\" too long: 70 bytes, at most 63\$" \
	--stack "ng0=$long@1"
# the bound itself: 64 bytes leave no room for the terminating NUL
long=$(printf '%064d' 0)
expect_error "port name of 64 bytes too long" \
	"port: name \"$long\" too long: 64 bytes, at most 63\$" \
	--stack "ng0=$long@1"
expect_error "main lcore used for forwarding" 'lcore 0 is the main lcore' \
	--stack ng0=net_ring0@0
# the main lcore is EAL's, not lcore 0: with --main-lcore 1, @1 is refused
# and @0 forwards
# shellcheck disable=SC2046,SC2086
rt_run "$RT_TMP/main1.out" 15 $(rt_eal) --main-lcore 1 $VDEVS -- \
	--stack ng0=net_ring0@1
t_check "--main-lcore 1, link @1: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "--main-lcore 1, link @1: message" 'lcore 1 is the main lcore' \
	"$RT_TMP/main1.out"
# shellcheck disable=SC2046,SC2086
if rt_start "$RT_TMP/main1-ok.out" 15 $(rt_eal) --main-lcore 1 $VDEVS -- \
	--stack ng0=net_ring0@0 --ctl none; then
	t_pass "--main-lcore 1, link @0: the relay runs"
	rt_stop TERM
	t_check "--main-lcore 1, link @0: exit status $RT_RC == 0" "$RT_RC" -eq 0
else
	t_fail "--main-lcore 1, link @0: the relay did not start"
	cat "$RT_TMP/main1-ok.out"
fi
expect_error "port named twice" 'port net_ring0 named twice' \
	--stack ng0=net_ring0@1 --hooks ng1=net_ring0@1
expect_error "node used twice as a stack port" 'port ng0 named twice' \
	--stack ng0=net_ring0@1 --stack ng0=net_ring1@1
# a node as its own port would loop into itself, whatever the link kind
expect_error "--hooks: port is its own node" \
	'hooks ng0=ng0@1: port ng0 is the link.s own node' --hooks ng0=ng0@1
expect_error "--hook: port is its own node" \
	'hook ng0:inet6=ng0@1: port ng0 is the link.s own node' \
	--hook ng0:inet6=ng0@1
expect_error "--stack: port is its own node" \
	'stack ng0=ng0@1: port ng0 is the link.s own node' --stack ng0=ng0@1
expect_error "unknown node" 'no net_ngiface node named ng9' \
	--stack ng9=net_ring0@1
expect_error "a port is no node" 'no net_ngiface node named net_ring1' \
	--stack net_ring1=net_ring0@1
expect_error "unknown port" 'no port \(ethdev\) named net_nope' \
	--stack ng0=net_nope@1
expect_error "hook named twice" 'hook ng0:inet named twice' \
	--hooks ng0=net_ring0@1 --hook ng0:inet=net_ring1@1
expect_error "unknown hook" 'unknown hook "ip4"' \
	--hook ng0:ip4=net_ring0@1
expect_error "malformed link" 'expected ngN=PORT' \
	--stack ng0
expect_error "burst out of range" 'burst: "0" is not in 1\.\.512' \
	--stack ng0=net_ring0@1 --burst 0
# the ":HOOK" belongs to --hook alone, and --hook needs it
expect_error "--stack with a hook name" \
	'^--stack ng0:inet=net_ring0@1: no hook name here \(use --hook\)$' \
	--stack ng0:inet=net_ring0@1
expect_error "--hook without a hook name" \
	'^--hook ng0=net_ring0@1: expected ngN:HOOK=PORT\[@LCORE\]$' \
	--hook ng0=net_ring0@1
expect_error "--hook with an empty hook name" \
	'^--hook ng0:=net_ring0@1: expected ngN:HOOK=PORT\[@LCORE\]$' \
	--hook ng0:=net_ring0@1
# a link, a --capture FILE, a --ctl PATH left out: each says so
expect_error "link value missing" '^--stack: missing value$' \
	--hooks ng1=net_ring1@1 --stack
expect_error "--capture FILE missing" '^--capture: missing value$' \
	--stack ng0=net_ring0@1 --capture
expect_error "--ctl PATH empty" '^--ctl: missing path$' \
	--stack ng0=net_ring0@1 --ctl ''
# a filter longer than the relay keeps (1023 bytes): refused, not cut
expect_error "--capture-filter too long" '^--capture-filter: value too long$' \
	--stack ng0=net_ring0@1 --capture "$RT_TMP/f.pcapng" \
	--capture-filter "$(printf 'x%.0s' $(seq 1024))"
# a FILE with no room left for the ring's "_NNNNN_YYYYmmddHHMMSS" in a
# path (4072 bytes here, 4096 the most): refused before EAL, named
expect_error "--capture FILE too long for its numbered names" \
	'^--capture: capture file name too long$' \
	--stack ng0=net_ring0@1 --capture "/$(printf 'x%.0s' $(seq 4071))"
expect_error "an argument that is no option" \
	'^unexpected argument "ng0=net_ring0@1" \(see --help\)$' \
	--stack ng0=net_ring0@1 ng0=net_ring0@1
# 64 links are the most (RELAY_MAX_LINKS): the 65th is refused as it is
# read, before any name is looked up
links=()
for i in $(seq 0 64); do
	links+=(--stack "ng0=net_ring$i@1")
done
expect_error "65 links" '^--stack: more than 64 links$' "${links[@]}"
# a number left out is missing, as a link or a path is (it said 'expected
# a number, got ""'), and an empty --config names no file (it said ": No
# such file or directory")
expect_error "number missing" '^--burst: missing value$' \
	--stack ng0=net_ring0@1 --burst
expect_error "number empty" '^--desc: missing value$' \
	--stack ng0=net_ring0@1 --desc ''
expect_error "config file empty name" '^--config: missing file$' \
	--config ''
# an empty item of --capture-nodes is refused before EAL, named by its
# option: it was found at the capture's start, after EAL had made the
# ports, and said as "error: --capture: ..."
expect_error "--capture-nodes with an empty item" \
	'^--capture-nodes: an empty node name in "ng0,,ng1"$' \
	--stack ng0=net_ring0@1 --capture "$RT_TMP/n.pcapng" \
	--capture-nodes ng0,,ng1
t_check "--capture-nodes with an empty item: no file made" \
	! -e "$RT_TMP/n.pcapng"
# "DIR/" names no file, with a size limit too: "DIR/_00001_..." was made
mkdir -p "$RT_TMP/capdir"
expect_error "--capture DIR/ with a size limit" \
	"^--capture: $RT_TMP/capdir/: Is a directory \\(EISDIR\\)\$" \
	--stack ng0=net_ring0@1 --capture "$RT_TMP/capdir/" \
	--capture-filesize 10
t_check "--capture DIR/ with a size limit: nothing made in DIR" \
	-z "$(ls -A "$RT_TMP/capdir")"
# a FILE whose header cannot be written (/dev/full's numbers, made here:
# a fault would not cost the machine its /dev/full) is the system's
# fault, not the command line's: exit 1, said, the device left there
if mknod "$RT_TMP/full" c 1 7 2>/dev/null; then
	out="$RT_TMP/capture-full.out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 15 $(rt_eal) $VDEVS -- --stack ng0=net_ring0@1 \
		--ctl none --capture "$RT_TMP/full"
	t_check "--capture on a full device: exit status $RT_RC == 1" \
		"$RT_RC" -eq 1
	t_grep "--capture on a full device: message" \
		"^error: --capture: $RT_TMP/full: " "$out"
	t_check "--capture on a full device: the device is still there" \
		-c "$RT_TMP/full"
	if grep -q 'relay running' "$out"; then
		t_fail "--capture on a full device: the relay started anyway"
	fi
else
	echo "mknod refused: --capture on a full device not run"
fi
expect_error "unknown option" 'unknown option --frobnicate \(see --help\)' \
	--frobnicate
# an EAL option after "--" says where it goes (it read as any unknown one)
expect_error "EAL option after --" \
	'unknown option --vdev: an EAL option, which goes on the command line before "--"' \
	--stack ng0=net_ring0@1 --vdev=net_ring2
expect_error "EAL short option after --" \
	'unknown option -l: an EAL option, which goes on the command line before "--"' \
	-l 0-1 --stack ng0=net_ring0@1
# a relay option among EAL's (no "--") says where it goes, before any
# check of the default topology, which on a host with a relay said the
# topology was taken
out="$RT_TMP/misplaced.out"
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) $VDEVS --stack ng0=net_ring0@1
t_check "relay option before --: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "relay option before --: message" \
	'^error: --stack is an option of the relay.s own: give it after "--"' "$out"
# a device no bus takes (a driver name mistyped): EAL says ENODEV, which it
# says for held run files too (eal_holders.sh), so exit 1, as
# ngiface-relay.8 says; EAL's line names the device
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) $VDEVS --vdev=net_rnig0 -- --stack ng0=net_ring0@1
t_check "--vdev of no driver: exit status $RT_RC == 1" "$RT_RC" -eq 1
t_grep "--vdev of no driver: EAL names it" 'net_rnig0' "$out"
# the capture's numbers are the relay's too (one table names them all),
# and a name that only begins as one of them is EAL's to refuse
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) $VDEVS --capture-count=5 -- --stack ng0=net_ring0@1
t_check "capture number before --: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "capture number before --: message" \
	'^error: --capture-count is an option of the relay.s own' "$out"
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) $VDEVS --capturex -- --stack ng0=net_ring0@1
t_check "--capturex before --: a bad EAL argument, exit status $RT_RC == 2" \
	"$RT_RC" -eq 2
if grep -q "option of the relay.s own" "$out"; then
	t_fail "--capturex before --: called the relay's"
else
	t_pass "--capturex before --: left to EAL"
fi
# EAL takes an abbreviated option (--vde=), but the relay reads --vdev
# before EAL (the TUN/TAPs it names): abbreviated, a TUN another process
# holds went by unchecked; refused, with the whole name
out="$RT_TMP/abbrev.out"
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) --vdev=net_ngiface0 --vde=net_ring0 -- \
	--stack ng0=net_ring0@1
t_check "--vde= (abbreviated): exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "--vde= (abbreviated): message" \
	'^error: --vde: an abbreviation of an EAL option the relay reads before EAL starts \(--vdev\): write it in full$' \
	"$out"
# a flag takes no value, --help either (--help=yes once showed the help)
expect_error "--help=yes" '^--help takes no value$' --help=yes

# a hook joined by devargs cannot be served by the relay too
out="$RT_TMP/joined.out"
# shellcheck disable=SC2046
rt_run "$out" 15 $(rt_eal) --vdev=net_ngiface0 \
	--vdev=net_ngiface1,inet=ng0:inet --vdev=net_ring0 \
	-- --hooks ng0=net_ring0@1
t_check "connected hook: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "connected hook: message" 'hook ng0:inet is already connected' "$out"

# the relay serves the hooks of one-queue nodes only (relay.md): --hooks
# and --hook on a node of queues=2 are refused; --stack takes it
# (drain_balance.sh)
for link in "--hooks ng0=net_ring0@1" "--hook ng0:inet6=net_ring0@1"; do
	out="$RT_TMP/queues2.out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 15 $(rt_eal) --vdev=net_ngiface0,queues=2 \
		--vdev=net_ring0 -- $link --ctl none
	t_check "$link on queues=2: exit status $RT_RC == 2" "$RT_RC" -eq 2
	t_grep "$link on queues=2: message" \
		"^error: $link: the relay serves hooks of nodes with one queue \\(queues=1\\)\$" \
		"$out"
done

# one lcore only: the default lcore has nowhere to go
out="$RT_TMP/one-lcore.out"
rt_run "$out" 15 -l 0 --file-prefix="$RT_PREFIX" $VDEVS \
	-- --stack ng0=net_ring0
t_check "no forwarding lcore: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "no forwarding lcore: message" 'no forwarding lcore' "$out"

# --no-huge without -m leaves EAL 64 MB, too little for the default pool:
# exit 1 with a hint, and no totals for a relay that never forwarded
out="$RT_TMP/no-huge.out"
# shellcheck disable=SC2046,SC2086
rt_run "$out" 15 $(rt_eal) --no-huge $VDEVS -- --stack ng0=net_ring0@1 \
	--ctl none
t_check "--no-huge without -m: exit status $RT_RC == 1" "$RT_RC" -eq 1
t_grep "--no-huge without -m: the pool's hint" \
	'^error: mbuf pool of 16383: Cannot allocate memory \(ENOMEM\); give EAL more memory \(-m MB.*or fewer --mbufs$' \
	"$out"
if grep -qE '^(total|node) ' "$out"; then
	t_fail "--no-huge without -m: totals printed for a relay that never forwarded"
fi

# the config file: same vocabulary, one option a line
cat >"$RT_TMP/good.conf" <<'CONF'
# links
stack ng0=net_ring0@1
--burst 64
hooks ng1=net_nope@1   # no such port
CONF
expect_error "config file link checked" 'hooks ng1=net_nope@1: no port \(ethdev\) named net_nope' \
	--config "$RT_TMP/good.conf"
printf 'stack ng0=net_ring0@1\nburst many\n' >"$RT_TMP/bad.conf"
expect_error "config file bad line" 'bad.conf:2: bad line' \
	--config "$RT_TMP/bad.conf"
# a directory opens for reading, then getline() says EISDIR: that is the
# cause to name (the relay once said "Input/output error" for every read)
mkdir -p "$RT_TMP/conf.d"
expect_error "config file that is a directory" \
	'conf\.d: Is a directory \(EISDIR\)$' --config "$RT_TMP/conf.d"
expect_error "config file not there, errno named" \
	'nope\.conf: No such file or directory \(ENOENT\)$' \
	--config "$RT_TMP/nope.conf"
printf 'file-prefix x\n' >"$RT_TMP/eal.conf"
expect_error "config file: an EAL option says where it goes" \
	'unknown option --file-prefix: an EAL option' --config "$RT_TMP/eal.conf"
# a nested name past PATH_MAX with the directory of its file: said as
# such, not cut to a shorter name and looked for (short components: a cut
# name would be "No such file or directory")
printf 'config %s/c.conf\n' "$(printf 'x/%.0s' $(seq 2100))" \
	>"$RT_TMP/longname.conf"
expect_error "nested config name too long" \
	'File name too long \(ENAMETOOLONG\)$' --config "$RT_TMP/longname.conf"
t_grep "nested config name too long: the line named" 'longname.conf:1: bad line$' \
	"$RT_TMP/nested_config_name_too_long.out"

# A nested "config NAME" is relative to the file that names it (as C's
# #include "NAME"), not to the working directory: a/outer.conf names
# sub/mid.conf, which names ../link.conf, that is a/link.conf.
mkdir -p "$RT_TMP/a/sub"
echo "config sub/mid.conf" >"$RT_TMP/a/outer.conf"
echo "config ../link.conf   # a/link.conf" >"$RT_TMP/a/sub/mid.conf"
echo "hooks ng1=net_nope@1" >"$RT_TMP/a/link.conf"
expect_error "nested config relative to its file" \
	'hooks ng1=net_nope@1: no port \(ethdev\) named net_nope' \
	--config "$RT_TMP/a/outer.conf"

# Four files deep are read, a fifth is refused, and so is a file that
# names itself (ELOOP's bound, not a loop to run until the stack ends).
mkdir -p "$RT_TMP/deep"
for i in 1 2 3; do
	echo "config d$((i + 1)).conf" >"$RT_TMP/deep/d$i.conf"
done
echo "hooks ng1=net_nope@1" >"$RT_TMP/deep/d4.conf"
echo "config d1.conf" >"$RT_TMP/deep/d0.conf"
expect_error "config files four deep are read" \
	'hooks ng1=net_nope@1: no port \(ethdev\) named net_nope' \
	--config "$RT_TMP/deep/d1.conf"
expect_error "config files five deep are refused" \
	'd4\.conf: config files nested too deep' --config "$RT_TMP/deep/d0.conf"
echo "config self.conf" >"$RT_TMP/deep/self.conf"
expect_error "a config file that names itself is refused" \
	'self\.conf: config files nested too deep' --config "$RT_TMP/deep/self.conf"

# Long lines are read whole: a 600-byte comment, then a capture filter of
# some 700 bytes, are each one line (the relay once read 511 bytes a line
# and parsed the rest as a line of its own).  Line 5 is the bad one.
long=$(printf '%0600d' 0)
filter="ip6$(printf ' or host 192.0.2.%d' $(seq 1 40))"
{
	echo "# $long"
	echo "capture $RT_TMP/long.pcapng"
	echo "capture-filter $filter"
	echo "stack ng0=net_ring0@1"
	echo "burst many"
} >"$RT_TMP/long.conf"
t_check "the filter line is over 511 bytes (${#filter})" "${#filter}" -gt 520
expect_error "config file long lines read whole" 'long.conf:5: bad line' \
	--config "$RT_TMP/long.conf"
printf 'burst 64\n# %09000d\nburst 32\n' 0 >"$RT_TMP/huge.conf"
expect_error "config file line over the bound" \
	'huge.conf:2: line too long \(max 8192 bytes\)' --config "$RT_TMP/huge.conf"
# Bytes no text has: a NUL once ended the line unsaid (burst 64 taken from
# "burst 64\0 junk"), and a file with no newline was read whole first
# (/dev/zero grew until memory ran out); a byte order mark read as part of
# an option name.
printf 'stack ng0=net_ring0@1\nburst 64\0 junk\n' >"$RT_TMP/nul.conf"
expect_error "config file with a NUL byte" 'nul.conf:2: a NUL byte' \
	--config "$RT_TMP/nul.conf"
expect_error "config file that never ends a line" \
	'^/dev/zero:1: a NUL byte' --config /dev/zero
head -c 1000000 /dev/zero | tr '\0' x >"$RT_TMP/oneline.conf"
expect_error "config file of one long line" \
	'oneline.conf:1: line too long' --config "$RT_TMP/oneline.conf"
printf '\xef\xbb\xbf# made on Windows\nburst 64\n' >"$RT_TMP/bom.conf"
expect_error "config file with a byte order mark" \
	'bom.conf:1: starts with a UTF-8 byte order mark' --config "$RT_TMP/bom.conf"
printf 'help\n' >"$RT_TMP/help.conf"
expect_error "help in a config file says why" \
	'help: help is a command-line option' --config "$RT_TMP/help.conf"

# A second relay beside a running one.  rt_run would remove the first
# one's runtime directory: these runs call the relay themselves.
# second_relay OUT PREFIX RELAY-OPTIONS...: RT_RC its exit status
second_relay()
{
	local out=$1 prefix=$2

	shift 2
	# shellcheck disable=SC2086
	timeout -s TERM -k 3 15 "$RT_RELAY" -l 0-1 --file-prefix="$prefix" \
		--log-level=lib.eal:warning $VDEVS -- "$@" >"$out" 2>&1
	RT_RC=$?
	if grep -qE 'relay running|^total link' "$out"; then
		t_fail "$out: the second relay started its ports"
	fi
}
# its burst from a config line spaced out (tabs and spaces before, between
# and after, then a comment): read as "burst 48"
printf ' \t --burst \t  48 \t # spaced\n' >"$RT_TMP/spaced.conf"
# shellcheck disable=SC2046,SC2086
rt_start "$RT_TMP/first.out" 60 $(rt_eal) $VDEVS -- \
	--stack ng0=net_ring0@1 --ctl "$RT_TMP/ctl.sock" \
	--config "$RT_TMP/spaced.conf" ||
	t_fail "the first relay did not start"
t_grep "a spaced config line: burst 48" '^burst 48, ' "$RT_TMP/first.out"
# the same --file-prefix: EAL refuses it and leaves rte_errno 0
out="$RT_TMP/same-prefix.out"
second_relay "$out" "$RT_PREFIX" --stack ng0=net_ring0@1 --ctl none
t_check "same --file-prefix: exit status $RT_RC == 1" "$RT_RC" -eq 1
t_grep "same --file-prefix: EAL's cause pointed to" \
	"EAL init failed, cause not given: see EAL's messages above \(another process may hold the --file-prefix\)" "$out"
if grep -q 'EAL init failed: Success' "$out"; then
	t_fail "same --file-prefix: EAL init 'failed: Success'"
fi
# the same --ctl PATH: refused before any port starts
out="$RT_TMP/same-ctl.out"
second_relay "$out" "$RT_PREFIX-2" --stack ng0=net_ring0@1 \
	--ctl "$RT_TMP/ctl.sock"
rm -rf "${EAL_RUN_DIR:?}/$RT_PREFIX-2"
t_check "same --ctl: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "same --ctl: message" \
	"error: control socket $RT_TMP/ctl.sock: another process serves it \(EADDRINUSE\)" "$out"
# a --ctl too long for sun_path is an option error, found before EAL
# starts: the running relay's --file-prefix would stop EAL otherwise
out="$RT_TMP/long-ctl.out"
long="$RT_TMP/$(printf '%0110d' 0).sock"
second_relay "$out" "$RT_PREFIX" --stack ng0=net_ring0@1 --ctl "$long"
t_check "--ctl too long: exit status $RT_RC == 2" "$RT_RC" -eq 2
t_grep "--ctl too long: message" \
	"^--ctl $long: File name too long \(ENAMETOOLONG\): [0-9]+ bytes, a Unix socket path holds at most 107$" "$out"
if grep -q 'EAL' "$out"; then
	t_fail "--ctl too long: EAL started anyway"
fi
# the first relay served on through all this
rt_stop TERM
t_check "the first relay: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_grep "the first relay: totals balance" '^total link 0 .* in: 0 = .* ok$' \
	"$RT_TMP/first.out"

out="$RT_TMP/help.out"
rt_run "$out" 10 -- --help
t_check "--help: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_grep "--help: usage" '^Usage: .*ngiface-relay \[EAL options\] -- \[options\]' "$out"
# a config line may keep its dashes (relay.md, ngiface-relay.8); --help said
# "without the leading dashes"
t_grep "--help: a config line's dashes are optional" 'dashes optional' "$out"
# its exit status 2 has the causes ngiface-relay.8 gives (the held TUN and
# the config file were left out, as if they exited 1)
t_grep "--help: exit 2 for a config file" '2 for a bad option, config file' \
	"$out"
t_grep "--help: exit 2 for a held TUN or TAP" 'a TUN or TAP named$' "$out"
# --help or -h alone is the relay's usage, with no EAL started
for h in --help -h; do
	out="$RT_TMP/alone$h.out"
	rt_run "$out" 10 "$h"
	t_check "$h alone: exit status $RT_RC == 0" "$RT_RC" -eq 0
	t_grep "$h alone: the relay's usage" '^  --stack ngN=PORT' "$out"
	if grep -qE '^  -l CORELIST|^EAL: ' "$out"; then
		t_fail "$h alone: EAL's usage or EAL started"
	fi
done
# the driver is linked in: a -d naming an ngiface library is refused,
# written apart or joined, before EAL starts
for d in "-d /usr/lib/librte_net_ngiface.so" "-d/usr/lib/librte_net_ngiface.so"; do
	out="$RT_TMP/plugin.out"
	# shellcheck disable=SC2046,SC2086
	rt_run "$out" 15 $(rt_eal) $d $VDEVS -- --stack ng0=net_ring0@1
	t_check "$d: exit status $RT_RC == 1" "$RT_RC" -eq 1
	t_grep "$d: message" '^error: -d /usr/lib/librte_net_ngiface.so: ngiface-relay has the net_ngiface driver built in; do not load it as a plugin$' "$out"
	if grep -q '^EAL' "$out"; then
		t_fail "$d: EAL started"
	fi
done
# --help among EAL's options is EAL's: its usage, then the relay's
out="$RT_TMP/eal-help.out"
# shellcheck disable=SC2046
rt_run "$out" 10 $(rt_eal) --help
t_check "EAL --help: exit status $RT_RC == 0" "$RT_RC" -eq 0
t_grep "EAL --help: EAL's options" '^  -l CORELIST' "$out"
t_grep "EAL --help: then the relay's" '^  --stack ngN=PORT' "$out"
rt_done
