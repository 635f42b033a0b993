#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The control socket against a real server: ctl_host runs EAL with two
# net_ngiface nodes and serves the socket; ngctl and ctl_probe talk to it.
#   ctl_integration.sh CTL_HOST NGCTL CTL_PROBE
set -u

# shellcheck source=../lib/eal_run.sh
. "$(dirname "$0")/../lib/eal_run.sh"

host=$1 ngctl=$2 probe=$3 swap=${4:-}
# /tmp, whatever TMPDIR says: the permission checks below run ngctl as uid
# 65534, which must be able to reach the socket's directory.
work=$(mktemp -d /tmp/ngc-int.XXXXXX)
chmod 755 "$work"
sock=$work/ctl.sock
prefix=ngc-int-$$
host_pid=
host_vdevs=()	# start_host's other --vdev arguments
fails=0 passes=0

say() { printf '%s\n' "$*"; }
ok() { passes=$((passes + 1)); say "ok - $*"; }
nok() { fails=$((fails + 1)); say "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else nok "$what"; fi; }

host_log=
stop_host() {
	local rc
	if [ -n "$host_pid" ]; then
		kill -TERM "$host_pid" 2>/dev/null
		wait "$host_pid" 2>/dev/null
		rc=$?
		host_pid=
		check "host exits cleanly (status $rc)" [ "$rc" = 0 ]
		if grep -Eq "ERROR: (Address|Leak)Sanitizer|runtime error:" "$host_log"; then
			nok "sanitizer report in the host log:"
			head -n 40 "$host_log"
		fi
	fi
	rm -rf "${EAL_RUN_DIR:?}/$prefix"
}
cleanup() { [ -z "$host_pid" ] || stop_host; rm -rf "$work"; }
trap cleanup EXIT

# start_host TAG HOST-ARGS...: one lcore, bounded, its own file prefix.
start_host() {
	local tag=$1 i
	shift
	prefix=ngc-int-$$-$tag
	rm -f "$sock"
	timeout -k 3 120 "$host" -l 0 --no-huge -m 512 --no-pci \
		--file-prefix="$prefix" \
		--vdev="net_ngiface0${host_ng0_args:-}" --vdev=net_ngiface1 \
		"${host_vdevs[@]}" -- -s "$sock" "$@" >"$work/host-$tag.log" 2>&1 &
	host_pid=$!
	host_log=$work/host-$tag.log
	for _ in $(seq 1 100); do
		[ -S "$sock" ] && return 0
		kill -0 "$host_pid" 2>/dev/null || break
		sleep 0.1
	done
	say "host did not start:"; cat "$work/host-$tag.log"
	exit 1
}

ng() { "$ngctl" -s "$sock" "$@"; }

# counter $3 (default in_packets) of hook $2 of node $1, from "status".
counter() {
	ng status "$1" | awk -v h="hook $2:" -v c="${3:-in_packets}" '
		index($0, h) { f = 1; next }
		f { for (i = 1; i < NF; i++)
			if ($i == c) { print $(i + 1); exit } }'
}
in_packets() { counter "$1" "$2" in_packets; }

start_host main -S ng0 -S ng1 -T

# --- socket and basic commands ---------------------------------------------
check "socket mode is 0600" [ "$(stat -c %a "$sock")" = 600 ]
out=$(ng list)
check "list: two nodes" grep -q "^There are 2 total nodes:" <<<"$out"
check "list: ng0" grep -Eq "^  Name: ng0 +Type: iface +ID: [0-9a-f]{8}   Num hooks: 0" <<<"$out"
check "list: ng1" grep -Eq "^  Name: ng1 +Type: iface " <<<"$out"
out=$(ng msg ng0: getifname)
check "getifname answers ng0" grep -q "^Args:	\"ng0\"$" <<<"$out"
check "getifname response line" grep -Eq "^Rec'd response \"getifname\" \(1\) from \"\[[0-9a-f]+\]:\":$" <<<"$out"
out=$(ng msg ng1: getifindex)
check "getifindex answers a uint32" grep -Eq "^Args:	[0-9]+$" <<<"$out"
err=$(ng msg ng0: point2point 2>&1); rc=$?
check "point2point on a started node: EBUSY" grep -q "EBUSY" <<<"$err"
check "point2point EBUSY exits EX_TEMPFAIL" [ "$rc" = 75 ]
out=$(ng -j msg ng0: getifname)
check "-j msg" grep -q '"args":"\\"ng0\\""' <<<"$out"
check "-j list" grep -q '"nodes":\[{"name":"ng0"' <<<"$(ng -j list)"
check "types" grep -q "^There are 6 total types:" <<<"$(ng types)"
out=$(ng config ng0: mtu 1400); rc=$?
check "config: none, as ng_iface" [ "$out" = 'No config available for "ng0:"' -a "$rc" = 0 ]
check "unique prefix, any case" grep -q "total nodes" <<<"$(ng LI)"
err=$(ng s ng0: 2>&1); rc=$?
check "ambiguous command" [ "$err" = 'ngctl: "s": ambiguous command' -a "$rc" = 64 ]
err=$(ng frob 2>&1); rc=$?
check "unknown command" [ "$err" = 'ngctl: "frob": unknown command' -a "$rc" = 64 ]
err=$(ng list -x 2>&1); rc=$?
check "usage error exits EX_USAGE ($rc)" [ "$rc" = 64 ]
out=$(ng -j list -x 2>/dev/null); rc=$?
check "-j: a usage error exits EX_USAGE too ($rc)" [ "$rc" = 64 ]
check "  ... its body JSON" grep -q '"detail":"usage: list' <<<"$out"
out=$(ng -j show ng7: 2>/dev/null); rc=$?
check "-j: node not found exits EX_NOHOST ($rc)" [ "$rc" = 68 ]
out=$("$ngctl" --help); rc=$?
check "--help: usage on stdout, exit 0" [ "$rc" = 0 -a "${out%%]*}" = "usage: ngctl [-dj" ]
ng -d list >"$work/d.out" 2>"$work/d.err"; rc=$?
check "-d: stdout as without it" [ "$rc" = 0 -a "$(cat "$work/d.out")" = "$(ng list)" ]
check "-d: the request on stderr" grep -qx 'ngctl: -> list' "$work/d.err"
check "-d: the reply's status and length on stderr" \
	grep -Eqx "ngctl: <- OK \(0\), $(wc -c <"$work/d.out") bytes" "$work/d.err"
ng -d show ng7: >/dev/null 2>"$work/d.err"
check "-d: an error's status" grep -Eqx 'ngctl: <- ENOENT \([0-9]+\), [0-9]+ bytes' "$work/d.err"
for t in abc 0 -5 5x 3600001; do
	err=$(ng -t "$t" list 2>&1); rc=$?
	check "-t $t: refused, EX_USAGE" [ "$rc" = 64 -a \
		"$err" = "ngctl: -t $t: Invalid argument (milliseconds, 1..3600000)" ]
done
err=$(ng -f /dev/null list 2>&1); rc=$?
check "-f with a command: refused, EX_USAGE" grep -q "^ngctl: -f and a command" <<<"$err"
check "-f with a command exits 64" [ "$rc" = 64 ]
err=$("$ngctl" -s "$work/none.sock" list 2>&1); rc=$?
check "no server: the cause with its name, and the likely reason ($err)" \
	grep -q "^ngctl: $work/none.sock: No such file or directory (ENOENT): no server there (is ngiface-relay running?" <<<"$err"
check "no server exits EX_UNAVAILABLE ($rc)" [ "$rc" = 69 ]
err=$(ng show ng7: 2>&1); rc=$?
check "node not found" grep -q "node not found" <<<"$err"
check "node not found exits EX_NOHOST" [ "$rc" = 68 ]
out=$(printf 'list\nmsg ng1: getifname\nquit\nlist\n' | ng)
check "commands on stdin" [ "$(grep -c 'total nodes' <<<"$out")" = 1 ]
printf 'list\nfrob\nlist\n' >"$work/cmds"
out=$(ng -f "$work/cmds" 2>&1); rc=$?
check "-f stops at the first error" grep -q "line 2: error in file" <<<"$out"
out=$(printf 'shutdown nosuch:\nlist\n' | "$ngctl" -s "$sock" 2>&1); rc=$?
check "piped stdin stops at the first error too ($rc)" \
	grep -q "line 1: error in file" <<<"$out"
check "  ... with its status, 68 ($rc)" [ "$rc" = 68 ]
check "  ... and runs no line after it" [ "$(grep -c "total nodes" <<<"$out")" = 0 ]

# --- connect / rmhook start and stop traffic --------------------------------
a=$(in_packets ng1: inet)
sleep 0.3
b=$(in_packets ng1: inet)
check "no traffic before connect ($a $b)" [ "$a" = "$b" ]
check "connect ng0:inet ng1:inet" ng connect ng0: ng1: inet inet
sleep 0.5
c=$(in_packets ng1: inet)
check "traffic flows after connect ($b -> $c)" [ "$c" -gt "$b" ]
check "show: hook table" grep -Eq "^  inet +ng1 +iface +[0-9a-f]{8} +inet" <<<"$(ng show ng0:)"
# dot: Graphviz is the judge of the language; the layout it reads back
# (-Tplain) has the two nodes, the two inet hooks and the link between them
if command -v dot >/dev/null; then
	plain=$(ng dot | dot -Tplain)
	check "dot: Graphviz reads it" [ -n "$plain" ]
	check "dot: two records" [ "$(grep -c '^node [0-9a-f]* .* record ' <<<"$plain")" = 2 ]
	check "dot: ng0 named" grep -q '{ng0:|{iface|' <<<"$plain"
	check "dot: ng1 named" grep -q '{ng1:|{iface|' <<<"$plain"
	check "dot: the hooks as their own nodes" \
		[ "$(grep -c '^node "[0-9a-f]*\.inet" .* inet solid octagon' <<<"$plain")" = 2 ]
	check "dot: node-hook, hook-hook, hook-node edges" \
		[ "$(grep -c '^edge ' <<<"$plain")" = 3 ]
	# -c: read back as canonical DOT, which keeps the end labels
	canon=$(ng dot -c | dot -Tcanon | tr -d ' \t\n')
	check "dot -c: one edge, labelled inet at both ends" \
		grep -q -- '--[0-9a-f]*\[headlabel=inet,taillabel=inet\]' <<<"$canon"
	err=$(ng -j dot 2>&1)
	check "-j dot: no JSON form" grep -q 'no JSON form' <<<"$err"
	# a backslash in a hook name must not end a quoted string early
	ng mkpeer ng1: echo inet6 'b\'
	plain=$(ng dot | dot -Tplain 2>&1)
	check "dot: a hook named b\\ read by Graphviz" \
		grep -q '^node "[0-9a-f]*\.b\\\\" ' <<<"$plain"
	plain=$(ng dot -c | dot -Tplain 2>&1)
	check "dot -c: the same" grep -q '^edge ' <<<"$plain"
	ng rmhook ng1: inet6
else
	say "# dot: Graphviz not installed (setup.sh installs graphviz): not checked"
fi
err=$(ng connect ng0: ng1: inet inet 2>&1); rc=$?
check "connect again: EISCONN, the hook is taken, exit 69 ($rc)" \
	grep -q EISCONN <<<"$err"
check "  ... naming the hook, its node and its peer ($err)" [ "$err" = \
	'ngctl: connect: hook "inet" of ng0: is linked already, to ng1:inet (rmhook ng0: inet frees it) (EISCONN)' ]
err=$(ng connect ng1: ng0: inet6 inet 2>&1); rc=$?
check "the peer's hook taken: that one named, exit 69 ($rc: $err)" \
	[ "$rc" = 69 -a -n "$(grep -F 'hook "inet" of ng0: is linked already, to ng1:inet (' <<<"$err")" ]
check "  ... exit 69 ($rc)" [ "$rc" = 69 ]
err=$(ng connect ng1: ng1: inet6 inet6 2>&1); rc=$?
check "a hook to itself: EISCONN, exit 69 ($rc)" \
	[ "$rc" = 69 -a -n "$(grep EISCONN <<<"$err")" ]
check "  ... both free: the node's own answer ($err)" \
	grep -q 'connect "ng1:": Transport endpoint is already connected' <<<"$err"
check "path with outer dots (ng0:.inet.), as ng_path_parse" \
	grep -q "Name: ng1 " <<<"$(ng show ng0:.inet.)"
err=$(ng msg ng0: frob 2>&1); rc=$?
check "msg with a name the type lacks: ENOSYS" grep -q ENOSYS <<<"$err"
check "  ... a data error, exit 65, as before it was ENOSYS ($rc)" [ "$rc" = 65 ]
# an argument that does not parse is a data error whatever its errno: an
# unknown field is ENOENT (ng_parse's), and exited 68 as a node not found
err=$(ng msg ng0: name '{ nam="x" }' 2>&1); rc=$?
check "msg with an unknown field: ENOENT ($err)" \
	grep -q 'unknown field "nam" (ENOENT)' <<<"$err"
check "  ... a data error, exit 65, not a node not found ($rc)" [ "$rc" = 65 ]
out=$(ng -j msg ng0: name '{ nam="x" }' 2>/dev/null); rc=$?
check "  ... with -j too ($rc)" [ "$rc" = 65 ]
err=$(ng msg ng0: name '{ name="0123456789012345678901234567890123" }' 2>&1); rc=$?
check "msg with a string field too long: E2BIG ($err)" grep -q E2BIG <<<"$err"
check "  ... a data error, exit 65 ($rc)" [ "$rc" = 65 ]
err=$(ng connect ng0: ng1: ipx inet 2>&1)
check "unknown hook: EPFNOSUPPORT" grep -q EPFNOSUPPORT <<<"$err"
err=$(ng connect ng0: ng1: inet6 ipx 2>&1)
check "  ... the word and its node named ($err)" \
	grep -q 'hook "ipx": ng1: is a node of type iface, whose hooks are inet and inet6' <<<"$err"
err=$(ng mkpeer . iface x bogus 2>&1); rc=$?
check "mkpeer's new node's hook named, exit 65 ($rc: $err)" \
	[ "$rc" = 65 -a -n "$(grep -F 'hook "bogus": the new node is a node of type iface' <<<"$err")" ]
err=$(ng mkpeer ng0: rings inet6 x 2>&1); rc=$?
check "mkpeer of a type listed but not made: said, exit 65 ($rc: $err)" \
	[ "$rc" = 65 -a -n "$(grep -F 'mkpeer: mkpeer makes no node of type "rings" here (ENXIO)' <<<"$err")" ]
err=$(ng name ng0: ng1 2>&1); rc=$?
check "name in use: the node that has it named, exit 69 ($rc: $err)" \
	[ "$rc" = 69 -a -n "$(grep -E 'name: "ng1" is already the name of node \[[0-9a-f]+\] \(type iface\) \(EADDRINUSE\)' <<<"$err")" ]
check "rmhook ng0: inet" ng rmhook ng0: inet
sleep 0.2
d=$(in_packets ng1: inet)
sleep 0.5
e=$(in_packets ng1: inet)
check "traffic stops after rmhook ($d $e)" [ "$d" = "$e" ]
check "rmhook again: no error, as NGM_RMHOOK" ng rmhook ng0: inet
check "rmhook of a hook name iface lacks: no error" ng rmhook ng0: ipx

# --- a hole's own counters: ng_hole's getstats, getclrstats, clrstats --------
# ng0 sends 52-byte IPv4 packets (L3) until its link goes down, which stops
# them before any hook: the counts then hold still to be compared.
# A field of a response, 0 when absent: a value equal to its default (0) is
# left out of the ASCII form, as ng_parse leaves it out.
hole_field() {
	local v
	v=$(sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2")
	echo "${v:-0}"
}
check "mkpeer ng0: hole inet sink" ng mkpeer ng0: hole inet sink
sleep 0.3
check "linkdown ng0: its Tx stops" ng msg ng0: linkdown
out=$(ng msg ng0:inet getstats '"sink"')
f=$(hole_field frames "$out") o=$(hole_field octets "$out")
check "getstats: frames counted ($out)" [ "$f" -gt 0 ]
check "  ... 52 octets each ($f $o)" [ "$o" = $((f * 52)) ]
check "  ... as ngctl prints a response" \
	grep -q '^Rec.d response "getstats" (1) from "\[[0-9a-f]*\]:":' <<<"$out"
check "  ... the same again" [ "$(hole_field frames "$(ng msg ng0:inet getstats '"sink"')")" = "$f" ]
out=$(ng msg ng0:inet getclrstats '"sink"')
check "getclrstats: what was there ($out)" [ "$(hole_field frames "$out")" = "$f" ]
out=$(ng msg ng0:inet getstats '"sink"')
check "  ... then nothing ($out)" [ "$(hole_field frames "$out")" = 0 ]
ng msg ng0: linkup; sleep 0.2; ng msg ng0: linkdown
out=$(ng msg ng0:inet getstats '"sink"')
check "counting again after linkup ($out)" [ "$(hole_field frames "$out")" -gt 0 ]
out=$(ng msg ng0:inet clrstats '"sink"'); rc=$?
check "clrstats: no response ($rc, $out)" [ "$rc" = 0 -a -z "$out" ]
out=$(ng -j msg ng0:inet getstats '"sink"')
check "  ... zero, so no field shown, {} as netgraph (-j: $out)" grep -q '"args":"{}"' <<<"$out"
err=$(ng msg ng0:inet getstats '"nope"' 2>&1)
check "getstats of a hook the hole lacks: ENOENT ($err)" grep -q ENOENT <<<"$err"
check "  ... that name and the hole's own said ($err)" \
	grep -q 'this hole has no hook "nope"; its hook is "sink"' <<<"$err"
err=$(ng msg ng0:inet getstats 2>&1)
check "getstats with no argument: EINVAL, as ng_parse ($err)" \
	grep -q 'EINVAL.*an argument is required\|an argument is required.*EINVAL' <<<"$err"
err=$(ng msg ng0:inet getstats '""' 2>&1)
check "getstats of the empty name: ENOENT ($err)" grep -q ENOENT <<<"$err"
err=$(ng msg ng0: getstats '"sink"' 2>&1)
check "getstats to the iface: ENOSYS ($err)" grep -q ENOSYS <<<"$err"
check "rmhook the hole" ng rmhook ng0: inet
check "linkup ng0" ng msg ng0: linkup

# --- mkpeer / shutdown -------------------------------------------------------
check "mkpeer iface (hot-plug)" ng mkpeer ng1: iface inet6 inet6
out=$(ng list)
check "mkpeer: a third node" grep -q "^There are 3 total nodes:" <<<"$out"
new=$(ng show ng1: | awk '$1 == "inet6" && $3 == "iface" { print $2 }')
check "mkpeer: ng1:inet6 joined to the new node ($new)" [ -n "$new" ]
check "new node answers getifname" grep -q "\"$new\"" <<<"$(ng msg "$new:" getifname)"
check "name the new node" ng name "$new:" peer
check "shown by its new name" grep -q "Name: peer " <<<"$(ng show peer:)"
# names beyond ASCII: UTF-8 taken (and valid in -j replies), stray bytes not
utf=$(printf 'pe\xc3\xa4r')
check "a UTF-8 name ($utf)" ng name peer: "$utf"
check "  ... shown by it" grep -q "Name: $utf " <<<"$(ng show "$utf:")"
check "  ... -j list parses as JSON" python3 -c '
import json, sys
names = [n["name"] for n in json.load(sys.stdin)["nodes"]]
sys.exit(0 if sys.argv[1] in names else 1)' "$utf" <<<"$(ng -j list)"
err=$(ng name "$utf:" "$(printf 'p\xffr')" 2>&1); rc=$?
check "a name that is no UTF-8: EINVAL, exit 65 ($rc)" [ "$rc" = 65 ]
check "  ... naming the word, its stray byte escaped, and the rule" \
	grep -q 'name: name "p\\xffr": no .*whole UTF-8 sequences (EINVAL)' <<<"$err"
# a terminal escape in what ngctl or the server echoes comes out escaped
err=$(ng "$(printf '\033[2Jfoo')" 2>&1)
check "an unknown command word, escaped by ngctl ($err)" \
	[ "$err" = 'ngctl: "\x1b[2Jfoo": unknown command' ]
err=$(ng show "$(printf 'ng\033[1m\302\233:')" 2>&1)
check "a path the server echoes, escaped ($err)" \
	[ "$err" = 'ngctl: show: node not found: "ng\x1b[1m\xc2\x9b:" (ENOENT)' ]
err=$(ng connect "$utf:" ng1: in.et inet 2>&1); rc=$?
check "a hook the rules refuse: named, EINVAL, exit 65 ($rc: $err)" \
	[ "$rc" = 65 -a -n "$(grep 'connect: hook "in.et": no ' <<<"$err")" ]
# an argument with line breaks in it is one argument, as FreeBSD joins them
check "msg name with its struct over three lines" \
	ng msg "$utf:" name "$(printf '{\n  name="peer"\n}')"
check "  ... renamed back" grep -q "Name: peer " <<<"$(ng show peer:)"
err=$(ng shutdown "$(printf 'peer:\nshow ng0:')" 2>&1); rc=$?
check "a line break is no request's end: usage, exit 64 ($rc)" [ "$rc" = 64 ]
check "  ... and the node is still there" ng show peer:
check "shutdown removes it" ng shutdown peer:
check "back to two nodes" grep -q "^There are 2 total nodes:" <<<"$(ng list)"
check "ng1:inet6 free again" grep -q "Num hooks: 0" <<<"$(ng show ng1:)"
check "mkpeer echo" ng mkpeer ng1: echo inet6 e
check "echo node listed" grep -Eq "Type: echo " <<<"$(ng list)"
check "rmhook echo" ng rmhook ng1: inet6
a=$(counter ng0: inet out_packets)
check "mkpeer iface on ng0:inet" ng mkpeer ng0: iface inet inet
sleep 0.3
b=$(counter ng0: inet out_packets)
check "ng0's traffic goes to the new node ($a -> $b)" [ "$b" -gt "$a" ]
new=$(ng show ng0: | awk '$1 == "inet" && $3 == "iface" { print $2 }')
check "shutdown the new node ($new)" ng shutdown "$new:"
check "mkpeer from the socket node" ng mkpeer iface x inet
check "shutdown it" ng shutdown ng2:
err=$(ng mkpeer ng1: frob inet x 2>&1)
check "unknown type: ENXIO" grep -q ENXIO <<<"$err"
for t in echo hole; do
	err=$(ng mkpeer $t x any 2>&1); rc=$?
	check "mkpeer $t from the socket node: EOPNOTSUPP, exit 69 ($rc)" \
		[ "$rc" = 69 -a -n "$(grep EOPNOTSUPP <<<"$err")" ]
done

# --- the socket's hooks: ".:x" for the rest of one ngctl session -----------
out=$(ng -f - <<'EOF' 2>&1
mkpeer . iface x inet
msg .:x getifname
name .:x vpn0
msg x getifindex
show -n .:x
EOF
); rc=$?
check "a session: mkpeer . iface x inet, then .:x (exit $rc)" [ "$rc" = 0 ]
check "  ... msg .:x getifname names the new node" \
	grep -q '^Args:	"ng2"' <<<"$out"
check "  ... name .:x vpn0, then the relative x, then show -n .:x" \
	grep -q '^  Name: vpn0 .*Type: iface' <<<"$out"
check "  ... getifindex through x" grep -q 'Rec.d response "getifindex"' <<<"$out"
check "the name stays after the session" ng show vpn0:
err=$(ng show .:x 2>&1); rc=$?
check "another ngctl has no hook x: ENOENT, exit 68 ($rc: $err)" [ "$rc" = 68 ]
check "  ... and the node kept its hook free" \
	grep -q "Num hooks: 0" <<<"$(ng show vpn0:)"
err=$(ng -f - <<'EOF' 2>&1
mkpeer iface y inet
mkpeer . iface y inet6
EOF
); rc=$?
check "a hook the socket has already: EEXIST, exit 69 ($rc: $err)" \
	[ "$rc" = 69 -a -n "$(grep 'mkpeer: hook "y" of ".": File exists (EEXIST)' <<<"$err")" ]
check "  ... the first mkpeer made one node (four in all)" \
	grep -q "^There are 4 total nodes:" <<<"$(ng list)"
out=$(ng -f - <<'EOF' 2>&1
mkpeer iface z inet
rmhook . z
show .:z
EOF
); rc=$?
check "rmhook . z forgets the hook: .:z not found after it ($rc)" \
	[ "$rc" = 68 -a -n "$(grep 'not found' <<<"$out")" ]
out=$(ng -f - <<'EOF' 2>&1
mkpeer iface w inet
shutdown .:w
mkpeer iface w inet
shutdown w
EOF
); rc=$?
check "shutdown .:w ends the hook: w made again ($rc: $out)" [ "$rc" = 0 ]
out=$(ng -f - <<'EOF' 2>&1
show .
mkpeer iface s inet6
name s sock0
show .
show -n .
EOF
); rc=$?
check "show . lists the socket's hooks once it has some ($rc)" [ "$rc" = 0 ]
check "  ... none before: the server's socket node" \
	grep -q '^  Name: <unnamed>       Type: socket          ID: 00000000   Num hooks: 0$' <<<"$out"
check "  ... then hook s to sock0's inet6" \
	grep -Eq '^  s +sock0 +iface +[0-9a-f]{8} +inet6 *$' <<<"$out"
check "  ... and -n the count only" \
	[ "$(grep -c 'Type: socket .*Num hooks: 1$' <<<"$out")" = 2 ]
out=$(ng -j -f - <<'EOF' 2>&1
mkpeer iface s inet
mkpeer iface t inet
name t gone
shutdown gone:
show .
EOF
); rc=$?
check "a node gone takes the socket's hook along (-j show .: $rc)" python3 -c '
import json, sys
docs = [json.loads(l) for l in sys.stdin if l.strip()]
last = docs[-1]
sys.exit(0 if last["node"]["type"] == "socket" and
	 [h["hook"] for h in last["hooks"]] == ["s"] and
	 last["hooks"][0]["peerhook"] == "inet" and
	 last["hooks"][0]["peer"]["type"] == "iface" else 1)' <<<"$out"
out=$(ng -f - <<'EOF' 2>&1
mkpeer . iface x inet
name .:x gone2
shutdown gone2:
mkpeer . iface y inet
name .:y mine
show -n .
EOF
); rc=$?
check "a node made with a gone node's ID drops the old hook ($rc)" \
	[ "$rc" = 0 -a -n "$(grep 'Type: socket .*Num hooks: 1$' <<<"$out")" ]
err=$(ng -f - <<'EOF' 2>&1
mkpeer . iface x inet
name .:x tmpx
shutdown tmpx:
mkpeer . iface y inet
name .:y mine2
shutdown .:x
EOF
); rc=$?
check "  ... so .:x no longer reaches the new node: ENOENT, exit 68 ($rc)" [ "$rc" = 68 ]
check "  ... which is still there" ng show mine2:
ng shutdown mine: && ng shutdown mine2:
long=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
out=$(ng -f - <<EOF 2>&1
mkpeer . iface x inet
name .:x $long
show .
rmhook .:x inet
show .:x
EOF
); rc=$?
check "show . with a node of a 31-byte name" grep -Eq "^  x +$long +iface " <<<"$out"
check "rmhook .:x inet acts on the iface's hook; the socket keeps x ($rc)" [ "$rc" = 0 ]
ng shutdown "$long:"
out=$(ng mkpeer . iface q inet 2>/dev/null); rc=$?
check "mkpeer from . without -j prints nothing, as FreeBSD's ($rc: '$out')" \
	[ "$rc" = 0 -a -z "$out" ]
out=$(ng -j mkpeer . nosuchtype a b 2>&1); rc=$?
lines=$(wc -l <<<"$out")
check "-j mkpeer . of an unknown type: one JSON error object, nothing else ($rc, $lines: $out)" \
	[ "$lines" = 1 -a -n "$(grep '^{"error":{"errno":[0-9]*,"name":"ENXIO"' <<<"$out")" ]
nodes=$(ng list | head -n 1)
err=$(ng mkpeer . "$(printf 't%.0s' $(seq 1 40))" a b 2>&1); rc=$?
check "a type name too long: ENAMETOOLONG, exit 65, no node made ($rc: $err)" \
	[ "$rc" = 65 -a "$(ng list | head -n 1)" = "$nodes" \
	  -a -n "$(grep ENAMETOOLONG <<<"$err")" ]
# a node made from another node (not from .) while the socket has a hook
# whose node is gone: the new node takes the freed ID, and the hook goes
out=$(ng -f - <<'EOF' 2>&1
mkpeer . iface x inet
name .:x gone4
shutdown gone4:
mkpeer ng1: iface inet6 inet6
show .:x
EOF
); rc=$?
check "mkpeer from a node drops a socket hook whose ID it took: .:x not found ($rc)" \
	[ "$rc" = 68 ]
new=$(ng show ng1: | awk '$1 == "inet6" && $3 == "iface" { print $2 }')
[ -n "$new" ] && ng shutdown "$new:"
err=$(ng mkpeer . iface a.b inet 2>&1); rc=$?
check "a bad hook from the socket: the rule as text, EINVAL, exit 65 ($rc)" \
	[ "$rc" = 65 -a -n "$(grep '^ngctl: mkpeer: hook "a.b": no .* (EINVAL)$' <<<"$err")" ]
out=$(ng -j mkpeer iface j inet)
check "-j mkpeer names the node made ($out)" python3 -c '
import json, sys
p = json.load(sys.stdin)["peer"]
sys.exit(0 if p["type"] == "iface" and p["path"] == "[%x]:" % p["id"] else 1)' <<<"$out"
for n in $(ng list | awk '$2 ~ /^ng[0-9]+$/ && $2 != "ng0" && $2 != "ng1" { print $2 }') vpn0 sock0; do
	ng shutdown "$n:"
done
check "back to two nodes after the socket's" \
	grep -q "^There are 2 total nodes:" <<<"$(ng list)"

# --- load and bad clients ----------------------------------------------------
check "200 concurrent clients all answered" "$probe" "$sock" many 200
out=$("$probe" "$sock" nul)
check "NUL byte: EINVAL ($out)" grep -q "^NGC1 22 EINVAL" <<<"$out"
out=$("$probe" "$sock" oversize)
check "oversized: E2BIG ($out)" grep -q "^NGC1 7 E2BIG" <<<"$out"
out=$("$probe" "$sock" garbage)
check "garbage: EINVAL ($out)" grep -q "^NGC1 22 EINVAL" <<<"$out"
check "still serving" grep -q "total nodes" <<<"$(ng list)"
check "a stalled half request does not delay others" "$probe" "$sock" stall
check "still serving after the stall" grep -q "total nodes" <<<"$(ng list)"

# --- the interactive prompt, on a terminal (script(1) gives ngctl a pty) -----
out=$(printf 'ls\nmsg ng0: getifindex\nquit\n' |
	timeout -k 3 10 script -qec "$ngctl -s $sock" /dev/null 2>&1 | tr -d '\r')
check "prompt: '+ ' shown on a terminal" grep -q '^+ ' <<<"$out"
first=$(grep -m 1 -n -e '^Available commands:' -e '^+ ' <<<"$out")
check "prompt: the commands listed before it, as FreeBSD's ngctl does" \
	grep -q ':Available commands:' <<<"$first"
check "prompt: ls answered" grep -q "total nodes" <<<"$out"
check "prompt: getifindex answered" grep -q "getifindex" <<<"$out"
# a session ends 0 whatever its commands did (FreeBSD's DoInteractive)
printf 'show nosuch:\n' |
	timeout -k 3 10 script -qec "$ngctl -s $sock" /dev/null >/dev/null 2>&1
rc=$?
check "prompt: a session whose last command failed exits 0 ($rc)" [ "$rc" = 0 ]
# the socket's hooks in a session that goes on past errors: a shutdown
# through a hook whose node is gone (ENOENT) drops the hook too, so the name
# is free for the next mkpeer (kept, it would be EEXIST before any request)
out=$(printf 'mkpeer . iface x inet\nname .:x gone5\nshutdown gone5:\nshutdown .:x\nmkpeer . iface x inet\nmsg .:x getifname\nquit\n' |
	timeout -k 3 10 script -qec "$ngctl -s $sock" /dev/null 2>&1 | tr -d '\r')
check "prompt: shutdown .:x answered ENOENT drops x; x made again" \
	[ -z "$(grep EEXIST <<<"$out")" -a -n "$(grep '^Args:' <<<"$out")" ]
made=$(grep '^Args:' <<<"$out" | tr -d '"' | awk '{ print $2 }')
[ -n "$made" ] && ng shutdown "$made:"
# quit in a read file ends ngctl, not only the file (FreeBSD's ReadFile)
printf 'quit\n' >"$work/quit"
out=$(printf 'read %s\nlist\n' "$work/quit" |
	timeout -k 3 10 script -qec "$ngctl -s $sock" /dev/null 2>&1); rc=$?
check "prompt: quit in a read file ends the session ($rc)" \
	[ "$rc" = 0 -a "$(grep -c 'total nodes' <<<"$out")" = 0 ]
out=$(printf 'read %s\nlist\n' "$work/quit" | ng 2>&1); rc=$?
check "script: quit in a read file ends it ($rc)" \
	[ "$rc" = 0 -a "$(grep -c 'total nodes' <<<"$out")" = 0 ]

# --- permissions -------------------------------------------------------------
# another uid's ngctl: root only (setpriv); a build as a user skips them
json_refused() {
	[ "$rc" = 77 ] && python3 -c 'import json, sys
e = json.loads(sys.argv[1])["error"]
sys.exit(not (e["name"] == "EACCES" and "peer uid not allowed" in e["detail"]))' "$out"
}
perm_checks() {
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ngctl" -s "$sock" list 2>&1); rc=$?
	check "uid 65534 refused by the 0600 socket ($err)" [ "$rc" = 77 ]
	stop_host

	start_host open -m 0666
	check "socket mode 0666 on request" [ "$(stat -c %a "$sock")" = 666 ]
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ngctl" -s "$sock" list 2>&1); rc=$?
	check "uid 65534 refused by SO_PEERCRED ($err)" grep -q "EACCES" <<<"$err"
	check "SO_PEERCRED refusal exits EX_NOPERM" [ "$rc" = 77 ]
	# the refusal comes before the server reads the request, so before it
	# knows of -j: ngctl makes it the JSON error object (it printed the text)
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ngctl" -j -s "$sock" list 2>&1); rc=$?
	check "-j, refused: exit 77, a JSON error object ($out)" json_refused
	check "root still served" grep -q "total nodes" <<<"$(ng list)"
	stop_host

	start_host allow -m 0666 -u 65534
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$ngctl" -s "$sock" list 2>&1)
	check "uid 65534 served when allowed" grep -q "total nodes" <<<"$out"
	stop_host
	symlink_checks
}

# The socket's name swapped for a symlink between bind() and the mode's
# chmod (bind_swap.c), as another user could in a directory it may write:
# root's chmod followed the link and made the file it names 0600.  Now
# the server does not follow it, and refuses to serve.
symlink_checks() {
	local victim=$work/victim log=$work/host-swap.log rc=0
	if [ ! -f "$swap" ]; then
		say "# symlink swap: skipped, bind_swap shim not given"
		return
	fi
	echo keep >"$victim" && chmod 0644 "$victim"
	rm -f "$sock"
	BIND_SWAP_PATH=$sock BIND_SWAP_TARGET=$victim LD_PRELOAD=$swap \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		timeout -k 3 20 "$host" -l 0 --no-huge -m 512 --no-pci \
		--file-prefix="ngc-int-$$-swap" --vdev=net_ngiface0 \
		-- -s "$sock" >"$log" 2>&1 || rc=$?
	check "swapped name: the file the link names keeps mode 644 ($(stat -c %a "$victim"))" \
		[ "$(stat -c %a "$victim")" = 644 ]
	check "swapped name: the host refuses to serve (exit $rc)" [ "$rc" = 1 ]
	check "swapped name: and says which socket" \
		grep -q "^ctl_host: $sock: " "$log"
	rm -f "$sock" "$sock.real"
	rm -rf "${EAL_RUN_DIR:?}/ngc-int-$$-swap"
}
if [ "$(id -u)" -eq 0 ]; then
	perm_checks
else
	say "# permissions: skipped, not root (ngctl as uid 65534)"
	stop_host
fi

# --- mode change on a started node whose loop the host can pause -----------
# ng_iface takes point2point/broadcast only while down: with a pause guard
# the library stops the port for the change and starts it again; the
# host's traffic loop, paused around it, goes on after.
start_host pause -S ng0 -S ng1 -T -P
ng connect ng0: ng1: inet inet
out=$(ng msg ng0: broadcast 2>&1); rc=$?
check "broadcast on a started node with a pause guard ($out)" [ "$rc" = 0 ]
out=$(ng status ng0:)
check "ng0 now broadcast, link up" grep -q "^Interface ng0: .* broadcast link up$" <<<"$out"
ng msg ng0: point2point; rc=$?
check "and back to point2point" [ "$rc" = 0 ]
check "ng0 point2point, link up" \
	grep -q "^Interface ng0: .* point2point link up$" <<<"$(ng status ng0:)"
before=$(in_packets ng1: inet)
sleep 0.3
after=$(in_packets ng1: inet)
check "traffic goes on after the restarts ($before -> $after)" \
	[ "${after:-0}" -gt "${before:-0}" ]
pauses=$(grep -c "^ctl_host: pause " "$host_log")
ng msg ng0: point2point; rc=$?
check "point2point again: 0, and no restart ($pauses pauses before)" \
	[ "$rc" = 0 -a "$(grep -c "^ctl_host: pause " "$host_log")" = "$pauses" ]

# A name given with "name" first stays that node's: an iface made later
# with that ifname is unnamed, as FreeBSD's ng_iface when ng_name_node()
# finds its name taken.
ng mkpeer ng1: echo inet6 e
echo_id=$(ng show ng1: | awk '$1 == "inet6" && $3 == "echo" { print $4 }')
check "name the echo node ng2 ($echo_id)" ng name "[$echo_id]:" ng2
check "mkpeer of an iface whose ifname is ng2" ng mkpeer iface x inet
out=$(ng list)
check "one node named ng2, the echo" \
	[ "$(grep -c "Name: ng2 " <<<"$out")" = 1 -a \
	  -n "$(grep "Name: ng2 .*Type: echo" <<<"$out")" ]
check "the new iface unnamed" grep -Eq "Name: <unnamed> +Type: iface" <<<"$out"
check "ng2: is the echo" grep -q "Type: echo" <<<"$(ng show ng2:)"
# status names a hook's peer by the path that reaches it, never by an
# ifname another node has taken or a name has replaced
iface_id=$(ng list | awk '$2 == "<unnamed>" && $4 == "iface" { print $6 }')
iface_id=$(printf %x "0x$iface_id")
check "connect ng0:inet6 to the unnamed iface [$iface_id]:" \
	ng connect ng0: "[$iface_id]:" inet6 inet6
out=$(ng status ng0:)
check "status: its peer by ID, not as ng2, the echo" \
	grep -qx "  hook inet6: \[$iface_id\]:inet6" <<<"$out"
check "name ng1: lan" ng name ng1: lan
out=$(ng status ng0:)
check "status: a renamed peer by its new name" \
	grep -qx "  hook inet: lan:inet" <<<"$out"
out=$(ng status ng2:)
check "status of the echo: the hook it serves, by name" \
	[ "$out" = "$(printf 'Status for "ng2:":\necho on lan:inet6')" ]
# the peer's own hook, not this one's, and a name of 31 characters whole
long=n234567890123456789012345678901
check "name lan: $long" ng name lan: "$long"
ng rmhook ng0: inet
ng rmhook ng0: inet6
check "connect ng0:inet6 to $long:inet" ng connect ng0: "$long:" inet6 inet
out=$(ng status ng0:)
check "status: the peer's hook, and its name whole" \
	grep -qx "  hook inet6: $long:inet" <<<"$out"
# an ID in hex, as list and show give it: made ifaces until the next
# one's ID has a letter, and that one left unnamed (its ifname a name
# taken), it is [a]: or more, not its decimal [10]:
for _ in $(seq 1 12); do
	ids=$(ng list | awk '$4 == "iface" { print $6 }')
	max=$(sort <<<"$ids" | tail -n 1)
	[ $((0x${max:-0})) -ge 9 ] && break
	ng mkpeer iface x inet || break
done
used=" "
for id in $ids; do
	used="$used$(ng msg "[$id]:" getifname |
		sed -nE 's/^Args:	"(.*)"$/\1/p') "
done
for i in $(seq 0 15); do
	case "$used" in *" ng$i "*) ;; *) break ;; esac
