/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * hop_bench: the cost of one ngiface hop against one net_ring hop.
 *
 * ngiface hop: Tx on node hbA, whose inet and inet6 hooks are joined to
 * node hbB's, Rx on hbB.  net_ring hop: two rte_eth_from_rings() ports over
 * one ring, Tx on the first, Rx on the second.  Both hops run on one lcore,
 * Tx burst then Rx burst, over a working set of mbufs larger than the L2
 * cache (64k mbufs of 128-byte frames by default: Ethernet + IPv4/UDP or
 * Ethernet + IPv6/UDP, valid headers and checksums), walked round-robin a
 * burst at a time.
 *
 * Modes:
 *   bare   the hop alone (what testpmd io mode adds on top of the driver);
 *   touch  after Rx the application rewrites both MAC addresses, as
 *          testpmd mac mode does.
 * Family layouts of the working set:
 *   burst  each burst of 32 is one family, IPv4 and IPv6 bursts alternate;
 *   packet IPv4 and IPv6 alternate packet by packet.
 *
 * The plugin is loaded by the EAL arguments (-d .../librte_net_ngiface.so);
 * scripts/bench.sh runs it.
 *
 * Usage: hop_bench [EAL args] -- [-n MBUFS] [-t SECONDS] [-r ROUNDS]
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_eth_ring.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_udp.h>

#define BURST 32u
#define FRAME_LEN 128u
#define RING_SIZE 1024
#define MAX_ROUNDS 32u

enum hb_mode { HB_BARE, HB_TOUCH };
enum hb_layout { HB_BY_BURST, HB_BY_PACKET };

static const char *const hb_mode_name[] = { "bare", "touch" };
static const char *const hb_layout_name[] = { "burst", "packet" };

struct hb_hop {
	const char *name;
	uint16_t tx_port;
	uint16_t rx_port;
};

static unsigned int hb_nb_mbufs = 65536;
static double hb_seconds = 0.5;
static unsigned int hb_rounds = 3;
static struct rte_mbuf **hb_work;

static const struct rte_ether_addr hb_mac_a = {
	.addr_bytes = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a } };
static const struct rte_ether_addr hb_mac_b = {
	.addr_bytes = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b } };

/************************************************************************
			PACKETS
 ************************************************************************/

static void
hb_fill_ipv4(struct rte_mbuf *m, unsigned int i)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t l3_len = FRAME_LEN - sizeof(*eth);

	rte_ether_addr_copy(&hb_mac_b, &eth->dst_addr);
	rte_ether_addr_copy(&hb_mac_a, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(l3_len);
	ip->packet_id = rte_cpu_to_be_16(i & 0xffff);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(192, 0, 2, 1 + i % 200));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198, 51, 100, 1 + i % 200));
	udp->src_port = rte_cpu_to_be_16(1024 + i % 60000);
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16(l3_len - sizeof(*ip));
	memset(udp + 1, 0xa5, l3_len - sizeof(*ip) - sizeof(*udp));
	udp->dgram_cksum = 0;
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

static void
hb_fill_ipv6(struct rte_mbuf *m, unsigned int i)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	uint16_t l4_len = FRAME_LEN - sizeof(*eth) - sizeof(*ip);
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2 };

	rte_ether_addr_copy(&hb_mac_b, &eth->dst_addr);
	rte_ether_addr_copy(&hb_mac_a, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
	memset(ip, 0, sizeof(*ip));
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->payload_len = rte_cpu_to_be_16(l4_len);
	ip->proto = IPPROTO_UDP;
	ip->hop_limits = 64;
	memcpy(ip->src_addr, src, sizeof(src));
	memcpy(ip->dst_addr, dst, sizeof(dst));
	ip->src_addr[15] = 1 + i % 200;
	ip->dst_addr[15] = 1 + i % 200;
	udp->src_port = rte_cpu_to_be_16(1024 + i % 60000);
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16(l4_len);
	memset(udp + 1, 0x5a, l4_len - sizeof(*udp));
	udp->dgram_cksum = 0;
	udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
}

