/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Statistics: the periodic rates (per link, per node and hook, per port:
 * packets/s, bits/s, drops by cause), the totals at exit (with the
 * balance in = delivered + drops by cause, per link and direction), the
 * nodes' hook counters, and the same numbers through rte_telemetry:
 *   /ngiface/links        every link, its counters
 *   /ngiface/link,N       link N
 *   /ngiface/nodes        the hook counters of every node of the process
 *   /ngiface/node,X       node X (a name, else a port id)
 */

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_telemetry.h>

#include "relay.h"

static const struct relay_config *stats_cfg;
/* The links' counters at the last period, in and out. */
static struct relay_dir_stats link_last[RELAY_MAX_LINKS][2];

static void
snap(const struct relay_dir_stats *s, struct relay_dir_stats *d)
{
	int i;

	d->packets = __atomic_load_n(&s->packets, __ATOMIC_RELAXED);
	d->delivered = __atomic_load_n(&s->delivered, __ATOMIC_RELAXED);
	for (i = 0; i < RELAY_DROP_MAX; i++)
		d->drop[i] = __atomic_load_n(&s->drop[i], __ATOMIC_RELAXED);
}

static uint64_t
drops(const struct relay_dir_stats *s)
{
	uint64_t t = 0;
	int i;

	for (i = 0; i < RELAY_DROP_MAX; i++)
		t += s->drop[i];
	return t;
}

static void
print_drops(const struct relay_dir_stats *s, const struct relay_dir_stats *prev)
{
	int i;

	for (i = 0; i < RELAY_DROP_MAX; i++) {
		uint64_t v = s->drop[i] - (prev != NULL ? prev->drop[i] : 0);

		if (v != 0)
			printf(" %s %" PRIu64, relay_drop_name(i), v);
	}
}

/*
 * The previous period's counters of one ethdev (a node or a link's port),
 * by port id.  name tells a port id reused by another device from the one
 * seen last period, but not a node shut down and made again: mkpeer takes
 * the lowest free port id and vdev name, so the new node is the old one's
 * port under the old one's name.  That costs nothing here: only a node no
 * link polls can be shut down, and such a node is never configured (the
 * relay sets up the links' ports alone), so nothing bursts on it, in this
 * process or in a secondary, and its counters stay 0 from its making to
 * its end (what its peers send it counts on their hooks: ring_full,
 * flushed).  A relay that polled nodes made while it runs would have to
 * learn of the reuse (RTE_ETH_EVENT_DESTROY) and count the new node from 0.
 */
#define NODE_DROPS_MAX 8
struct port_snap {
	char name[RTE_ETH_NAME_MAX_LEN];	/* ethdev name, "": not seen */
	char label[RTE_ETH_NAME_MAX_LEN];	/* printed: a node's ifname */
	struct rte_eth_stats st;
	struct rte_pmd_ngiface_hook_stats hs[RTE_PMD_NGIFACE_HOOK_MAX];
	bool hs_ok[RTE_PMD_NGIFACE_HOOK_MAX];
	/* a node's own drop causes: its xstats tx_drop_*, rx_drop_* */
	char drop_name[NODE_DROPS_MAX][RTE_ETH_XSTATS_NAME_SIZE];
	uint64_t drop[NODE_DROPS_MAX];
	unsigned int nb_drops;
};

static struct port_snap port_last[RTE_MAX_ETHPORTS];

/* A counter's growth over the period; a reset counter counts from 0. */
static inline uint64_t
delta(uint64_t cur, uint64_t prev)
{
	return cur >= prev ? cur - prev : cur;
}

/* "N pkt/s M Mbit/s", as the link lines print them */
static void
print_rate(uint64_t pkts, uint64_t bytes, double secs)
{
	printf("%.0f pkt/s %.3f Mbit/s", pkts / secs, bytes * 8 / secs / 1e6);
}

/* Drops by cause, the nonzero ones: ", drops N cause n cause n", no '\n' */
static void
print_causes(unsigned int nb, const char *const *name, const uint64_t *v)
{
	uint64_t t = 0;
	unsigned int i;

	for (i = 0; i < nb; i++)
		t += v[i];
	printf(", drops %" PRIu64, t);
	for (i = 0; i < nb; i++)
		if (v[i] != 0)
			printf(" %s %" PRIu64, name[i], v[i]);
}

