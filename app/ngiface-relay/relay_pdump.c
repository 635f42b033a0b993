/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * dpdk-dumpcap interop: the relay serves rte_pdump requests, so
 * "dpdk-dumpcap -i ngN" (a secondary process) records the Ethernet-level
 * packets of any port.  DPDK 22.11's pcapng clock starts at the first
 * rte_pcapng_copy(): a pdump callback's first timestamps would be ~2^64 /
 * tsc_hz seconds off.  One warm-up copy at start-up sets the clock.
 * The warm-up's own timestamp must lie after the moment the clock is set
 * inside that call (a TSC value read before it gives a negative delta that
 * corrupts the clock for good): it is given one millisecond ahead.
 */

#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_pcapng.h>
#include <rte_pdump.h>

#include "relay.h"
#include "relay_capture.h"

#define WARMUP_LEN 64

static bool pdump_on;

static void
pcapng_warmup(void)
{
	char why[RELAY_STRERROR_LEN];
	struct rte_mempool *mp;
	struct rte_mbuf *m, *c;
	uint16_t port;
	char *p;

	port = rte_eth_find_next(0);
	if (port >= RTE_MAX_ETHPORTS)
		return;		/* no port: no pdump either */
	mp = rte_pktmbuf_pool_create("pcapng_warmup", 7, 0, 0,
				     rte_pcapng_mbuf_size(WARMUP_LEN),
				     rte_socket_id());
	if (mp == NULL) {
		fprintf(stderr, "warning: pcapng clock warm-up: %s\n",
			relay_strerror(rte_errno, why, sizeof(why)));
		return;
	}
	m = rte_pktmbuf_alloc(mp);
	p = m != NULL ? rte_pktmbuf_append(m, WARMUP_LEN) : NULL;
	if (p != NULL) {
		memset(p, 0, WARMUP_LEN);
		c = rte_pcapng_copy(port, 0, m, mp, WARMUP_LEN,
				    rte_get_tsc_cycles() +
				    rte_get_tsc_hz() / 1000,
				    RTE_PCAPNG_DIRECTION_UNKNOWN);
		rte_pktmbuf_free(c);
	}
	rte_pktmbuf_free(m);
	rte_mempool_free(mp);
}

/* A relay without pdump still relays: a failure is a warning, no more. */
void
relay_pdump_init(void)
{
	char why[RELAY_STRERROR_LEN];

	pcapng_warmup();
	if (rte_pdump_init() != 0) {
		fprintf(stderr, "warning: rte_pdump_init: %s; dpdk-dumpcap will not attach\n",
			relay_strerror(rte_errno, why, sizeof(why)));
		return;
	}
	pdump_on = true;
}

void
relay_pdump_fini(void)
{
	if (pdump_on)
		rte_pdump_uninit();
	pdump_on = false;
}