/* IPv6 or not, for slot i under a layout. */
static int
hb_is_v6(enum hb_layout layout, unsigned int i)
{
	return layout == HB_BY_BURST ? (i / BURST) & 1 : i & 1;
}

static void
hb_fill(enum hb_layout layout)
{
	struct rte_mbuf *m;
	unsigned int i;

	for (i = 0; i < hb_nb_mbufs; i++) {
		m = hb_work[i];
		rte_pktmbuf_reset(m);
		if (rte_pktmbuf_append(m, FRAME_LEN) == NULL)
			rte_exit(EXIT_FAILURE, "mbuf data room too small\n");
		if (hb_is_v6(layout, i))
			hb_fill_ipv6(m, i);
		else
			hb_fill_ipv4(m, i);
	}
}

/* Every mbuf must still be a well-formed frame of the family it had. */
static int
hb_verify(enum hb_layout layout)
{
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip4;
	struct rte_ipv4_hdr copy;
	unsigned int i;
	uint16_t type;

	for (i = 0; i < hb_nb_mbufs; i++) {
		eth = rte_pktmbuf_mtod(hb_work[i], const struct rte_ether_hdr *);
		type = rte_be_to_cpu_16(eth->ether_type);
		if (hb_work[i]->pkt_len != FRAME_LEN ||
		    type != (hb_is_v6(layout, i) ? RTE_ETHER_TYPE_IPV6 :
			     RTE_ETHER_TYPE_IPV4)) {
			fprintf(stderr, "mbuf %u: len %u type 0x%04x\n", i,
				hb_work[i]->pkt_len, type);
			return -1;
		}
		if (type == RTE_ETHER_TYPE_IPV4) {
			ip4 = (const struct rte_ipv4_hdr *)(eth + 1);
			copy = *ip4;
			copy.hdr_checksum = 0;
			if (rte_ipv4_cksum(&copy) != ip4->hdr_checksum) {
				fprintf(stderr, "mbuf %u: bad IPv4 checksum\n",
					i);
				return -1;
			}
		}
	}
	return 0;
}

/************************************************************************
			PORTS
 ************************************************************************/

static void
hb_port_start(uint16_t port, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, RING_SIZE,
					     rte_eth_dev_socket_id(port), NULL,
					     mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, RING_SIZE,
					     rte_eth_dev_socket_id(port), NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret != 0)
		rte_exit(EXIT_FAILURE, "port %u: %s\n", port, strerror(-ret));
}

static uint16_t
hb_port_by_name(const char *name)
{
	uint16_t port;

	if (rte_eth_dev_get_port_by_name(name, &port) != 0)
		rte_exit(EXIT_FAILURE, "no port %s\n", name);
	return port;
}

static void
hb_ngiface_pair(struct hb_hop *hop)
{
	if (rte_dev_probe("net_ngiface_hb0,iface=hbA") != 0 ||
	    rte_dev_probe("net_ngiface_hb1,iface=hbB,inet=hbA:inet,"
			  "inet6=hbA:inet6") != 0)
		rte_exit(EXIT_FAILURE,
			 "cannot create net_ngiface nodes (plugin loaded? -d)\n");
	hop->name = "ngiface";
	hop->tx_port = hb_port_by_name("hbA");
	hop->rx_port = hb_port_by_name("hbB");
}