done
check "name the echo ng$i, the next iface's ifname" ng name ng2: "ng$i"
check "mkpeer of an iface whose ifname is ng$i" ng mkpeer iface x inet
iface_id=$(ng list | awk '$2 == "<unnamed>" && $4 == "iface" { print $6 }' |
	sort | tail -n 1)
iface_id=$(printf %x "0x${iface_id:-0}")
check "the unnamed iface's ID $iface_id has a letter" \
	grep -q '[a-f]' <<<"$iface_id"
ng rmhook ng0: inet6
check "connect ng0:inet6 to [$iface_id]:" \
	ng connect ng0: "[$iface_id]:" inet6 inet6
out=$(ng status ng0:)
check "status: the peer by its ID in hex" \
	grep -qx "  hook inet6: \[$iface_id\]:inet6" <<<"$out"
stop_host

# mkpeer iface from a node of two queues: hooks join queue to queue, so
# the new node gets two as well (it got one, and the join was refused)
host_ng0_args=",queues=2"
start_host queues
check "mkpeer iface from a node of 2 queues" ng mkpeer ng0: iface inet inet
check "  ... the new node has 2 queues" \
	grep -q "queues 2" <<<"$(ng status ng2:)"
check "  ... joined to ng0:inet" \
	grep -Eq "^  inet +ng2 +iface" <<<"$(ng show ng0:)"
