#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The ngiface authors
#
# An application of one's own against the installed driver, built with
# nothing but `pkg-config --cflags --libs libngiface`: the tree is
# installed under a prefix of its own (-Dpmd_dir=lib/pmds, so the plugin is
# there too), the application compiled with -Werror and run with
# --vdev=net_ngiface0.  It connects the inet hook to rings of its own, sets
# the started port's link down and up, sends an IPv4 packet and reads the
# hook's counters.  Its RUNPATH names the plugin's directory, and its
# references carry the plugin's symbol version.  Skips where EAL's own
# plugin directory holds an ngiface, which EAL would load besides the one
# the application links.
# Usage: pkgconfig.sh SOURCE_DIR

. "$(dirname "$0")/../lib/verdict.sh"
. "$(dirname "$0")/../lib/eal_run.sh"
src=$1
[ -f "$src/meson.build" ] || { t_fail "no meson.build in '$src'"; exit 1; }
command -v meson >/dev/null || t_skip "meson not on PATH"
command -v pkg-config >/dev/null || t_skip "pkg-config not found"
command -v readelf >/dev/null || t_skip "readelf not found (binutils)"

# shellcheck disable=SC2046
eal_pmd=$(printf '#include <rte_build_config.h>\nRTE_EAL_PMD_PATH\n' |
	cc -E -P $(pkg-config --cflags libdpdk) - 2>/dev/null | tr -d '" ' |
	grep '^/' | tail -n 1)
if [ -n "$eal_pmd" ] && [ -e "$eal_pmd/librte_net_ngiface.so" ]; then
	t_skip "$eal_pmd/librte_net_ngiface.so is installed:" \
		"EAL would load it besides the application's"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ngiface-pkgconfig.XXXXXX") || exit 1
eal_prefix="ngiface-pc-$$"
trap 'rm -rf "$tmp" "${EAL_RUN_DIR:?}/$eal_prefix"' EXIT
prefix=$tmp/prefix

if ! { meson setup --prefix="$prefix" -Dpmd_dir=lib/pmds -Dtests=disabled \
	"$tmp/build" "$src" && ninja -C "$tmp/build" &&
	meson install -C "$tmp/build" --no-rebuild; } \
	>"$tmp/build.out" 2>&1; then
	t_fail "setup, build or install failed"
	tail -n 20 "$tmp/build.out"
	exit 1
fi
# where pkg-config looks by default, for the prefix /usr/local: not beside
# the plugin, in EAL's directory
pc=$(find "$prefix" -name libngiface.pc | head -n 1)
pc_path=:$(pkg-config --variable=pc_path pkg-config):
pcdir=/usr/local${pc#"$prefix"}
pcdir=${pcdir%/*}
t_check "libngiface.pc installed where pkg-config looks (${pc#"$prefix"/})" \
	-n "$pc" -a "${pc_path#*:"$pcdir":}" != "$pc_path"
export PKG_CONFIG_PATH="${pc%/*}${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pmddir=$(pkg-config --variable=pmddir libngiface)
t_check "its pmddir is the plugin's directory (${pmddir:-none})" \
	"$pmddir" = "$prefix/lib/pmds"

cat >"$tmp/app.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ring.h>
#include <rte_pmd_ngiface.h>

/* started, so that the port's link follows link_set */
static int
start(uint16_t port, struct rte_mempool *pool)
{
	struct rte_eth_conf conf = { 0 };

	if (pool == NULL || rte_eth_dev_configure(port, 1, 1, &conf) != 0 ||
	    rte_eth_rx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL, pool) ||
	    rte_eth_tx_queue_setup(port, 0, 64, SOCKET_ID_ANY, NULL) != 0)
		return -1;
	return rte_eth_dev_start(port);
}

/* an IPv4 header behind an Ethernet one: Tx puts it on the inet hook */
static unsigned int
send_ipv4(uint16_t port, struct rte_mempool *pool)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;

	if (m == NULL)
		return 0;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m,
		sizeof(*eth) + sizeof(*ip));
	memset(eth, 0, sizeof(*eth) + sizeof(*ip));
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip));
	if (rte_eth_tx_burst(port, 0, &m, 1) == 1)
		return 1;
	rte_pktmbuf_free(m);
	return 0;
}