/* A port's xstats with their names, read in one go (main lcore only). */
struct xstats_set {
	int n;
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *xs;
};

static void
xstats_free(struct xstats_set *x)
{
	free(x->names);
	free(x->xs);
	x->names = NULL;
	x->xs = NULL;
	x->n = 0;
}

/* 0 and x filled, or -1 and x empty. */
static int
xstats_read(uint16_t port, struct xstats_set *x)
{
	x->n = rte_eth_xstats_get_names(port, NULL, 0);
	x->names = x->n > 0 ? calloc(x->n, sizeof(*x->names)) : NULL;
	x->xs = x->n > 0 ? calloc(x->n, sizeof(*x->xs)) : NULL;
	if (x->names != NULL && x->xs != NULL &&
	    rte_eth_xstats_get_names(port, x->names, x->n) == x->n &&
	    rte_eth_xstats_get(port, x->xs, x->n) == x->n)
		return 0;
	xstats_free(x);
	return -1;
}

/* Name of the i-th value, or NULL when its id is out of range. */
static const char *
xstats_name(const struct xstats_set *x, int i)
{
	if (x->xs[i].id >= (uint64_t)x->n)
		return NULL;
	return x->names[x->xs[i].id].name;
}

/* Read a node's own drop causes (the xstats named tx_drop_*, rx_drop_*). */
static void
node_drops(uint16_t port, struct port_snap *s)
{
	struct xstats_set x;
	const char *nm;
	int i;

	s->nb_drops = 0;
	if (xstats_read(port, &x) != 0)
		return;
	for (i = 0; i < x.n && s->nb_drops < NODE_DROPS_MAX; i++) {
		nm = xstats_name(&x, i);
		if (nm == NULL || (strncmp(nm, "tx_drop_", 8) != 0 &&
				   strncmp(nm, "rx_drop_", 8) != 0))
			continue;
		snprintf(s->drop_name[s->nb_drops], sizeof(s->drop_name[0]),
			 "%s", nm);
		s->drop[s->nb_drops++] = x.xs[i].value;
	}
	xstats_free(&x);
}

/* A node as the reports name it: its ifname, else its port's name. */
static int
node_name(uint16_t port, char name[RTE_ETH_NAME_MAX_LEN])
{
	if (rte_pmd_ngiface_getifname(port, name, RTE_ETH_NAME_MAX_LEN) == 0)
		return 0;
	return rte_eth_dev_get_name_by_port(port, name);
}

/* Take port's counters now; node: its hooks and drop causes as well. */
static int
port_snap_take(uint16_t port, bool node, struct port_snap *s)
{
	int h;

	memset(s, 0, sizeof(*s));
	if (rte_eth_dev_get_name_by_port(port, s->name) != 0 ||
	    rte_eth_stats_get(port, &s->st) != 0)
		return -ENODEV;
	if (!node || node_name(port, s->label) != 0)
		snprintf(s->label, sizeof(s->label), "%s", s->name);
	if (!node)
		return 0;
	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++)
		s->hs_ok[h] = rte_pmd_ngiface_hook_stats_get(port, h,
							     &s->hs[h]) == 0;
	node_drops(port, s);
	return 0;
}

/* "rx N pkt/s M Mbit/s, tx ..." of an ethdev over the period. */
static void
print_rx_tx(const struct rte_eth_stats *c, const struct rte_eth_stats *p,
	    double secs)
{
	printf("rx ");
	print_rate(delta(c->ipackets, p->ipackets),
		   delta(c->ibytes, p->ibytes), secs);
	printf(", tx ");
	print_rate(delta(c->opackets, p->opackets),
		   delta(c->obytes, p->obytes), secs);
}

