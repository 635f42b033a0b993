#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# `meson install`, checked where it lands and then used as a user would,
# without touching the system: the build is installed into a DESTDIR, and
# each run below happens in a mount namespace of its own where EAL's plugin
# directory (RTE_EAL_PMD_PATH, as DPDK's rte_build_config.h gives it) shows
# the DESTDIR's plugin over the real directory's files (overlayfs).
#  - the plugin lands in that directory, the header beside DPDK's headers
#    (an include/dpdk directory), libngiface.pc naming that directory, the
#    relay, ngctl and their pages too;
#  - dpdk-testpmd with two joined nodes and no -d forwards in io mode;
#  - dpdk-pmdinfo.py finds the driver among testpmd's plugins;
#  - an application built against the installed header and plugin (linked
#    to the very file EAL loads) calls the API on a node EAL probed;
#  - the installed relay runs; the build tree's relay refuses to (EAL would
#    load the installed driver besides the one it links).
# Usage: install.sh BUILD_DIR

IT_NAME=install
. "$(dirname "$0")/common.sh"
it_setup

PY=/usr/bin/python3
GEN="$(dirname "$0")/../relay/gen_pcap.py"
root="$IT_TMP/root"
command -v unshare >/dev/null || t_skip "unshare(1) not found"
command -v pkg-config >/dev/null || t_skip "pkg-config not found"
[ -x "$PY" ] || t_skip "$PY not found"

# shellcheck disable=SC2046
pmd=$(printf '#include <rte_build_config.h>\nRTE_EAL_PMD_PATH\n' |
	cc -E -P $(pkg-config --cflags libdpdk) - 2>/dev/null | tr -d '" ' |
	grep '^/' | tail -n 1)
[ -n "$pmd" ] || t_skip "RTE_EAL_PMD_PATH not defined by this DPDK"

meson install -C "$IT_BUILD" --destdir "$root" --no-rebuild \
	>"$IT_TMP/install.out" 2>&1
rc=$?
t_check "meson install --destdir (status $rc)" "$rc" -eq 0
[ "$rc" -eq 0 ] || { cat "$IT_TMP/install.out"; it_done; }

t_check "plugin in EAL's plugin directory $pmd" \
	-f "$root$pmd/librte_net_ngiface.so"
hdr=$(find "$root" -path '*/include/dpdk/rte_pmd_ngiface.h' | head -n 1)
t_check "rte_pmd_ngiface.h in an include/dpdk directory (${hdr#"$root"})" \
	-n "$hdr"
# libngiface.pc (an application built with it: tests/scripts/pkgconfig.sh)
# where pkg-config looks, not beside the plugin, and naming EAL's directory
pc=$(find "$root" -path '*/pkgconfig/libngiface.pc' | head -n 1)
t_check "libngiface.pc installed, not in the plugin directory (${pc#"$root"})" \
	-n "$pc" -a "${pc#"$root$pmd"/}" = "$pc"
pc_pmd=$(PKG_CONFIG_PATH="${pc%/*}${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
	pkg-config --variable=pmddir libngiface 2>/dev/null)
t_check "its pmddir is that directory (${pc_pmd:-none})" "$pc_pmd" = "$pmd"
relay=$(find "$root" -path '*/bin/ngiface-relay' -type f | head -n 1)
t_check "ngiface-relay installed (${relay#"$root"})" -n "$relay"
t_check "ngctl installed" -n "$(find "$root" -path '*/bin/ngctl' -type f)"
t_check "both manual pages installed" \
	"$(find "$root" -path '*/man8/*.8' | wc -l)" -eq 2
if [ -z "$hdr" ] || [ -z "$relay" ]; then it_done; fi

# in_ns CMD ARGS...: CMD where EAL's plugin directory also holds the
# DESTDIR's plugin, and nothing of the build tree is on the library path:
# only the libdir of the DPDK built against (a DPDK of one's own is found
# there only; for Debian's the loader's own path).
dpdk_lib=$(pkg-config --variable=libdir libdpdk)
cat >"$IT_TMP/in_ns" <<EOF
#!/bin/bash
export LD_LIBRARY_PATH=$(printf '%q' "$dpdk_lib")
exec unshare -m --propagation private /bin/bash -c '
	mount -t overlay ngiface-it -o "lowerdir=\$1:\$2" "\$2" || exit 99
	shift 2
	exec "\$@"' in_ns "$root$pmd" "$pmd" "\$@"
EOF
chmod +x "$IT_TMP/in_ns"
"$IT_TMP/in_ns" true 2>"$IT_TMP/ns.err" ||
	t_skip "no overlay mount in a mount namespace here:" \
		"$(tr '\n' ' ' <"$IT_TMP/ns.err")"

# ---- testpmd, no -d -------------------------------------------------------
testpmd_bin=$IT_TESTPMD
printf '#!/bin/bash\nexec "%s" "%s" "$@"\n' "$IT_TMP/in_ns" "$IT_TESTPMD" \
	>"$IT_TMP/testpmd"
chmod +x "$IT_TMP/testpmd"
IT_TESTPMD="$IT_TMP/testpmd"
out="$IT_TMP/testpmd.out"
it_run_timed "$out" 6 -l 0-1 --no-huge -m 512 --no-pci \
	--file-prefix="$IT_PREFIX" \
	--vdev=net_ngiface0 --vdev=net_ngiface1,inet=ng0:inet,inet6=ng0:inet6 \
	-- --total-num-mbufs=16384 --forward-mode=io --tx-first --stats-period 1