int
main(int argc, char **argv)
{
	const enum rte_pmd_ngiface_hook inet = RTE_PMD_NGIFACE_HOOK_INET;
	struct rte_pmd_ngiface_hook_stats st = { .in_packets = 1 };
	struct rte_pmd_ngiface_peer peer = { 0 };
	char name[RTE_PMD_NGIFACE_NAMESIZE] = "";
	struct rte_eth_link link = { 0 };
	struct rte_ring *out, *in;
	struct rte_mempool *pool;
	unsigned int sent;
	uint16_t port = 0;
	int rc[4], up;

	if (rte_eal_init(argc, argv) < 0)
		return 1;
	out = rte_ring_create("app-out", 64, SOCKET_ID_ANY, 0);
	in = rte_ring_create("app-in", 64, SOCKET_ID_ANY, 0);
	pool = rte_pktmbuf_pool_create("app-pool", 1023, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (out == NULL || in == NULL)
		return 1;
	rc[0] = rte_pmd_ngiface_port_by_name("ng0", &port);
	rc[1] = rte_pmd_ngiface_getifname(port, name, sizeof(name));
	rc[2] = rte_pmd_ngiface_connect_rings(port, inet, &out, &in, 1);
	rc[3] = rte_pmd_ngiface_get_peer(port, inet, &peer);
	printf("calls %d %d %d %d, node %s, inet peer %s\n", rc[0], rc[1],
	       rc[2], rc[3], name,
	       peer.kind == RTE_PMD_NGIFACE_PEER_RINGS ? "rings" : "other");
	if (start(port, pool) != 0)
		return 2;
	for (up = 0; up <= 1; up++) {
		rc[0] = rte_pmd_ngiface_link_set(port, up);
		rte_eth_link_get_nowait(port, &link);
		printf("link_set %d: %d, link %s\n", up, rc[0],
		       link.link_status ? "up" : "down");
	}
	sent = send_ipv4(port, pool);
	printf("sent %u, ring holds %u\n", sent, rte_ring_count(out));
	rc[0] = rte_pmd_ngiface_hook_stats_get(port, inet, &st);
	printf("hook_stats_get: %d, out %lu in %lu\n", rc[0],
	       (unsigned long)st.out_packets, (unsigned long)st.in_packets);
	rte_eth_dev_stop(port);
	rte_eal_cleanup();
	return 0;
}
EOF
flags=$(pkg-config --cflags --libs libngiface 2>"$tmp/pc.err")
rc=$?
t_check "pkg-config --cflags --libs libngiface (status $rc)" "$rc" -eq 0
[ "$rc" -eq 0 ] || { cat "$tmp/pc.err"; exit 1; }
# shellcheck disable=SC2086
cc -Wall -Wextra -Werror -o "$tmp/app" "$tmp/app.c" $flags \
	>"$tmp/cc.out" 2>&1
rc=$?
t_check "the application compiles and links with those flags only (status $rc)" \
	"$rc" -eq 0
[ "$rc" -eq 0 ] || { cat "$tmp/cc.out"; exit 1; }
runpath=$(readelf -d "$tmp/app" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]$/\1/p')
t_check "its RUNPATH is the plugin's directory (${runpath:-none})" \
	"$runpath" = "$prefix/lib/pmds"
t_grep "it needs the plugin by its SONAME" \
	'\(NEEDED\).*\[librte_net_ngiface\.so\]' <(readelf -d "$tmp/app")
t_grep "its references carry the plugin's symbol version NGIFACE_1" \
	'Name: NGIFACE_1' <(readelf -V "$tmp/app")

timeout -k 5 30 "$tmp/app" -l 0 --no-huge -m 256 --no-pci \
	--file-prefix="$eal_prefix" --log-level=lib.eal:warning \
	--vdev=net_ngiface0 >"$tmp/app.out" 2>&1
rc=$?
cat "$tmp/app.out"
t_check "the application ran (status $rc)" "$rc" -eq 0
t_grep "the calls answered 0, ng0's inet hook on the application's rings" \
	'^calls 0 0 0 0, node ng0, inet peer rings$' "$tmp/app.out"
t_grep "the started port's link set down" '^link_set 0: 0, link down$' \
	"$tmp/app.out"
t_grep "and up" '^link_set 1: 0, link up$' "$tmp/app.out"
t_grep "an IPv4 packet sent lands in the application's out ring" \
	'^sent 1, ring holds 1$' "$tmp/app.out"
t_grep "the hook's counters say so" '^hook_stats_get: 0, out 1 in 0$' \
	"$tmp/app.out"

t_check "no failure" "$T_FAILS" -eq 0
exit $((T_FAILS != 0))