/*
 * A hook: out (stack to hook), in (hook to stack), then the drops there.
 * A full ring is not a drop at the node: the node's Tx hands those
 * packets back to its caller (and the relay, that caller on a --stack
 * link, frees them as its tx_full), so they are shown apart, as returned.
 *   hook ng0:inet: out 50 pkt/s ..., in 50 pkt/s ..., drops 0
 *   hook ng0:inet: out 50 pkt/s ..., in 0 ..., drops 0, returned ring_full 20
 *   hook ng0:inet6: out 40 pkt/s ... (into a hole 40 pkt/s), in 0 pkt/s ...
 */
static void
period_hook(const char *label, int h,
	    const struct rte_pmd_ngiface_hook_stats *hc,
	    const struct rte_pmd_ngiface_hook_stats *hp, double secs)
{
	static const char *const causes[] = {
		"drop_unconnected", "drop_mtu", "flushed",
	};
	uint64_t v[RTE_DIM(causes)], hole, returned;

	printf("hook %s:%s: out ", label, rte_pmd_ngiface_hook_name(h));
	print_rate(delta(hc->out_packets, hp->out_packets),
		   delta(hc->out_bytes, hp->out_bytes), secs);
	/* a hole takes what is sent to it (ng_hole): out, not a drop */
	hole = delta(hc->hole_packets, hp->hole_packets);
	if (hole != 0)
		printf(" (into a hole %.0f pkt/s)", hole / secs);
	printf(", in ");
	print_rate(delta(hc->in_packets, hp->in_packets),
		   delta(hc->in_bytes, hp->in_bytes), secs);
	v[0] = delta(hc->drop_unconnected, hp->drop_unconnected);
	v[1] = delta(hc->drop_mtu, hp->drop_mtu);
	v[2] = delta(hc->flushed, hp->flushed);
	print_causes(RTE_DIM(causes), causes, v);
	returned = delta(hc->ring_full, hp->ring_full);
	if (returned != 0)
		printf(", returned ring_full %" PRIu64, returned);
	printf("\n");
}

/*
 * A node's stack side (its ethdev Rx and Tx) with its own drop causes, then
 * a line per hook (period_hook()).
 *   node ng0: rx 100 pkt/s 0.090 Mbit/s, tx 100 pkt/s 0.090 Mbit/s, drops 7 tx_drop_afnosupport 7
 */
static void
period_node(const struct port_snap *c, const struct port_snap *p,
	    double secs)
{
	const char *names[NODE_DROPS_MAX];
	uint64_t v[NODE_DROPS_MAX];
	unsigned int i;
	int h;

	printf("node %s: ", c->label);
	print_rx_tx(&c->st, &p->st, secs);
	for (i = 0; i < c->nb_drops; i++) {
		names[i] = c->drop_name[i];
		v[i] = delta(c->drop[i], i < p->nb_drops ? p->drop[i] : 0);
	}
	print_causes(c->nb_drops, names, v);
	printf("\n");
	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++)
		if (c->hs_ok[h])
			period_hook(c->label, h, &c->hs[h], &p->hs[h], secs);
}

/* A port's drop causes, as rte_eth_stats has them, and their growth. */
static const char *const port_drop_names[] = {
	"imissed", "ierrors", "rx_nombuf", "oerrors",
};

static void
port_drops(const struct rte_eth_stats *c, const struct rte_eth_stats *p,
	   uint64_t v[RTE_DIM(port_drop_names)])
{
	v[0] = delta(c->imissed, p->imissed);
	v[1] = delta(c->ierrors, p->ierrors);
	v[2] = delta(c->rx_nombuf, p->rx_nombuf);
	v[3] = delta(c->oerrors, p->oerrors);
}

/*
 * A link's port: its ethdev Rx and Tx, drops by the causes rte_eth_stats
 * has.
 *   port net_pcap0: rx 100 pkt/s 0.090 Mbit/s, tx 100 pkt/s ..., drops 0
 */
static void
period_port(const struct port_snap *c, const struct port_snap *p,
	    double secs)
{
	uint64_t v[RTE_DIM(port_drop_names)];

	printf("port %s: ", c->label);
	print_rx_tx(&c->st, &p->st, secs);
	port_drops(&c->st, &p->st, v);
	print_causes(RTE_DIM(port_drop_names), port_drop_names, v);
	printf("\n");
}

