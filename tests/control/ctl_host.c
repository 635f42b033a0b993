/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Test host for the control socket: EAL with net_ngiface nodes, the control
 * server on an EAL control thread, until SIGTERM/SIGINT.
 *
 *   ctl_host <EAL args> -- -s SOCKET [-m MODE] [-u UID] [-S NODE]... [-T] [-P]
 *
 * -S NODE starts that node (1 queue pair); -T sends 4 IPv4 packets on the
 * first started node every 10 ms and receives on every started node, so
 * hook counters in "ngctl status" show traffic start and stop.  -P gives
 * the control plane a guard that can pause that traffic loop, so that
 * point2point/broadcast restart a started node instead of answering EBUSY.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "rte_pmd_ngiface.h"
#include "ngc_control.h"

#define HOST_MAX_STARTED 8
#define HOST_BURST 4

static volatile sig_atomic_t host_stop;
static struct rte_mempool *host_pool;
static uint16_t host_started[HOST_MAX_STARTED];
static unsigned int host_nb_started;

/* -P: the control thread asks (pause_req), the main loop answers (paused) */
static int host_pause_req, host_paused;

static int
host_pause(void *arg, uint16_t port, bool paused)
{
	static unsigned int pauses;
	int i;

	(void)arg;
	if (paused) {
		/* the test counts these: a pause is a restart of the port */
		printf("ctl_host: pause %u of port %u\n", ++pauses, port);
		fflush(stdout);
	}
	__atomic_store_n(&host_pause_req, paused, __ATOMIC_RELEASE);
	for (i = 0; i < 100; i++) {
		if (__atomic_load_n(&host_paused, __ATOMIC_ACQUIRE) == paused)
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/* The main loop's side: no burst while the control thread holds a pause. */
static bool
host_pause_point(void)
{
	int req = __atomic_load_n(&host_pause_req, __ATOMIC_ACQUIRE);

	__atomic_store_n(&host_paused, req, __ATOMIC_RELEASE);
	return req != 0;
}

static void
on_signal(int sig)
{
	(void)sig;
	host_stop = 1;
}

static int
start_node(const char *name)
{
	struct rte_eth_conf conf;
	uint16_t port;
	int ret;

	ret = rte_pmd_ngiface_port_by_name(name, &port);
	if (ret != 0 || host_nb_started == HOST_MAX_STARTED)
		return ret ? ret : -ENOSPC;
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, 256, rte_socket_id(),
					     NULL, host_pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, 256, rte_socket_id(),
					     NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret == 0)
		host_started[host_nb_started++] = port;
	return ret;
}

static struct rte_mbuf *
make_ipv4(void)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(host_pool);
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	uint16_t len = sizeof(*eth) + sizeof(*ip) + 32;

	if (m == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, len);
	memset(eth, 0, len);
	eth->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eth + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(len - sizeof(*eth));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = RTE_BE32(0xc0000201);	/* 192.0.2.1 */
	ip->dst_addr = RTE_BE32(0xc6336401);	/* 198.51.100.1 */
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return m;
}

static void
traffic_tick(void)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, n, k;
	uint16_t port, sent;

	for (i = 0; i < host_nb_started; i++) {
		port = host_started[i];
		if (!rte_eth_dev_is_valid_port(port))
			continue;
		n = rte_eth_rx_burst(port, 0, pkts, 32);
		rte_pktmbuf_free_bulk(pkts, n);
	}
	if (host_nb_started == 0 ||
	    !rte_eth_dev_is_valid_port(host_started[0]))
		return;
	for (k = 0; k < HOST_BURST; k++) {
		pkts[k] = make_ipv4();
		if (pkts[k] == NULL)
			break;
	}
	sent = rte_eth_tx_burst(host_started[0], 0, pkts, (uint16_t)k);
	rte_pktmbuf_free_bulk(&pkts[sent], k - sent);
}

static int
parse_host_args(int argc, char **argv, struct ngc_server_conf *conf,
		int *traffic, bool *pausable)
{
	int ch, ret;

	while ((ch = getopt(argc, argv, "s:m:u:S:TP")) != -1) {
		switch (ch) {
		case 's':
			conf->path = optarg;
			break;
		case 'm':
			conf->mode = (mode_t)strtoul(optarg, NULL, 8);
			break;
		case 'u':
			conf->uid = (uid_t)strtoul(optarg, NULL, 0);
			conf->allow_uid = 1;
			break;
		case 'S':
			ret = start_node(optarg);
			if (ret != 0) {
				fprintf(stderr, "ctl_host: start %s: %s\n",
					optarg, strerror(-ret));
				return -1;
			}
			break;
		case 'T':
			*traffic = 1;
			break;
		case 'P':
			*pausable = true;
			break;
		default:
			return -1;
		}
	}
	return conf->path != NULL ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct ngc_node_guard guard = { .pause = host_pause };
	struct ngc_server_conf conf;
	struct ngc_control *ctl = NULL;
	int n, ret, traffic = 0;
	bool pausable = false;

	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "ctl_host: EAL init failed\n");
		return 1;
	}
	host_pool = rte_pktmbuf_pool_create("ctl_host", 2047, 64, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE,
					    rte_socket_id());
	memset(&conf, 0, sizeof(conf));
	argv[n] = argv[0];
	optind = 0;
	if (host_pool == NULL ||
	    parse_host_args(argc - n, argv + n, &conf, &traffic,
			    &pausable) != 0) {
		fprintf(stderr, "usage: ctl_host <EAL args> -- -s SOCKET "
			"[-m MODE] [-u UID] [-S NODE]... [-T] [-P]\n");
		rte_eal_cleanup();
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	ret = ngc_control_start(&conf, pausable ? &guard : NULL, &ctl);
	if (ret != 0) {
		fprintf(stderr, "ctl_host: %s: %s\n", conf.path, strerror(-ret));
		rte_eal_cleanup();
		return 1;
	}
	printf("ctl_host: serving %s\n", conf.path);
	fflush(stdout);
	while (!host_stop) {
		if (!host_pause_point() && traffic)
			traffic_tick();
		usleep(10000);
	}
	ngc_control_stop(ctl);
	rte_eal_cleanup();
	return 0;
}