stop_host
host_ng0_args=""

# A control socket that cannot be made (its directory does not exist):
# ngc_control_start() fails with bind's ENOENT, and nothing is served.
prefix=ngc-int-$$-nodir
timeout -k 3 60 "$host" -l 0 --no-huge -m 512 --no-pci --file-prefix="$prefix" \
	--vdev=net_ngiface0 -- -s "$work/none/ctl.sock" >"$work/host-nodir.log" 2>&1
rc=$?
check "a socket in no directory: the host fails, exit 1 ($rc)" [ "$rc" = 1 ]
check "  ... saying why" \
	grep -qx "ctl_host: $work/none/ctl.sock: No such file or directory" "$work/host-nodir.log"
if grep -Eq "ERROR: (Address|Leak)Sanitizer|runtime error:" "$work/host-nodir.log"; then
	nok "sanitizer report in the host log:"
	head -n 40 "$work/host-nodir.log"
fi
rm -rf "${EAL_RUN_DIR:?}/$prefix"

# A virtual node (echo, hole) cut from its own side: rmhook of its one
# hook (the name mkpeer gave it, or its type for one a devarg made) and
# shutdown free the iface's hook; rmhook of a name it lacks leaves it, with
# no error, as NGM_RMHOOK.  No test had cut one but from the iface's side.
host_ng0_args=",inet6=hole"
start_host virt
# virt_id NODE HOOK TYPE: the ID of the TYPE node on NODE's HOOK
virt_id() {
	ng show "$1" | awk -v h="$2" -v t="$3" '$1 == h && $3 == t { print $4 }'
}
id=$(virt_id ng0: inet6 hole)
check "a devarg's hole [$id]: its hook named hole" \
	grep -Eq "^  hole +ng0 +iface +00000001 +inet6 *$" <<<"$(ng show "[$id]:")"