/* Print port's rates from cur, taken now, and keep it for the next. */
static void
period_print(uint16_t port, bool node, const struct port_snap *cur,
	     double secs)
{
	static const struct port_snap zero;
	struct port_snap *last = &port_last[port];
	const struct port_snap *prev;

	/* first seen, or another device under the same id: count from 0 */
	prev = strcmp(last->name, cur->name) == 0 ? last : &zero;
	if (node)
		period_node(cur, prev, secs);
	else
		period_port(cur, prev, secs);
	*last = *cur;
}

/* A link's port that is no node: taken and printed. */
static void
period_ethdev(uint16_t port, double secs)
{
	struct port_snap cur;

	if (port_snap_take(port, false, &cur) == 0)
		period_print(port, false, &cur, secs);
}

/*
 * Every node's counters, taken while no node comes or goes, printed once
 * the lock is released: ngctl mkpeer and shutdown never wait on stdout.
 */
static void
period_nodes(double secs)
{
	static struct port_snap now[RTE_MAX_ETHPORTS];
	uint16_t ports[RTE_MAX_ETHPORTS], port;
	unsigned int i, n = 0;

	relay_ports_hold(true);
	RTE_ETH_FOREACH_DEV(port)
		if (rte_pmd_ngiface_is_node(port) == 1 &&
		    port_snap_take(port, true, &now[n]) == 0)
			ports[n++] = port;
	relay_ports_hold(false);
	for (i = 0; i < n; i++)
		period_print(ports[i], true, &now[i], secs);
}

/* Link i's port, when no link before it has it and it is no node. */
static bool
link_port_first(const struct relay_config *cfg, unsigned int i)
{
	uint16_t port = cfg->links[i].port;
	unsigned int j;

	for (j = 0; j < i; j++)
		if (cfg->links[j].port == port)
			return false;
	return port < RTE_MAX_ETHPORTS && rte_pmd_ngiface_is_node(port) != 1;
}

/*
 * Every period: the links (the relay's own counters), every net_ngiface
 * node of the process with its hooks, every port a link binds.
 */
void
relay_stats_period(const struct relay_config *cfg, double secs)
{
	struct relay_dir_stats cur[2];
	const struct relay_link *l;
	const char *dir[2] = { "in ", "out" };
	unsigned int i, d;

	if (secs <= 0)
		secs = 1;
	printf("stats over %.2f s:\n", secs);
	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		snap(&l->in, &cur[0]);
		snap(&l->out, &cur[1]);
		for (d = 0; d < 2; d++) {
			const struct relay_dir_stats *p = &link_last[i][d];

			printf("link %u %s %s: %.0f pkt/s, drops %" PRIu64,
			       i, l->spec, dir[d],
			       (cur[d].packets - p->packets) / secs,
			       drops(&cur[d]) - drops(p));
			print_drops(&cur[d], p);
			printf("\n");
			link_last[i][d] = cur[d];
		}
	}
	period_nodes(secs);
	for (i = 0; i < cfg->nb_links; i++)
		if (link_port_first(cfg, i))
			period_ethdev(cfg->links[i].port, secs);
	fflush(stdout);
}

/* The node's nonzero xstats: its own counts, drops by cause among them. */
static void
print_xstats(uint16_t port, const char *name)
{
	struct xstats_set x;
	const char *nm;
	int i, shown = 0;

	if (xstats_read(port, &x) != 0)
		return;
	printf("node %s xstats:", name);
	for (i = 0; i < x.n; i++) {
		nm = xstats_name(&x, i);
		if (nm != NULL && x.xs[i].value != 0) {
			printf(" %s=%" PRIu64, nm, x.xs[i].value);
			shown++;
		}
	}
	printf("%s\n", shown == 0 ? " none" : "");
	xstats_free(&x);
}

/*
 * A link's port that is no node, over the whole run: the period line's
 * numbers as totals.
 *   total port net_pcap0: rx 187 pkt 13090 bytes, tx 160 pkt 11200 bytes, drops 0
 */