it_check_clean_exit
for p in 0 1; do
	rx=$(it_fwd_stat $p RX-packets)
	t_check "testpmd without -d: port $p RX-packets $rx > 0" "$rx" -gt 0
done

# ---- dpdk-pmdinfo.py, searching testpmd's plugin directory --------------
# by the python checked for elftools, not the script's "env python3"
if command -v dpdk-pmdinfo.py >/dev/null && "$PY" -c 'import elftools' 2>/dev/null; then
	"$IT_TMP/in_ns" timeout -k 3 60 "$PY" "$(command -v dpdk-pmdinfo.py)" \
		-p "$testpmd_bin" \
		>"$IT_TMP/pmdinfo.json" 2>&1
	n=$("$PY" -c 'import json, sys
print(sum(r.get("name") == "net_ngiface" for r in json.load(open(sys.argv[1]))))' \
		"$IT_TMP/pmdinfo.json" 2>/dev/null)
	t_check "dpdk-pmdinfo.py -p $testpmd_bin lists net_ngiface once (${n:-none})" \
		"${n:-0}" -eq 1
else
	echo "note: dpdk-pmdinfo.py or python3-pyelftools missing: its check skipped"
fi

# ---- an application on the installed header and plugin ------------------
cat >"$IT_TMP/app.c" <<'EOF'
#include <stdio.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_pmd_ngiface.h>

int
main(int argc, char **argv)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t port;
	uint32_t ifindex;

	if (rte_eal_init(argc, argv) < 0)
		return 1;
	if (rte_pmd_ngiface_port_by_name("ng0", &port) != 0 ||
	    rte_pmd_ngiface_getifname(port, name, sizeof(name)) != 0 ||
	    rte_pmd_ngiface_getifindex(port, &ifindex) != 0)
		return 2;
	printf("node %s ifindex %u ports %u\n", name, (unsigned int)ifindex,
	       (unsigned int)rte_eth_dev_count_avail());
	rte_eal_cleanup();
	return 0;
}
EOF
# shellcheck disable=SC2046
cc -Wall -Wextra -Werror -o "$IT_TMP/app" "$IT_TMP/app.c" \
	-I"$(dirname "$hdr")" $(pkg-config --cflags libdpdk) \
	-L"$root$pmd" -lrte_net_ngiface -Wl,-rpath,"$pmd" \
	$(pkg-config --libs libdpdk) >"$IT_TMP/cc.out" 2>&1
rc=$?
t_check "an application compiles and links against the install (status $rc)" \
	"$rc" -eq 0
[ "$rc" -eq 0 ] || cat "$IT_TMP/cc.out"
timeout -k 3 20 "$IT_TMP/in_ns" "$IT_TMP/app" -l 0 --no-huge -m 256 \
	--no-pci --file-prefix="$IT_PREFIX" --log-level=lib.eal:warning \
	--vdev=net_ngiface0 >"$IT_TMP/app.out" 2>&1
rc=$?
rm -rf "/var/run/dpdk/$IT_PREFIX"
cat "$IT_TMP/app.out"
t_check "the application ran (status $rc)" "$rc" -eq 0
t_grep "the API answers on the node EAL probed, one port" \
	'^node ng0 ifindex [0-9]+ ports 1$' "$IT_TMP/app.out"

# ---- the relay, installed and from the build tree -------------------------
# 12 IPv4, 8 IPv6 and 1 ARP frame
"$PY" "$GEN" eth "$IT_TMP/eth.pcap" 12 8 1 || t_fail "gen_pcap.py failed"
# shellcheck disable=SC2054
relay_args=(-l 0-1 --file-prefix="$IT_PREFIX" --log-level=lib.eal:warning
	--vdev=net_ngiface0 --vdev=net_pcap0,rx_pcap="$IT_TMP/eth.pcap"
	-- --stack ng0=net_pcap0@1 --ctl none)
# --preserve-status: the relay's own status (timeout's 124 says only that
# the time ran out, whatever the relay then did); the "stopping" line says
# that the SIGINT, not an end of its own, stopped it
timeout --preserve-status -s INT -k 3 3 "$IT_TMP/in_ns" "$relay" \
	"${relay_args[@]}" >"$IT_TMP/relay.out" 2>&1
rc=$?
rm -rf "/var/run/dpdk/$IT_PREFIX"
t_check "installed relay: exit 0 at SIGINT (status $rc)" "$rc" -eq 0
t_grep "installed relay: ran" 'relay running' "$IT_TMP/relay.out"
t_grep "installed relay: ran until the SIGINT stopped it" \
	'^stopping: draining the links$' "$IT_TMP/relay.out"
t_grep "installed relay: all 21 frames into ng0, totals balance" \
	'^total link 0 .* in: 21 = delivered 21 .* ok$' "$IT_TMP/relay.out"
[ "$T_FAILS" -eq 0 ] || cat "$IT_TMP/relay.out"
timeout -s INT -k 3 10 "$IT_TMP/in_ns" \
	"$IT_BUILD/app/ngiface-relay/ngiface-relay" "${relay_args[@]}" \
	>"$IT_TMP/relay-build.out" 2>&1
rc=$?
rm -rf "/var/run/dpdk/$IT_PREFIX"
t_check "build-tree relay refuses beside the installed driver (status $rc)" \
	"$rc" -eq 1
t_grep "build-tree relay: says why" \
	'librte_net_ngiface.so is installed and EAL would load it besides' \
	"$IT_TMP/relay-build.out"
it_done