check "rmhook of a hook the hole lacks: no error" ng rmhook "[$id]:" nope
check "  ... ng0:inet6 still on the hole" [ "$(virt_id ng0: inet6 hole)" = "$id" ]
check "rmhook [$id]: hole, from the hole's side" ng rmhook "[$id]:" hole
check "  ... ng0:inet6 free" grep -q "Num hooks: 0" <<<"$(ng show ng0:)"
ng mkpeer ng1: echo inet6 e
id=$(virt_id ng1: inet6 echo)
check "rmhook [$id]: e, the name mkpeer gave the echo" ng rmhook "[$id]:" e
check "  ... ng1:inet6 free" grep -q "Num hooks: 0" <<<"$(ng show ng1:)"
ng mkpeer ng1: hole inet h
id=$(virt_id ng1: inet hole)
check "shutdown [$id]:, a hole" ng shutdown "[$id]:"
check "  ... ng1:inet free" grep -q "Num hooks: 0" <<<"$(ng show ng1:)"
check "  ... two nodes left" grep -q "^There are 2 total nodes:" <<<"$(ng list)"
ng shutdown "[$id]:" >/dev/null 2>&1; rc=$?
check "shutdown of it again: not found, exit 68 ($rc)" [ "$rc" = 68 ]
stop_host
host_ng0_args=""

# An ethdev whose name is longer than a node name (32 bytes): its node is
# listed as type ethdev, the name cut.  The whole name was copied into the
# 32-byte name field, its tail over the type.
long=net_null_whose_name_is_longer_than_32
host_vdevs=(--vdev="$long")
start_host longname
out=$(ng list)
check "an ethdev of a long name: type ethdev, name cut" \
	grep -Eq "^  Name: ${long:0:31} +Type: ethdev " <<<"$out"
stop_host
host_vdevs=()

say "# passed $passes, failed $fails"
[ "$fails" = 0 ]