static void
total_port(uint16_t port)
{
	static const struct rte_eth_stats zero;
	uint64_t v[RTE_DIM(port_drop_names)];
	char name[RTE_ETH_NAME_MAX_LEN];
	struct rte_eth_stats st;

	if (rte_eth_dev_get_name_by_port(port, name) != 0 ||
	    rte_eth_stats_get(port, &st) != 0)
		return;
	printf("total port %s: rx %" PRIu64 " pkt %" PRIu64 " bytes, tx %"
	       PRIu64 " pkt %" PRIu64 " bytes", name, st.ipackets, st.ibytes,
	       st.opackets, st.obytes);
	port_drops(&st, &zero, v);
	print_causes(RTE_DIM(port_drop_names), port_drop_names, v);
	printf("\n");
}

/*
 * A node's hook totals and xstats; returns the packets left queued in the
 * hooks' own rings.  What waits in the rings the node receives from is
 * dropped when its port stops (rx_drop_down); what is left in the others
 * is freed when the port closes, as flushed, after the totals.
 */
static uint64_t
print_node(uint16_t port, const char *name)
{
	struct rte_pmd_ngiface_hook_stats hs;
	uint64_t qout, qin, queued = 0;
	int h;

	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++) {
		if (rte_pmd_ngiface_hook_stats_get(port, h, &hs) != 0)
			continue;
		if (rte_pmd_ngiface_hook_queued(port, h, &qout, &qin) != 0)
			qout = qin = 0;
		queued += qout + qin;
		printf("node %s:%s: out %" PRIu64 " in %" PRIu64
		       " hole %" PRIu64 " drop_unconnected %" PRIu64
		       " drop_mtu %" PRIu64 " ring_full %" PRIu64
		       " flushed %" PRIu64 " queued_out %" PRIu64
		       " queued_in %" PRIu64 "\n",
		       name, rte_pmd_ngiface_hook_name(h), hs.out_packets,
		       hs.in_packets, hs.hole_packets, hs.drop_unconnected,
		       hs.drop_mtu, hs.ring_full, hs.flushed, qout, qin);
	}
	print_xstats(port, name);
	return queued;
}

/*
 * Every node of the process, linked or not (as the periodic report): what
 * a drain that reached its bound left queued may sit in any of them.
 * Called with the control socket closed: no node comes or goes.
 */
static void
print_nodes(void)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	uint64_t queued = 0;
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port) {
		if (rte_pmd_ngiface_is_node(port) != 1)
			continue;
		if (node_name(port, name) == 0)
			queued += print_node(port, name);
	}
	printf("total queued in node rings: %" PRIu64 "\n", queued);
}

/*
 * The totals, one line per link and direction:
 *   total link 0 --stack ng0=net_ring0@1 in: 100 = delivered 98 + tx_full 2 ok
 * then each link's port that is no node (its ethdev stats), then every
 * node's hooks, with what is left queued in their rings.
 * Returns 0 if every link line balances.
 */
int
relay_stats_totals(const struct relay_config *cfg)
{
	struct relay_dir_stats cur[2];
	const struct relay_link *l;
	const char *dir[2] = { "in", "out" };
	unsigned int i, d;
	int bad = 0;

	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		snap(&l->in, &cur[0]);
		snap(&l->out, &cur[1]);
		for (d = 0; d < 2; d++) {
			int k;
			bool ok = cur[d].packets ==
				cur[d].delivered + drops(&cur[d]);

			printf("total link %u %s %s: %" PRIu64 " = delivered %"
			       PRIu64, i, l->spec, dir[d], cur[d].packets,
			       cur[d].delivered);
			for (k = 0; k < RELAY_DROP_MAX; k++)
				printf(" + %s %" PRIu64, relay_drop_name(k),
				       cur[d].drop[k]);
			printf(" %s\n", ok ? "ok" : "UNBALANCED");
			bad |= !ok;
		}
	}
	for (i = 0; i < cfg->nb_links; i++)
		if (link_port_first(cfg, i))
			total_port(cfg->links[i].port);
	print_nodes();
	fflush(stdout);
	return bad ? -1 : 0;
}