static void
hb_ring_pair(struct hb_hop *hop)
{
	struct rte_ring *r, *unused;
	int a, b;

	/* single producer and consumer, as the ngiface hook rings */
	r = rte_ring_create("hb_hop", RING_SIZE, rte_socket_id(),
			    RING_F_SP_ENQ | RING_F_SC_DEQ);
	unused = rte_ring_create("hb_unused", RING_SIZE, rte_socket_id(),
				 RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (r == NULL || unused == NULL)
		rte_exit(EXIT_FAILURE, "rings: %s\n", rte_strerror(rte_errno));
	a = rte_eth_from_rings("hb_ringA", &unused, 1, &r, 1,
			       rte_socket_id());
	b = rte_eth_from_rings("hb_ringB", &r, 1, &unused, 1,
			       rte_socket_id());
	if (a < 0 || b < 0)
		rte_exit(EXIT_FAILURE, "rte_eth_from_rings: %s\n",
			 rte_strerror(rte_errno));
	hop->name = "net_ring";
	hop->tx_port = a;
	hop->rx_port = b;
}

/************************************************************************
			MEASURE
 ************************************************************************/

/* What testpmd mac mode does to each packet it forwards. */
static inline void
hb_touch(struct rte_mbuf **pkts, uint16_t n)
{
	struct rte_ether_hdr *eth;
	uint16_t i;

	for (i = 0; i < n; i++) {
		eth = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		rte_ether_addr_copy(&hb_mac_b, &eth->dst_addr);
		rte_ether_addr_copy(&hb_mac_a, &eth->src_addr);
		pkts[i]->l2_len = sizeof(*eth);
	}
}

/*
 * One hop per burst: Tx a slice of the working set, Rx it on the other
 * side.  The hop hands back the very mbufs it took (in another order for
 * ngiface, which serves inet and inet6 separately), so the working set
 * stays what it is.  Returns Mpps, or a negative value on a lost packet.
 */
static double
hb_run(const struct hb_hop *hop, enum hb_mode mode, double seconds)
{
	struct rte_mbuf *rx[BURST];
	const uint64_t hz = rte_get_tsc_hz();
	uint64_t start, stop, now, pkts = 0;
	unsigned int idx = 0, k;
	uint16_t n, m;

	start = rte_rdtsc();
	stop = start + (uint64_t)(seconds * hz);
	do {
		for (k = 0; k < 256; k++) {
			n = rte_eth_tx_burst(hop->tx_port, 0, &hb_work[idx],
					     BURST);
			m = rte_eth_rx_burst(hop->rx_port, 0, rx, BURST);
			if (unlikely(n != BURST || m != n)) {
				fprintf(stderr, "%s: sent %u of %u, received %u\n",
					hop->name, n, BURST, m);
				return -1;
			}
			if (mode == HB_TOUCH)
				hb_touch(rx, m);
			pkts += m;
			idx += BURST;
			if (idx >= hb_nb_mbufs)
				idx = 0;
		}
		now = rte_rdtsc();
	} while (now < stop);
	return (double)pkts * hz / (double)(now - start) / 1e6;
}

static int
hb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
hb_median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), hb_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Alternate the two hops round by round; report the medians. */
static int
hb_compare(const struct hb_hop *ng, const struct hb_hop *ring,
	   enum hb_layout layout, enum hb_mode mode)
{
	double ng_mpps[MAX_ROUNDS], ring_mpps[MAX_ROUNDS], a, b;
	unsigned int r;

	hb_fill(layout);
	/* warm-up pass over the whole working set, then check it */
	if (hb_run(ng, mode, 0.05) < 0 || hb_run(ring, mode, 0.05) < 0)
		return -1;
	if (hb_verify(layout) != 0)
		return -1;
	for (r = 0; r < hb_rounds; r++) {
		ng_mpps[r] = hb_run(ng, mode, hb_seconds);
		ring_mpps[r] = hb_run(ring, mode, hb_seconds);
		if (ng_mpps[r] < 0 || ring_mpps[r] < 0)
			return -1;
	}
	if (hb_verify(layout) != 0)
		return -1;
	a = hb_median(ng_mpps, hb_rounds);
	b = hb_median(ring_mpps, hb_rounds);
	printf("hop %-5s %-6s ngiface %8.2f Mpps  net_ring %8.2f Mpps  ratio %.3f\n",
	       hb_mode_name[mode], hb_layout_name[layout], a, b, a / b);
	return 0;
}

