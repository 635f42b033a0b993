#!/usr/bin/env bash
# Install what ngiface and its tests need on Debian 12, and provide the five
# DPDK driver-SDK headers Debian's libdpdk-dev leaves out.  Idempotent: a second
# run finds everything in place, changes nothing and says so in one line.
#
# A user whose DPDK already ships the driver SDK (ethdev_driver.h visible through
# PKG_CONFIG_PATH's libdpdk) gets no shim at all, and no Debian DPDK beside it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
sdk_dir="$top/third_party/dpdk-sdk"
export DEBIAN_FRONTEND=noninteractive

# gcc is the compiler of every build but the clang one: a minimal Debian 12
# has none, and clang alone (here for the clang build) would become cc, so
# that no build would be GCC's.  procps: the tests find the relay under its
# timeout(1) wrapper with pgrep.
packages=(
	gcc libdpdk-dev dpdk dpdk-dev libcmocka-dev meson ninja-build pkg-config
	libpcap-dev tshark iproute2 iputils-ping procps clang libclang-rt-14-dev
	python3 python3-pyelftools xz-utils groff-base strace graphviz ethtool
)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# The source-package fetch dir; removed however the script ends (error, die,
# Ctrl-C, kill), not only when provide_sdk returns.
fetch_dir=""
cleanup() { [ -z "$fetch_dir" ] || rm -rf -- "$fetch_dir"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

missing_packages() {
	local p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || printf '%s\n' "$p"
	done
}

install_packages() {
	local missing
	missing=$(missing_packages)
	[ -z "$missing" ] && return 0
	say "installing:" $missing
	changed=1
	apt-get update -qq
	# tshark asks whether non-root users may capture; answer no, quietly.
	echo 'wireshark-common wireshark-common/install-setuid boolean false' |
		debconf-set-selections
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The SDK is needed only when the installed libdpdk has no ethdev_driver.h.
dpdk_has_sdk() {
	local inc
	for inc in $(pkg-config --cflags-only-I libdpdk | sed 's/-I//g'); do
		[ -f "$inc/ethdev_driver.h" ] && return 0
	done
	return 1
}

# deb-src entries derived from the machine's own sources: same mirrors, same
# suites, Types: deb-src.  Nothing about any mirror is written into the repo.
# Only what lacks its deb-src twin, by mirror, suite and component as apt
# counts them (options, comments, a URI's trailing slash and the spacing
# aside): a deb822 stanza of "Types: deb deb-src" or one of its own of
# Types: deb-src, or a sources.list that has its deb-src lines already (as
# the Debian installer writes it), would otherwise be configured twice,
# and every apt command after would warn "configured multiple times".
add_deb_src() {
	local src=/etc/apt/sources.list.d/debian.sources
	local dst=/etc/apt/sources.list.d/ngiface-deb-src.sources
	[ -f "$dst" ] && return 0
	if [ -f "$src" ]; then
		# Each enabled Types: deb stanza as Types: deb-src, comments and
		# other fields kept; where some of its components have a twin
		# already, one stanza per URI and suite with the others.
		awk '
		function flush(  i) {
			if (n) {
				ns++
				sn[ns] = n
				for (i = 1; i <= n; i++) {
					sl[ns, i] = buf[i]
					sk[ns, i] = kind[i]
				}
				for (i in fld)
					sf[ns, i] = fld[i]
				soff[ns] = off
			}
			n = 0; off = 0; cur = ""; split("", fld)
		}
		function has(s, t,  w, i, k) {
			k = split(sf[s, "types"], w)
			for (i = 1; i <= k; i++)
				if (w[i] == t)
					return 1
			return 0
		}
		function uri(u) { sub(/\/+$/, "", u); return u }
		# the key of each URI, suite and component of stanza s
		function keys(s, a,  u, su, c, nu, ns_, nc, i, j, k, m) {
			nu = split(sf[s, "uris"], u)
			ns_ = split(sf[s, "suites"], su)
			nc = split(sf[s, "components"], c)
			if (nc == 0) { nc = 1; c[1] = "" }	# a flat repository
			m = 0
			for (i = 1; i <= nu; i++)
				for (j = 1; j <= ns_; j++)
					for (k = 1; k <= nc; k++)
						a[++m] = uri(u[i]) SUBSEP su[j] SUBSEP c[k]
			return m
		}
		function out(line) {
			if (printed && !open_)
				print ""
			printed = open_ = 1
			print line
		}
		function rest(s,  i) {
			for (i = 1; i <= sn[s]; i++)
				if (sk[s, i] == "")
					out(sl[s, i])
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { buf[++n] = $0; kind[n] = ""; next }
		/^[ \t]/ {
			if (cur != "")
				fld[cur] = fld[cur] " " $0
			buf[++n] = $0; kind[n] = cur
			next
		}
		{
			name = tolower($0); sub(/:.*/, "", name)
			val = $0; sub(/^[^:]*:/, "", val)
			cur = name ~ /^(types|uris|suites|components)$/ ? name : ""
			if (cur != "")
				fld[cur] = val
			if (name == "enabled") {
				v = tolower(val); gsub(/[ \t]/, "", v)
				off = v ~ /^(no|false|without|off|disable|0)$/
			}
			buf[++n] = $0; kind[n] = cur
		}
		END {
			flush()
			for (s = 1; s <= ns; s++)
				if (!soff[s] && has(s, "deb-src"))
					for (i = keys(s, k); i > 0; i--)
						have[k[i]] = 1
			for (s = 1; s <= ns; s++) {
				if (soff[s] || !has(s, "deb"))
					continue
				split("", miss); nm = 0
				m = keys(s, k)
				for (i = 1; i <= m; i++)
					if (!(k[i] in have)) {
						miss[++nm] = k[i]
						have[k[i]] = 1
					}
				if (nm == 0)
					continue
				open_ = 0
				if (nm == m) {	# the stanza whole
					for (i = 1; i <= sn[s]; i++)
						if (sk[s, i] != "types")
							out(sl[s, i])
						else if (sl[s, i] !~ /^[ \t]/)
							out("Types: deb-src")
					continue
				}
				for (i = 1; i <= nm; i++) {
					split(miss[i], p, SUBSEP)
					us = p[1] SUBSEP p[2]
					if (us in done)
						continue
					done[us] = 1
					cs = ""
					for (j = i; j <= nm; j++) {
						split(miss[j], q, SUBSEP)
						if (q[1] == p[1] && q[2] == p[2] && q[3] != "")
							cs = cs " " q[3]
					}
					open_ = 0
					out("Types: deb-src")
					out("URIs: " p[1])
					out("Suites: " p[2])
					if (cs != "")
						out("Components:" cs)
					rest(s)
				}
			}
		}' "$src" > "$dst"
	elif [ -f /etc/apt/sources.list ]; then
		# Each deb line as deb-src, with its options, for the components
		# that have no deb-src line yet (fields joined by one space).
		dst=${dst%.sources}.list
		awk '
		# type, options, URI, suite and components of an entry, or 0
		function parse(line,  s, p, w, k, i) {
			sub(/#.*/, "", line)
			s = line; sub(/^[ \t]*/, "", s)
			typ = s; sub(/[ \t].*/, "", typ)
			sub(/^[^ \t]*/, "", s)
			opts = ""
			if (s ~ /^[ \t]*\[/ && (p = index(s, "]"))) {
				opts = substr(s, 1, p); s = substr(s, p + 1)
				sub(/^[ \t]*/, "", opts)
			}
			k = split(s, w)
			if (k < 2 || w[1] ~ /^cdrom:/)
				return 0
			u = w[1]; sub(/\/+$/, "", u)
			suite = w[2]; nc = k - 2
			for (i = 3; i <= k; i++)
				comp[i - 2] = w[i]
			if (nc == 0) { nc = 1; comp[1] = "" }
			url = w[1]
			return 1
		}
		{ line[NR] = $0 }
		END {
			for (l = 1; l <= NR; l++)
				if (parse(line[l]) && typ == "deb-src")
					for (i = 1; i <= nc; i++)
						have[u, suite, comp[i]] = 1
			for (l = 1; l <= NR; l++) {
				if (!parse(line[l]) || typ != "deb")
					continue
				cs = ""; any = 0
				for (i = 1; i <= nc; i++)
					if (!((u, suite, comp[i]) in have)) {
						have[u, suite, comp[i]] = 1
						any = 1
						if (comp[i] != "")
							cs = cs " " comp[i]
					}
				if (any)
					print "deb-src" (opts != "" ? " " opts : "") \
						" " url " " suite cs
			}
		}' /etc/apt/sources.list > "$dst"
	else
		die "no apt sources found to derive a deb-src entry from"
	fi
	if [ ! -s "$dst" ]; then
		rm -f -- "$dst"
		say "the apt sources have their deb-src entries already"
		return 0
	fi
	say "added $dst; apt-get update"
	apt-get update -qq
}

sdk_headers=(
	lib/ethdev/ethdev_driver.h
	lib/ethdev/ethdev_vdev.h
	drivers/bus/vdev/bus_vdev_driver.h
	lib/eal/include/dev_driver.h
	lib/eal/include/bus_driver.h
)

# What third_party/dpdk-sdk is, for anyone who meets it in a tarball.
write_sdk_notice() {
	cat <<EOF
The headers in include/ are DPDK's own, not ngiface's: ${sdk_headers[*]##*/}
from the Debian source package dpdk $1, unchanged, under DPDK's
BSD-3-Clause licence (LICENSE here; each header keeps its copyright line).
scripts/setup.sh put them here because Debian's libdpdk-dev ships no driver
SDK; a DPDK that has one (found through PKG_CONFIG_PATH) builds without them.
EOF
}

provide_sdk() {
	local ver upstream work tarball h
	ver=$(dpkg-query -W -f='${Version}' libdpdk-dev)
	upstream=$(pkg-config --modversion libdpdk)
	if [ -f "$sdk_dir/VERSION" ] && [ "$(cat "$sdk_dir/VERSION")" = "$upstream" ] &&
		[ -f "$sdk_dir/LICENSE" ] && [ -f "$sdk_dir/NOTICE" ]; then
		return 0
	fi
	add_deb_src
	# Outside the tree, and owned by _apt so that apt downloads sandboxed
	# (into a root-only directory it warns "Download is performed
	# unsandboxed as root").
	fetch_dir=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-sdk.XXXXXX") ||
		die "cannot make a temporary directory under ${TMPDIR:-/tmp} (set TMPDIR to a writable one)"
	work=$fetch_dir
	if getent passwd _apt >/dev/null; then
		chown _apt "$work"
	fi
	say "fetching the dpdk $ver source package for its driver-SDK headers"
	(cd "$work" && apt-get source -qq --download-only "dpdk=$ver" >/dev/null) ||
		die "apt-get source dpdk=$ver failed (is a deb-src entry reachable?)"
	# apt is done: root's again before anything is read from it, so that
	# no _apt process can swap the files we extract and install
	chown -R root:root "$work"
	chmod -R go-w "$work"
	tarball=$(ls "$work"/dpdk_*.orig.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || die "no orig tarball for dpdk=$ver"
	# Quoted patterns: tar, not the shell, matches them against the archive.
	local members=('*/VERSION' '*/license/bsd-3-clause.txt')
	for h in "${sdk_headers[@]}"; do
		members+=("*/$h")
	done
	tar -C "$work" -xf "$tarball" --wildcards "${members[@]}" ||
		die "tar could not extract the driver-SDK headers from $(basename "$tarball") (has the dpdk $ver source layout changed?)"
	local srcdir
	srcdir=$(ls -d "$work"/dpdk*/ | head -n 1)
	local srcver
	srcver=$(cat "$srcdir/VERSION")
	[ "$srcver" = "$upstream" ] ||
		die "source package is DPDK $srcver but libdpdk is $upstream: refusing to mix"
	mkdir -p "$sdk_dir/include"
	for h in "${sdk_headers[@]}"; do
		install -m 0644 "$srcdir/$h" "$sdk_dir/include/"
	done
	install -m 0644 "$srcdir/license/bsd-3-clause.txt" "$sdk_dir/LICENSE"
	write_sdk_notice "$ver" >"$sdk_dir/NOTICE"
	echo "$upstream" > "$sdk_dir/VERSION"
	rm -rf -- "$fetch_dir"
	fetch_dir=""
	changed=1
	say "driver SDK headers for DPDK $upstream in $sdk_dir/include"
}

# A DPDK of the user's own with the driver SDK, found through
# PKG_CONFIG_PATH (a libdpdk.pc no Debian package owns): Debian's DPDK is
# not installed beside it.  Two DPDKs of one ABI on a machine let a program
# run the other one's libraries silently: the user's, run without its
# libdir on LD_LIBRARY_PATH, takes Debian's where it would fail "not
# found", and a plugin EAL loads from its directory can bring a second copy
# of a library (a panic: "tailq is already registered").  Its testpmd,
# dumpcap and proc-info serve the tests.  Without pkg-config yet (a fresh
# machine), Debian's is installed as on any other.
own_dpdk=""
if command -v pkg-config >/dev/null && dpdk_has_sdk 2>/dev/null; then
	own_dpdk=$(pkg-config --variable=pcfiledir libdpdk)
	if dpkg -S "$own_dpdk/libdpdk.pc" >/dev/null 2>&1; then
		own_dpdk=""
	else
		for i in "${!packages[@]}"; do
			case ${packages[$i]} in
			libdpdk-dev|dpdk|dpdk-dev) unset "packages[$i]" ;;
			esac
		done
		packages=("${packages[@]}")
	fi
fi

[ "$(id -u)" = 0 ] || { missing=$(missing_packages); [ -z "$missing" ] ||
	die "not root and missing packages: $missing"; }
changed=0
install_packages
shim=1
if dpdk_has_sdk; then
	shim=0
	sdk_state="libdpdk provides the driver SDK itself (no shim)"
	[ -z "$own_dpdk" ] || sdk_state="$sdk_state: DPDK $(pkg-config --modversion libdpdk) of $own_dpdk, not Debian's (run its programs with LD_LIBRARY_PATH=$(pkg-config --variable=libdir libdpdk))"
else
	provide_sdk
	sdk_state="the driver-SDK headers for DPDK $(cat "$sdk_dir/VERSION") are in $sdk_dir/include"
fi
if [ "$changed" = 0 ]; then
	say "nothing to do: all ${#packages[@]} packages are installed and $sdk_state"
elif [ "$shim" = 0 ]; then
	say "$sdk_state"
fi