/************************************************************************
				TELEMETRY
 ************************************************************************/

/*
 * DPDK 22.11 writes a telemetry answer into a buffer of 16 KiB
 * (MAX_OUTPUT_LEN of lib/telemetry/telemetry.c, not exported), and an
 * entry that does not fit is left out without a word: with some twenty
 * nodes whose counters have grown, /ngiface/nodes named only the first
 * ones, as valid JSON, and a script summing them was wrong.  So the
 * answers with an entry per node or link count what their text may take
 * (TEL_ANSWER_MAX, an upper bound: strings as if every byte were escaped)
 * and, when that is more, answer a sentence saying so and what to ask
 * instead, never a part of the set.
 */
#define TEL_ANSWER_MAX (16 * 1024)

/* One entry of a set: its container, its key and its text's bound. */
struct tel_entry {
	struct rte_tel_data *c;
	char key[RTE_ETH_NAME_MAX_LEN];
	char alt[RTE_ETH_NAME_MAX_LEN];	/* key if telemetry refuses key */
	size_t len;
};

/* Digits of v, and a sign. */
static size_t
tel_num_len(int64_t v, bool sign)
{
	uint64_t u = sign && v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n = sign && v < 0 ? 2 : 1;

	while (u >= 10) {
		u /= 10;
		n++;
	}
	return n;
}

/* ,"key": before a value */
static size_t
tel_key_len(const char *key)
{
	return strlen(key) + 4;
}

static void
tel_u64(struct rte_tel_data *d, size_t *len, const char *key, uint64_t v)
{
	rte_tel_data_add_dict_u64(d, key, v);
	*len += tel_key_len(key) + tel_num_len((int64_t)v, false);
}

static void
tel_int(struct rte_tel_data *d, size_t *len, const char *key, int v)
{
	rte_tel_data_add_dict_int(d, key, v);
	*len += tel_key_len(key) + tel_num_len(v, true);
}

static void
tel_str(struct rte_tel_data *d, size_t *len, const char *key, const char *v)
{
	rte_tel_data_add_dict_string(d, key, v);
	*len += tel_key_len(key) + 2 + 2 * strlen(v);
}

static void
tel_dir(struct rte_tel_data *d, size_t *len, const char *dir,
	const struct relay_dir_stats *s)
{
	char key[64];
	int i;

	snprintf(key, sizeof(key), "%s_packets", dir);
	tel_u64(d, len, key, s->packets);
	snprintf(key, sizeof(key), "%s_delivered", dir);
	tel_u64(d, len, key, s->delivered);
	for (i = 0; i < RELAY_DROP_MAX; i++) {
		snprintf(key, sizeof(key), "%s_drop_%s", dir,
			 relay_drop_name(i));
		tel_u64(d, len, key, s->drop[i]);
	}
}

/* Link i into d; returns the bound of its text, braces included. */
static size_t
tel_link(struct rte_tel_data *d, unsigned int i)
{
	const struct relay_link *l = &stats_cfg->links[i];
	struct relay_dir_stats s;
	size_t len = 2;

	rte_tel_data_start_dict(d);
	tel_str(d, &len, "kind", relay_link_kind_name(l->kind));
	tel_str(d, &len, "node", l->node);
	if (l->kind == RELAY_LINK_HOOK)
		tel_str(d, &len, "hook", rte_pmd_ngiface_hook_name(l->hook));
	tel_str(d, &len, "port", l->port_name);
	tel_int(d, &len, "lcore", l->lcore);
	snap(&l->in, &s);
	tel_dir(d, &len, "in", &s);
	snap(&l->out, &s);
	tel_dir(d, &len, "out", &s);
	return len;
}

static void
tel_entries_free(struct tel_entry *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		rte_tel_data_free(e[i].c);
}

/*
 * The n entries as d's dict, keyed each by its key (by its alt when
 * telemetry refuses the key as one); or, when the answer to cmd could
 * not hold them all, the sentence why.  The entries are d's or freed.
 */