static void
hb_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL args] -- [-n MBUFS] [-t SECONDS] [-r ROUNDS]\n"
		"  -n  working set, mbufs (default 65536, >= %u)\n"
		"  -t  seconds per measurement (default 0.5)\n"
		"  -r  rounds, median reported (default 3, <= %u)\n",
		prog, 2 * BURST, MAX_ROUNDS);
}

static int
hb_parse(int argc, char **argv)
{
	char *end;
	int opt;

	while ((opt = getopt(argc, argv, "n:t:r:h")) != -1) {
		switch (opt) {
		case 'n':
			hb_nb_mbufs = strtoul(optarg, &end, 0);
			if (*end != '\0' || hb_nb_mbufs < 2 * BURST)
				return -1;
			/* whole bursts only */
			hb_nb_mbufs -= hb_nb_mbufs % (2 * BURST);
			break;
		case 't':
			hb_seconds = strtod(optarg, &end);
			if (*end != '\0' || hb_seconds <= 0)
				return -1;
			break;
		case 'r':
			hb_rounds = strtoul(optarg, &end, 0);
			if (*end != '\0' || hb_rounds == 0 ||
			    hb_rounds > MAX_ROUNDS)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct hb_hop ng, ring;
	struct rte_mempool *mp;
	int ret, l, m;

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL init failed\n");
	argc -= ret;
	argv += ret;
	if (hb_parse(argc, argv) != 0) {
		hb_usage("hop_bench");
		rte_eal_cleanup();
		return EXIT_FAILURE;
	}

	/* the working set plus one burst of slack per port, no cache */
	mp = rte_pktmbuf_pool_create("hb_pool", hb_nb_mbufs + 4 * BURST, 0, 0,
				     RTE_PKTMBUF_HEADROOM + FRAME_LEN,
				     rte_socket_id());
	hb_work = calloc(hb_nb_mbufs, sizeof(*hb_work));
	if (mp == NULL || hb_work == NULL)
		rte_exit(EXIT_FAILURE, "mempool of %u mbufs: %s\n",
			 hb_nb_mbufs, rte_strerror(rte_errno));
	if (rte_pktmbuf_alloc_bulk(mp, hb_work, hb_nb_mbufs) != 0)
		rte_exit(EXIT_FAILURE, "cannot allocate the working set\n");

	hb_ngiface_pair(&ng);
	hb_ring_pair(&ring);
	hb_port_start(ng.tx_port, mp);
	hb_port_start(ng.rx_port, mp);
	hb_port_start(ring.tx_port, mp);
	hb_port_start(ring.rx_port, mp);

	printf("hop_bench: %u mbufs x %u-byte frames (%.1f MiB of mbufs), "
	       "burst %u, %u x %.2f s per figure, lcore %u\n",
	       hb_nb_mbufs, FRAME_LEN,
	       (double)hb_nb_mbufs * rte_mempool_calc_obj_size(
			mp->elt_size, mp->flags, NULL) / (1 << 20),
	       BURST, hb_rounds, hb_seconds, rte_lcore_id());
	ret = 0;
	for (m = HB_BARE; m <= HB_TOUCH && ret == 0; m++)
		for (l = HB_BY_BURST; l <= HB_BY_PACKET && ret == 0; l++)
			ret = hb_compare(&ng, &ring, l, m);

	rte_eth_dev_stop(ng.tx_port);
	rte_eth_dev_stop(ng.rx_port);
	rte_eth_dev_stop(ring.tx_port);
	rte_eth_dev_stop(ring.rx_port);
	rte_eth_dev_close(ng.tx_port);
	rte_eth_dev_close(ng.rx_port);
	rte_eth_dev_close(ring.tx_port);
	rte_eth_dev_close(ring.rx_port);
	rte_pktmbuf_free_bulk(hb_work, hb_nb_mbufs);
	free(hb_work);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