static int
tel_set_answer(const char *cmd, struct rte_tel_data *d, struct tel_entry *e,
	       unsigned int n, const char *what, const char *instead)
{
	/* {"CMD":{...}} and the NUL */
	size_t len = strlen(cmd) + 7;
	char msg[512];
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++)
		len += RTE_MAX(tel_key_len(e[i].key), tel_key_len(e[i].alt)) +
			e[i].len;
	if (len > TEL_ANSWER_MAX || n > RTE_TEL_MAX_DICT_ENTRIES) {
		tel_entries_free(e, n);
		snprintf(msg, sizeof(msg),
			 "%u %s: more than one telemetry answer holds (%u bytes, or %u entries); ask %s",
			 n, what, TEL_ANSWER_MAX, RTE_TEL_MAX_DICT_ENTRIES,
			 instead);
		return rte_tel_data_string(d, msg);
	}
	rte_tel_data_start_dict(d);
	for (i = 0; i < n; i++) {
		ret = rte_tel_data_add_dict_container(d, e[i].key, e[i].c, 0);
		if (ret == -EINVAL && e[i].alt[0] != '\0')
			ret = rte_tel_data_add_dict_container(d, e[i].alt,
							      e[i].c, 0);
		if (ret != 0) {
			/* those before are d's, freed with it */
			tel_entries_free(e + i, n - i);
			return ret;
		}
	}
	return 0;
}

static int
tel_links(const char *cmd, const char *params __rte_unused,
	  struct rte_tel_data *d)
{
	struct tel_entry *e;
	unsigned int i;
	int ret;

	/* each client has a thread of its own: no static array */
	e = calloc(RELAY_MAX_LINKS, sizeof(*e));
	if (e == NULL)
		return -ENOMEM;
	for (i = 0; i < stats_cfg->nb_links; i++) {
		e[i].c = rte_tel_data_alloc();
		if (e[i].c == NULL) {
			tel_entries_free(e, i);
			free(e);
			return -ENOMEM;
		}
		e[i].len = tel_link(e[i].c, i);
		snprintf(e[i].key, sizeof(e[i].key), "link%u", i);
	}
	ret = tel_set_answer(cmd, d, e, i, "links", "/ngiface/link,N for each");
	free(e);
	return ret;
}

static int
tel_one_link(const char *cmd __rte_unused, const char *params,
	     struct rte_tel_data *d)
{
	unsigned long i;
	char *end;

	if (params == NULL || *params == '\0')
		return -EINVAL;
	i = strtoul(params, &end, 10);
	if (*end != '\0' || i >= stats_cfg->nb_links)
		return -EINVAL;
	tel_link(d, i);
	return 0;
}

/*
 * One node: its name and port id, then its hook counters, keyed
 * <hook>_<field> (inet_out_packets, ...).  The name is a value here, which
 * telemetry escapes, so a node's dict names it whatever its key is.
 * Returns the bound of its text.
 */
static size_t
tel_node(struct rte_tel_data *c, uint16_t port, const char *name)
{
	struct rte_pmd_ngiface_hook_stats hs;
	size_t len = 2;
	char key[64];
	int h;

	rte_tel_data_start_dict(c);
	tel_str(c, &len, "name", name);
	tel_u64(c, &len, "port", port);
	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++) {
		const char *hn = rte_pmd_ngiface_hook_name(h);

		if (rte_pmd_ngiface_hook_stats_get(port, h, &hs) != 0)
			continue;
#define NODE_U64(f) do { \
		snprintf(key, sizeof(key), "%s_%s", hn, #f); \
		tel_u64(c, &len, key, hs.f); \
	} while (0)
		NODE_U64(out_packets);
		NODE_U64(out_bytes);
		NODE_U64(in_packets);
		NODE_U64(in_bytes);
		NODE_U64(hole_packets);
		NODE_U64(hole_bytes);
		NODE_U64(drop_unconnected);
		NODE_U64(drop_mtu);
		NODE_U64(ring_full);
		NODE_U64(flushed);
#undef NODE_U64
	}
	return len;
}

/*
 * The key of a node whose name telemetry refuses as a key: "portN", N its
 * port id, with '_' added while an ethdev has that name.  Node names are
 * ethdev names, so the key is no other node's name; and no other
 * fallback's, those of other ports having other digits after "port".
 */
static void
tel_node_key(uint16_t port, char *key, size_t size)
{
	uint16_t other;
	size_t len;

	len = snprintf(key, size, "port%u", port);
	while (rte_eth_dev_get_port_by_name(key, &other) == 0 &&
	       len + 1 < size) {
		key[len++] = '_';
		key[len] = '\0';
	}
}

/*
 * Every net_ngiface node of the process, linked or not, keyed by its name:
 * the set the periodic report prints.  The walk holds the ports lock, as
 * period_nodes() does: ngctl shutdown frees a node, and mkpeer adds one.
 * DPDK 22.11's telemetry takes as a key only letters, digits, '_' and
 * '/', and refuses the container otherwise (EINVAL), which made the whole
 * answer null; a node may be named "wan-0".  Such a node is keyed
 * "portN" instead (tel_node_key()), its name in the dict's "name".
 */
static int
tel_nodes(const char *cmd, const char *params __rte_unused,
	  struct rte_tel_data *d)
{
	struct tel_entry *e;
	unsigned int n = 0;
	uint16_t port;
	int ret;

	/* each client has a thread of its own: no static array */
	e = calloc(RTE_MAX_ETHPORTS, sizeof(*e));
	if (e == NULL)
		return -ENOMEM;
	relay_ports_hold(true);
	RTE_ETH_FOREACH_DEV(port) {
		if (rte_pmd_ngiface_is_node(port) != 1 ||
		    node_name(port, e[n].key) != 0)
			continue;
		e[n].c = rte_tel_data_alloc();
		if (e[n].c == NULL) {
			relay_ports_hold(false);
			tel_entries_free(e, n);
			free(e);
			return -ENOMEM;
		}
		e[n].len = tel_node(e[n].c, port, e[n].key);
		tel_node_key(port, e[n].alt, sizeof(e[n].alt));
		n++;
	}
	relay_ports_hold(false);
	ret = tel_set_answer(cmd, d, e, n, "nodes",
			     "/ngiface/node,NAME (or ,PORT) for each: ngctl list names them, /ethdev/list gives the ports");
	free(e);
	return ret;
}

/* One node, by its name or its port id: the dict of /ngiface/nodes. */
static int
tel_one_node(const char *cmd __rte_unused, const char *params,
	     struct rte_tel_data *d)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	unsigned long p;
	uint16_t port;
	char *end;
	int ret = -EINVAL;

	if (params == NULL || *params == '\0')
		return -EINVAL;
	relay_ports_hold(true);
	if (rte_pmd_ngiface_port_by_name(params, &port) != 0) {
		p = strtoul(params, &end, 10);
		port = p < RTE_MAX_ETHPORTS ? p : RTE_MAX_ETHPORTS;
		if (!isdigit((unsigned char)*params) || *end != '\0')
			port = RTE_MAX_ETHPORTS;
	}
	if (port < RTE_MAX_ETHPORTS && rte_pmd_ngiface_is_node(port) == 1 &&
	    node_name(port, name) == 0) {
		tel_node(d, port, name);
		ret = 0;
	}
	relay_ports_hold(false);
	return ret;
}

int
relay_telemetry_register(struct relay_config *cfg)
{
	int ret;

	stats_cfg = cfg;
	ret = rte_telemetry_register_cmd("/ngiface/links", tel_links,
		"Relay links and their counters (in: port to ngiface, out: ngiface to port). No parameters");
	if (ret == 0)
		ret = rte_telemetry_register_cmd("/ngiface/link", tel_one_link,
			"One relay link's counters. Parameter: link number");
	if (ret == 0)
		ret = rte_telemetry_register_cmd("/ngiface/nodes", tel_nodes,
			"Hook counters of every net_ngiface node of the process. No parameters");
	if (ret == 0)
		ret = rte_telemetry_register_cmd("/ngiface/node", tel_one_node,
			"One net_ngiface node's hook counters. Parameter: node name or port id");
	return ret;
}
