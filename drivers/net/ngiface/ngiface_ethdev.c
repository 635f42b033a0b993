/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Set-up of net_ngiface: devargs, probe and remove, and the ethdev ops that
 * are not counters.  The fast path is in ngiface_rxtx.c, hooks in
 * ngiface_hook.c.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_kvargs.h>
#include <rte_malloc.h>
#include <rte_mbuf_dyn.h>
#include <rte_memzone.h>
#include <rte_random.h>
#include <bus_vdev_driver.h>
#include <ethdev_vdev.h>

#include <rte_string_fns.h>

#include "ngiface_priv.h"

RTE_LOG_REGISTER(ngiface_logtype, pmd.net.ngiface, NOTICE);

/* Locally administered; "ng" in the second and third bytes. */
static const struct rte_ether_addr ngif_peer_mac = {
	.addr_bytes = { 0x02, 'n', 'g', 0xff, 0xff, 0xfe },
};

int ngif_nesting_offset = -1;
uint64_t ngif_depth_lo, ngif_depth_hi;
/*
 * This process among those that share the nodes: a tap is called only by
 * the process that set it.  Not the pid: a primary and a secondary in two
 * containers may have the same one.
 */
uint64_t ngif_proc_token;

static void
ngif_proc_token_init(void)
{
	while (ngif_proc_token == 0)
		ngif_proc_token = rte_rand() ^ (uint64_t)getpid();
}

/*
 * The nesting depth's flags and field (ngiface_priv.h), found by name: every
 * process that bursts on a node registers them, and gets the same ones.
 */
static int
ngif_nesting_register(void)
{
	static const struct rte_mbuf_dynfield field = {
		.name = "ngiface_dynfield_nesting",
		.size = sizeof(uint8_t),
		.align = __alignof__(uint8_t),
	};
	static const struct rte_mbuf_dynflag lo = {
		.name = "ngiface_dynflag_depth_lo",
	};
	static const struct rte_mbuf_dynflag hi = {
		.name = "ngiface_dynflag_depth_hi",
	};
	int off, bit_lo, bit_hi;

	off = rte_mbuf_dynfield_register(&field);
	bit_lo = rte_mbuf_dynflag_register(&lo);
	bit_hi = rte_mbuf_dynflag_register(&hi);
	if (off < 0 || bit_lo < 0 || bit_hi < 0)
		return -rte_errno;
	ngif_nesting_offset = off;
	ngif_depth_lo = RTE_BIT64(bit_lo);
	ngif_depth_hi = RTE_BIT64(bit_hi);
	return 0;
}

/************************************************************************
			DEVARGS
 ************************************************************************/

/* A hook's peer as devargs name it. */
struct ngif_peer_arg {
	enum rte_pmd_ngiface_peer_kind kind;	/* NONE, NODE, ECHO, HOLE */
	char node[RTE_PMD_NGIFACE_NAMESIZE];
	enum rte_pmd_ngiface_hook hook;
};

struct ngif_args {
	char name[RTE_PMD_NGIFACE_NAMESIZE];	/* "" for the next ngN */
	struct ngif_peer_arg peer[NGIF_NB_HOOKS];
	enum ngif_l2 l2;
	enum rte_pmd_ngiface_mode mode;
	uint16_t mtu;				/* 0: default */
	uint16_t queues;
	unsigned int ring_size;
	unsigned int max_nesting;
};

static int
ngif_parse_uint(const char *value, unsigned long lo, unsigned long hi,
		unsigned long *out)
{
	char *end;

	/* decimal only: "010" is ten, not eight; "0x48" is refused */
	if (value == NULL || !isdigit((unsigned char)*value))
		return -EINVAL;
	errno = 0;
	*out = strtoul(value, &end, 10);
	if (errno != 0 || *end != '\0' || *out < lo || *out > hi)
		return -EINVAL;
	return 0;
}

/*
 * Bytes of the UTF-8 sequence at u, 0 if it is none: a code point in its
 * shortest form, no surrogate, at most U+10FFFF.
 */
static size_t
ngif_utf8_len(const unsigned char *u)
{
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, i;
	uint32_t cp;

	if (u[0] < 0xc0)
		return 0;	/* a continuation byte cannot lead */
	n = u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : u[0] < 0xf8 ? 4 : 0;
	if (n == 0)
		return 0;
	cp = u[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;	/* NUL included: the name ended */
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * A node name: what netgraph's addressing leaves free ('.', ':', '[', ']'
 * are its syntax) and what ngctl's "name" takes, so that every node can
 * be named to ngctl and shown in its lines and replies as it is: no '"',
 * no blank or control character (a newline in a name split ngctl list's
 * line), and beyond ASCII only whole UTF-8 sequences.  < IFNAMSIZ bytes.
 */
static int
ngif_check_name(const char *name)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t len = strlen(name), i, k;

	if (len == 0 || len >= RTE_PMD_NGIFACE_NAMESIZE)
		return -EINVAL;
	for (i = 0; i < len; i += k) {
		k = 1;
		if (u[i] >= 0x80)
			k = ngif_utf8_len(u + i);
		else if (u[i] <= ' ' || u[i] == 0x7f ||
			 strchr(".:[]\"", u[i]) != NULL)
			k = 0;
		if (k == 0)
			return -EINVAL;
	}
	return 0;
}

static int
arg_iface(const char *value, struct ngif_args *a)
{
	if (ngif_check_name(value) != 0)
		return -EINVAL;
	strlcpy(a->name, value, sizeof(a->name));
	return 0;
}

/* PEER is "echo", "hole" or "NODE:HOOK". */
static int
ngif_parse_peer(const char *value, struct ngif_peer_arg *p)
{
	const char *colon = strchr(value, ':');
	size_t len;
	int hook;

	if (strcmp(value, "echo") == 0) {
		p->kind = RTE_PMD_NGIFACE_PEER_ECHO;
		return 0;
	}
	if (strcmp(value, "hole") == 0) {
		p->kind = RTE_PMD_NGIFACE_PEER_HOLE;
		return 0;
	}
	if (colon == NULL)
		return -EINVAL;
	len = colon - value;
	if (len == 0 || len >= sizeof(p->node))
		return -EINVAL;
	memcpy(p->node, value, len);
	p->node[len] = '\0';
	hook = rte_pmd_ngiface_hook_by_name(colon + 1);
	if (ngif_check_name(p->node) != 0 || hook < 0)
		return -EINVAL;
	p->kind = RTE_PMD_NGIFACE_PEER_NODE;
	p->hook = hook;
	return 0;
}

static int
arg_inet(const char *value, struct ngif_args *a)
{
	return ngif_parse_peer(value, &a->peer[RTE_PMD_NGIFACE_HOOK_INET]);
}

static int
arg_inet6(const char *value, struct ngif_args *a)
{
	return ngif_parse_peer(value, &a->peer[RTE_PMD_NGIFACE_HOOK_INET6]);
}

static int
arg_l2(const char *value, struct ngif_args *a)
{
	if (strcmp(value, "eth") == 0)
		a->l2 = NGIF_L2_ETH;
	else if (strcmp(value, "none") == 0)
		a->l2 = NGIF_L2_NONE;
	else
		return -EINVAL;
	return 0;
}

static int
arg_mode(const char *value, struct ngif_args *a)
{
	if (strcmp(value, "p2p") == 0 || strcmp(value, "point2point") == 0)
		a->mode = RTE_PMD_NGIFACE_MODE_P2P;
	else if (strcmp(value, "broadcast") == 0)
		a->mode = RTE_PMD_NGIFACE_MODE_BROADCAST;
	else
		return -EINVAL;
	return 0;
}

static int
arg_mtu(const char *value, struct ngif_args *a)
{
	unsigned long v;

	if (ngif_parse_uint(value, RTE_PMD_NGIFACE_MTU_MIN,
			    RTE_PMD_NGIFACE_MTU_MAX, &v) != 0)
		return -EINVAL;
	a->mtu = v;
	return 0;
}

static int
arg_queues(const char *value, struct ngif_args *a)
{
	unsigned long v;

	if (ngif_parse_uint(value, 1, NGIF_MAX_QUEUES, &v) != 0)
		return -EINVAL;
	a->queues = v;
	return 0;
}

static int
arg_ring_size(const char *value, struct ngif_args *a)
{
	unsigned long v;

	if (ngif_parse_uint(value, NGIF_RING_SIZE_MIN, NGIF_RING_SIZE_MAX,
			    &v) != 0)
		return -EINVAL;
	a->ring_size = v;
	return 0;
}

static int
arg_max_nesting(const char *value, struct ngif_args *a)
{
	unsigned long v;

	if (ngif_parse_uint(value, 1, NGIF_MAX_NESTING_MAX, &v) != 0)
		return -EINVAL;
	a->max_nesting = v;
	return 0;
}

/* The devargs, with what a good value looks like (for the error line). */
static const struct ngif_devarg {
	const char *key;
	int (*parse)(const char *value, struct ngif_args *a);
	const char *expect;
} ngif_devargs[] = {
	{ "iface", arg_iface,
	  "a name of 1-15 bytes without . : [ ] \" blanks or control characters, UTF-8 beyond ASCII" },
	{ "inet", arg_inet, "NODE:HOOK, echo or hole" },
	{ "inet6", arg_inet6, "NODE:HOOK, echo or hole" },
	{ "l2", arg_l2, "eth or none" },
	{ "mtu", arg_mtu, RTE_STR(RTE_PMD_NGIFACE_MTU_MIN) ".."
	  RTE_STR(RTE_PMD_NGIFACE_MTU_MAX) },
	{ "mode", arg_mode, "p2p or broadcast" },
	{ "queues", arg_queues, "1.." RTE_STR(NGIF_MAX_QUEUES) },
	{ "ring_size", arg_ring_size, RTE_STR(NGIF_RING_SIZE_MIN) ".."
	  RTE_STR(NGIF_RING_SIZE_MAX) },
	{ "max_nesting", arg_max_nesting, "1.." RTE_STR(NGIF_MAX_NESTING_MAX) },
};

static const struct ngif_devarg *
ngif_devarg_find(const char *key)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(ngif_devargs); i++)
		if (strcmp(ngif_devargs[i].key, key) == 0)
			return &ngif_devargs[i];
	return NULL;
}

static void
ngif_args_default(struct ngif_args *a)
{
	memset(a, 0, sizeof(*a));
	a->l2 = NGIF_L2_ETH;
	a->mode = RTE_PMD_NGIFACE_MODE_P2P;
	a->queues = 1;
	a->ring_size = NGIF_RING_SIZE_DEFAULT;
	a->max_nesting = RTE_PMD_NGIFACE_MAX_NESTING_DEFAULT;
}

static int
ngif_args_parse(const char *vdev, const char *params, struct ngif_args *a)
{
	const struct ngif_devarg *d;
	struct rte_kvargs *kv;
	unsigned int i;
	int ret = 0;

	ngif_args_default(a);
	if (params == NULL || *params == '\0')
		return 0;
	kv = rte_kvargs_parse(params, NULL);
	if (kv == NULL) {
		NGIF_LOG(ERR, "%s: cannot parse devargs \"%s\"", vdev, params);
		return -EINVAL;
	}
	for (i = 0; i < kv->count && ret == 0; i++) {
		const struct rte_kvargs_pair *p = &kv->pairs[i];

		d = ngif_devarg_find(p->key);
		if (d == NULL) {
			NGIF_LOG(ERR, "%s: unknown devarg \"%s\"", vdev, p->key);
			ret = -EINVAL;
		} else if (rte_kvargs_count(kv, p->key) > 1) {
			NGIF_LOG(ERR, "%s: devarg %s given more than once",
				 vdev, p->key);
			ret = -EINVAL;
		} else if (p->value == NULL || d->parse(p->value, a) != 0) {
			NGIF_LOG(ERR, "%s: bad value \"%s\" for devarg %s (expected %s)",
				 vdev, p->value ? p->value : "", p->key,
				 d->expect);
			ret = -EINVAL;
		}
	}
	rte_kvargs_free(kv);
	return ret;
}

static void ngif_names_set(uint16_t port, const char *vdev, const char *node);

/************************************************************************
			ETHDEV OPS
 ************************************************************************/

static void
ngif_eth_hdr_update(struct ngif_priv *priv)
{
	static const uint16_t type[NGIF_NB_HOOKS] = {
		RTE_ETHER_TYPE_IPV4, RTE_ETHER_TYPE_IPV6,
	};
	union ngif_rx_hdr hdr = { .word = { 0, 0 } };
	int h;

	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		rte_ether_addr_copy(&priv->data->mac_addrs[0],
				    &hdr.eth.dst_addr);
		rte_ether_addr_copy(&ngif_peer_mac, &hdr.eth.src_addr);
		hdr.eth.ether_type = rte_cpu_to_be_16(type[h]);
		priv->rx_hdr[h].word[1] = hdr.word[1];
		__atomic_store_n(&priv->rx_hdr[h].word[0], hdr.word[0],
				 __ATOMIC_RELAXED);
	}
}

/*
 * The link as ng_iface sees it: up when started and not marked down.
 * Under the registry lock, since dev_start/stop on the application's
 * thread and link up/down from the control plane each recompute it from
 * both marks.  Returns whether the status changed.
 */
static bool
ngif_link_refresh(struct ngif_priv *priv)
{
	struct rte_eth_dev_data *data = priv->data;
	uint16_t status = priv->started && priv->link_admin_up ?
		RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN;
	bool changed = data->dev_link.link_status != status;

	data->dev_link.link_status = status;
	ngif_set_running(priv);
	return changed;
}

/*
 * Under the registry lock.  Returns true when the link status changed and
 * the application enabled LSC: the caller raises it (ngif_link_notify)
 * once it has released the lock.
 */
bool
ngif_link_set(struct ngif_priv *priv, bool up)
{
	priv->link_admin_up = up;
	return ngif_link_refresh(priv) && priv->data->dev_conf.intr_conf.lsc;
}

/*
 * RTE_ETH_EVENT_INTR_LSC, raised with no lock of the driver's held, as a
 * NIC's PMD raises it from the interrupt thread: the application's
 * callback may take a lock of its own that another of its threads holds
 * while it calls the driver, and under the registry lock the two waited
 * for each other for good.  By port id: rte_eth_devices[] outlives a node
 * removed meanwhile (ethdev then has no callback left for it to run).
 */
void
ngif_link_notify(uint16_t port_id)
{
	rte_eth_dev_callback_process(&rte_eth_devices[port_id],
				     RTE_ETH_EVENT_INTR_LSC, NULL);
}

/*
 * started changes, as dev_start and dev_stop make it; what came in while
 * the node was down, or is still in its in rings at the stop, is dropped.
 */
static void
ngif_started_set(struct ngif_priv *priv, bool started)
{
	ngif_registry_lock();
	priv->started = started;
	ngif_rx_rings_drop(priv);
	ngif_link_refresh(priv);
	ngif_registry_unlock();
}

/*
 * The link has one speed, 10G, and no autonegotiation (ngif_priv_init):
 * dev_info's speed_capa, and what a configure may ask of link_speeds.
 */
#define NGIF_SPEED_CAPA (RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_10G)

/*
 * What a configure may ask of the link and the queues: the speed is 10G
 * (autonegotiation, or a set of speeds 10G is in); there is no loopback
 * mode, no DCB (traffic classes, PFC) and no VMDq pool, which a NIC
 * without them refuses too.  RSS is taken with no hash (ethdev keeps
 * rss_hf within the empty flow_type_rss_offloads): applications ask for
 * it whenever they set up more than one queue.
 */
static int
ngif_conf_check(const struct ngif_priv *priv, const struct rte_eth_conf *c)
{
	const uint32_t rx_mq_lacking = RTE_ETH_MQ_RX_DCB_FLAG |
		RTE_ETH_MQ_RX_VMDQ_FLAG;

	if (c->link_speeds != RTE_ETH_LINK_SPEED_AUTONEG &&
	    !(c->link_speeds & RTE_ETH_LINK_SPEED_10G)) {
		NGIF_LOG(ERR, "%s: link_speeds %#x: the link is 10G only",
			 priv->name, c->link_speeds);
		return -EINVAL;
	}
	if (c->lpbk_mode != 0) {
		NGIF_LOG(ERR, "%s: lpbk_mode %u: the port has no loopback mode",
			 priv->name, c->lpbk_mode);
		return -EINVAL;
	}
	if ((c->rxmode.mq_mode & rx_mq_lacking) ||
	    c->txmode.mq_mode != RTE_ETH_MQ_TX_NONE ||
	    c->dcb_capability_en != 0) {
		NGIF_LOG(ERR, "%s: mq_mode Rx %#x Tx %#x, dcb_capability_en %#x: no DCB nor VMDq",
			 priv->name, c->rxmode.mq_mode, c->txmode.mq_mode,
			 c->dcb_capability_en);
		return -EINVAL;
	}
	return 0;
}

static int
ngif_dev_configure(struct rte_eth_dev *dev)
{
	struct ngif_priv *priv = dev->data->dev_private;
	int ret;

	ret = ngif_conf_check(priv, &dev->data->dev_conf);
	if (ret != 0)
		return ret;

	/*
	 * ethdev put in 1500 for "default" (and an explicit 1500 looks the
	 * same): the node's default is what it was last given.
	 */
	if (priv->mtu_default != 0 &&
	    dev->data->dev_conf.rxmode.mtu == RTE_ETHER_MTU) {
		dev->data->dev_conf.rxmode.mtu = priv->mtu_default;
		dev->data->mtu = priv->mtu_default;
	}
	priv->rx_scatter = (dev->data->dev_conf.rxmode.offloads &
			    RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
	/* what ethdev, testpmd and telemetry read as "scattered Rx" */
	dev->data->scattered_rx = priv->rx_scatter;
	return 0;
}

static uint8_t
ngif_queue_state(bool port_started, bool deferred)
{
	return port_started && !deferred ? RTE_ETH_QUEUE_STATE_STARTED :
		RTE_ETH_QUEUE_STATE_STOPPED;
}

/*
 * Every queue's state as the port starts or stops: the port's stop stops
 * them all, its start starts them but those set up with a deferred start,
 * which wait for rte_eth_dev_rx/tx_queue_start().  A queue's state is what
 * ethdev and the application go by: its rings are the same, and a stopped
 * Rx queue's in rings keep what its peers send until it starts (full,
 * their Tx hands the rest back, ring_full), as with net_ring the burst
 * calls do not look at it.
 */
static void
ngif_queue_states(struct rte_eth_dev *dev, bool port_started)
{
	const struct ngif_priv *priv = dev->data->dev_private;
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++)
		dev->data->rx_queue_state[q] = ngif_queue_state(port_started,
				priv->rx_conf[q].rx_deferred_start);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		dev->data->tx_queue_state[q] = ngif_queue_state(port_started,
				priv->tx_conf[q].tx_deferred_start);
}

/*
 * Every queue the configure asked for must be set up before the start
 * (runtime set-up is not offered): ethdev's fast path hands a burst the
 * queue's pointer unchecked, and the first burst on one never set up, or
 * released by a configure with fewer queues and not set up again, ran on
 * NULL.
 */
static int
ngif_queue_array_set_up(const struct ngif_priv *priv, void *const *queues,
			uint16_t nb, const char *dir)
{
	uint16_t q;

	for (q = 0; q < nb; q++)
		if (queues[q] == NULL) {
			NGIF_LOG(ERR, "%s: %s queue %u is not set up",
				 priv->name, dir, q);
			return -EINVAL;
		}
	return 0;
}

static int
ngif_queues_set_up(const struct rte_eth_dev *dev)
{
	const struct ngif_priv *priv = dev->data->dev_private;
	int ret;

	ret = ngif_queue_array_set_up(priv, dev->data->rx_queues,
				      dev->data->nb_rx_queues, "Rx");
	if (ret == 0)
		ret = ngif_queue_array_set_up(priv, dev->data->tx_queues,
					      dev->data->nb_tx_queues, "Tx");
	return ret;
}

static int
ngif_dev_start(struct rte_eth_dev *dev)
{
	int ret;

	ret = ngif_queues_set_up(dev);
	if (ret != 0)
		return ret;
	ngif_started_set(dev->data->dev_private, true);
	ngif_queue_states(dev, true);
	return 0;
}

static int
ngif_dev_stop(struct rte_eth_dev *dev)
{
	ngif_started_set(dev->data->dev_private, false);
	ngif_queue_states(dev, false);
	return 0;
}

/* Queue start and stop: ethdev checks the port is started and the id. */
static int
ngif_rx_queue_start(struct rte_eth_dev *dev, uint16_t q)
{
	dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

static int
ngif_rx_queue_stop(struct rte_eth_dev *dev, uint16_t q)
{
	dev->data->rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

static int
ngif_tx_queue_start(struct rte_eth_dev *dev, uint16_t q)
{
	dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

static int
ngif_tx_queue_stop(struct rte_eth_dev *dev, uint16_t q)
{
	dev->data->tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

/*
 * Packets waiting for an Rx queue (rte_eth_rx_queue_count): what its hooks'
 * in rings hold, a ring both hooks are bound to counted once.  Read under
 * the registry lock, which keeps the bindings, so that any thread may ask
 * (testpmd's CLI asks while an lcore polls): a diagnostic, at the cost of
 * an uncontended mutex, not a burst's.
 */
static uint32_t
ngif_rx_queue_count(void *queue)
{
	const struct ngif_rxq *rxq = queue;
	const struct ngif_priv *priv = rxq->priv;
	const struct rte_ring *r4, *r6;
	uint32_t n = 0;

	/* from a tap: ethdev hands the -EDEADLK on, as an int */
	if (ngif_registry_lock_checked() != 0)
		return (uint32_t)-EDEADLK;
	r4 = priv->binding[RTE_PMD_NGIFACE_HOOK_INET]->rx[rxq->qid];
	r6 = priv->binding[RTE_PMD_NGIFACE_HOOK_INET6]->rx[rxq->qid];
	if (r4 != NULL)
		n += rte_ring_count(r4);
	if (r6 != NULL && r6 != r4)
		n += rte_ring_count(r6);
	ngif_registry_unlock();
	return n;
}

static int
ngif_dev_link_mark(struct rte_eth_dev *dev, bool up)
{
	bool notify;
	int ret;

	ret = ngif_registry_lock_checked();	/* not from a tap */
	if (ret != 0)
		return ret;
	notify = ngif_link_set(dev->data->dev_private, up);
	ngif_registry_unlock();
	if (notify)
		ngif_link_notify(dev->data->port_id);
	return 0;
}

static int
ngif_dev_set_link_up(struct rte_eth_dev *dev)
{
	return ngif_dev_link_mark(dev, true);
}

static int
ngif_dev_set_link_down(struct rte_eth_dev *dev)
{
	return ngif_dev_link_mark(dev, false);
}

/* Tears the node down; the port itself is released by the caller. */
static int
ngif_dev_close(struct rte_eth_dev *dev)
{
	struct ngif_priv *priv = dev->data->dev_private;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY || priv == NULL)
		return 0;
	ngif_registry_lock();
	if (ngif_from_port(priv->port_id) == priv) {
		priv->started = false;
		ngif_set_running(priv);
		ngif_hooks_destroy(priv);
		ngif_unregister(priv);
		ngif_names_set(priv->port_id, "", "");
		NGIF_LOG(INFO, "%s: removed", priv->name);
	}
	ngif_registry_unlock();
	/* part of dev_private: must not be freed on its own */
	dev->data->mac_addrs = NULL;
	return 0;
}

/*
 * A queue's descriptors are its hooks' own rings, sized by the ring_size
 * devarg (the nb_desc given at set-up does not change them), as a count
 * ethdev holds in 16 bits: what dev_info gives as the default (taken for a
 * set-up's nb_desc of 0), rte_eth_rx_queue_info_get() and testpmd's "RX
 * desc=" show.
 */
static uint16_t
ngif_nb_desc(const struct ngif_priv *priv)
{
	return RTE_MIN(priv->ring_size, (unsigned int)UINT16_MAX);
}

static int
ngif_dev_info(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct ngif_priv *priv = dev->data->dev_private;

	info->max_rx_queues = priv->nb_queues;
	info->max_tx_queues = priv->nb_queues;
	info->max_mac_addrs = 1;
	info->speed_capa = NGIF_SPEED_CAPA;
	info->min_mtu = RTE_PMD_NGIFACE_MTU_MIN;
	info->max_mtu = RTE_PMD_NGIFACE_MTU_MAX;
	/* ethdev adds Ethernet header and CRC to the largest MTU */
	info->max_rx_pktlen = RTE_PMD_NGIFACE_MTU_MAX + RTE_ETHER_HDR_LEN +
		RTE_ETHER_CRC_LEN;
	/*
	 * In l2=eth, Rx may copy a packet behind its Ethernet header into
	 * mbufs of the queue's mempool (ngif_rx_copy_eth), after their
	 * headroom: a pool with no room past it would take a copy no byte
	 * further.  ethdev refuses a pool with less than this at queue
	 * set-up.
	 */
	info->min_rx_bufsize = priv->l2 == NGIF_L2_ETH ? RTE_ETHER_HDR_LEN : 0;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	/* without it Rx hands out single-segment packets only */
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER;
	info->default_rxportconf.ring_size = ngif_nb_desc(priv);
	info->default_txportconf.ring_size = ngif_nb_desc(priv);
	return 0;
}

static int
ngif_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket, const struct rte_eth_rxconf *conf,
		    struct rte_mempool *mp)
{
	struct ngif_priv *priv = dev->data->dev_private;
	struct ngif_rxq *rxq = &priv->rxq[qid];

	RTE_SET_USED(nb_desc);
	RTE_SET_USED(socket);
	/*
	 * Kept for rxq_info_get, which adds the port's offloads of the time
	 * (ethdev hands the queue only those it adds, and a reconfigured
	 * port keeps its queues); not the application's arrays it may point
	 * to (no buffer split, one mempool).  Its deferred start is
	 * ngif_dev_start's.
	 */
	priv->rx_conf[qid] = *conf;
	priv->rx_conf[qid].rx_seg = NULL;
	priv->rx_conf[qid].rx_nseg = 0;
	priv->rx_conf[qid].rx_mempools = NULL;
	priv->rx_conf[qid].rx_nmempool = 0;
	rxq->priv = priv;
	rxq->qid = qid;
	rxq->port_id = dev->data->port_id;
	rxq->mp = mp;
	dev->data->rx_queues[qid] = rxq;
	return 0;
}

static int
ngif_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket, const struct rte_eth_txconf *conf)
{
	struct ngif_priv *priv = dev->data->dev_private;
	struct ngif_txq *txq = &priv->txq[qid];

	RTE_SET_USED(nb_desc);
	RTE_SET_USED(socket);
	priv->tx_conf[qid] = *conf;		/* as Rx */
	txq->priv = priv;
	txq->qid = qid;
	dev->data->tx_queues[qid] = txq;
	return 0;
}

static void
ngif_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		  struct rte_eth_rxq_info *qinfo)
{
	const struct ngif_priv *priv = dev->data->dev_private;
	uint16_t room;

	qinfo->mp = priv->rxq[qid].mp;
	/*
	 * What one of the pool's mbufs holds after its headroom: the most one
	 * mbuf of a copy Rx makes (ngif_rx_copy_eth) can carry.  The packets
	 * themselves come in the sender's mbufs, of any size.
	 */
	room = rte_pktmbuf_data_room_size(qinfo->mp);
	qinfo->rx_buf_size = room > RTE_PKTMBUF_HEADROOM ?
		room - RTE_PKTMBUF_HEADROOM : 0;
	qinfo->conf = priv->rx_conf[qid];
	qinfo->conf.offloads |= dev->data->dev_conf.rxmode.offloads;
	qinfo->scattered_rx = priv->rx_scatter;
	qinfo->nb_desc = ngif_nb_desc(priv);
}

static void
ngif_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		  struct rte_eth_txq_info *qinfo)
{
	const struct ngif_priv *priv = dev->data->dev_private;

	qinfo->conf = priv->tx_conf[qid];
	qinfo->conf.offloads |= dev->data->dev_conf.txmode.offloads;
	qinfo->nb_desc = ngif_nb_desc(priv);
}

static void
ngif_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	/* queues live inside the node; nothing to free */
	RTE_SET_USED(dev);
	RTE_SET_USED(qid);
}

static int
ngif_link_update(struct rte_eth_dev *dev, int wait)
{
	/* the link is ours to set: nothing to poll */
	RTE_SET_USED(dev);
	RTE_SET_USED(wait);
	return 0;
}

static int
ngif_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct ngif_priv *priv = dev->data->dev_private;

	if (mtu < RTE_PMD_NGIFACE_MTU_MIN)
		return -EINVAL;
	priv->mtu_default = mtu;	/* kept over a later configure */
	return 0;
}

static int
ngif_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *addr)
{
	rte_ether_addr_copy(addr, &dev->data->mac_addrs[0]);
	ngif_eth_hdr_update(dev->data->dev_private);
	return 0;
}

static int
ngif_addr_filter_noop(struct rte_eth_dev *dev)
{
	/* a point-to-point link has no address filter to change */
	RTE_SET_USED(dev);
	return 0;
}

/*
 * What Rx writes in packet_type (ngif_rx_finish).  Rx does not read the IP
 * header, so its L3 types are the ones that allow IPv4 options and IPv6
 * extension headers: the plain ones would promise there are none.
 */
static const uint32_t *
ngif_dev_supported_ptypes_get(struct rte_eth_dev *dev)
{
	static const uint32_t types[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN,
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN,
		RTE_PTYPE_UNKNOWN,
	};
	const struct ngif_priv *priv = dev->data->dev_private;

	return priv->l2 == NGIF_L2_ETH ? types : types + 1;
}

static const struct eth_dev_ops ngif_ops = {
	.dev_configure = ngif_dev_configure,
	.dev_start = ngif_dev_start,
	.dev_stop = ngif_dev_stop,
	.dev_close = ngif_dev_close,
	.dev_set_link_up = ngif_dev_set_link_up,
	.dev_set_link_down = ngif_dev_set_link_down,
	.dev_infos_get = ngif_dev_info,
	.rx_queue_setup = ngif_rx_queue_setup,
	.tx_queue_setup = ngif_tx_queue_setup,
	.rx_queue_start = ngif_rx_queue_start,
	.rx_queue_stop = ngif_rx_queue_stop,
	.tx_queue_start = ngif_tx_queue_start,
	.tx_queue_stop = ngif_tx_queue_stop,
	.rx_queue_release = ngif_queue_release,
	.tx_queue_release = ngif_queue_release,
	.rxq_info_get = ngif_rxq_info_get,
	.txq_info_get = ngif_txq_info_get,
	.link_update = ngif_link_update,
	.dev_supported_ptypes_get = ngif_dev_supported_ptypes_get,
	.mtu_set = ngif_mtu_set,
	.mac_addr_set = ngif_mac_addr_set,
	.promiscuous_enable = ngif_addr_filter_noop,
	.promiscuous_disable = ngif_addr_filter_noop,
	.allmulticast_enable = ngif_addr_filter_noop,
	.allmulticast_disable = ngif_addr_filter_noop,
	.stats_get = ngif_stats_get,
	.stats_reset = ngif_stats_reset,
	.xstats_get = ngif_xstats_get,
	.xstats_get_names = ngif_xstats_get_names,
	.xstats_reset = ngif_stats_reset,
};

/*
 * What a secondary process may do: read.  Configuration, start and stop,
 * link and MTU change the primary's node under the primary's registry lock
 * and, for the link, reach the primary's rte_eth_devices[] (priv->dev is an
 * address in the primary); from a secondary they answer -ENOTSUP, as
 * ethdev does for a missing op.  Close only lets the secondary's port go.
 */
static int
ngif_dev_close_secondary(struct rte_eth_dev *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

static const struct eth_dev_ops ngif_ops_secondary = {
	.dev_close = ngif_dev_close_secondary,
	.dev_infos_get = ngif_dev_info,
	.rxq_info_get = ngif_rxq_info_get,
	.txq_info_get = ngif_txq_info_get,
	.link_update = ngif_link_update,
	.dev_supported_ptypes_get = ngif_dev_supported_ptypes_get,
	.stats_get = ngif_stats_get,
	.stats_reset = ngif_stats_reset,
	.xstats_get = ngif_xstats_get,
	.xstats_get_names = ngif_xstats_get_names,
	.xstats_reset = ngif_stats_reset,
};

/************************************************************************
			NAMES FOR SECONDARY PROCESSES
 ************************************************************************/

/*
 * A node's ethdev is named after the node, not after its vdev, so a
 * secondary process (dpdk-dumpcap, dpdk-proc-info) probing "net_ngiface0"
 * cannot guess the port to attach.  The primary keeps vdev and node names
 * side by side, by port id, in a memzone every process can look up.
 */
struct ngif_name_map {
	char vdev[RTE_DEV_NAME_MAX_LEN];
	char node[RTE_PMD_NGIFACE_NAMESIZE];
};

#define NGIF_NAMES_MZ "ngiface_names"

static struct ngif_name_map *
ngif_names(void)
{
	const struct rte_memzone *mz = rte_memzone_lookup(NGIF_NAMES_MZ);

	if (mz == NULL && rte_eal_process_type() == RTE_PROC_PRIMARY)
		mz = rte_memzone_reserve(NGIF_NAMES_MZ,
			sizeof(struct ngif_name_map) * RTE_MAX_ETHPORTS,
			SOCKET_ID_ANY, 0);
	return mz != NULL ? mz->addr : NULL;
}

static void
ngif_names_set(uint16_t port, const char *vdev, const char *node)
{
	struct ngif_name_map *map = ngif_names();

	if (map == NULL)
		return;
	snprintf(map[port].vdev, sizeof(map[port].vdev), "%s", vdev);
	snprintf(map[port].node, sizeof(map[port].node), "%s", node);
}

static const char *
ngif_names_node_of(const char *vdev)
{
	struct ngif_name_map *map = ngif_names();
	unsigned int p;

	for (p = 0; map != NULL && p < RTE_MAX_ETHPORTS; p++)
		if (strcmp(map[p].vdev, vdev) == 0)
			return map[p].node;
	return NULL;
}

/*
 * Secondary: attach to the port the primary made.  Its bursts work on the
 * shared rings; a capture tap the primary set is not called from here.
 */
static int
ngif_probe_secondary(struct rte_vdev_device *vdev)
{
	const char *node = ngif_names_node_of(rte_vdev_device_name(vdev));
	struct rte_eth_dev *dev;
	int ret;

	if (node == NULL)
		return -ENODEV;
	/* the primary's flags: a secondary's Tx keeps the nesting limit */
	ret = ngif_nesting_register();
	if (ret != 0)
		return ret;
	ngif_proc_token_init();
	dev = rte_eth_dev_attach_secondary(node);
	if (dev == NULL)
		return -ENODEV;
	dev->device = &vdev->device;
	dev->dev_ops = &ngif_ops_secondary;
	dev->rx_pkt_burst = ngif_rx_burst;
	dev->tx_pkt_burst = ngif_tx_burst;
	rte_eth_dev_probing_finish(dev);
	return 0;
}

static int
ngif_remove_secondary(struct rte_vdev_device *vdev)
{
	const char *node = ngif_names_node_of(rte_vdev_device_name(vdev));
	struct rte_eth_dev *dev = node != NULL ? rte_eth_dev_allocated(node) :
		NULL;

	if (dev != NULL)
		rte_eth_dev_release_port(dev);
	return 0;
}

/************************************************************************
			PROBE AND REMOVE
 ************************************************************************/

static void
ngif_priv_init(struct ngif_priv *priv, struct rte_eth_dev *dev,
	       struct rte_vdev_device *vdev, const struct ngif_args *a)
{
	struct rte_eth_dev_data *data = dev->data;
	struct rte_ether_addr *mac = &priv->mac;

	priv->port_id = data->port_id;
	priv->nb_queues = a->queues;
	priv->ring_size = a->ring_size;
	priv->l2 = a->l2;
	priv->mode = a->mode;
	priv->mtu_default = a->mtu;
	priv->max_nesting = a->max_nesting;
	priv->link_admin_up = true;
	priv->vdev = vdev;
	priv->dev = dev;
	priv->data = dev->data;

	/* 02:'n':'g':00:port: locally administered, one per port */
	*mac = (struct rte_ether_addr){ .addr_bytes = { 0x02, 'n', 'g', 0,
		priv->port_id >> 8, priv->port_id & 0xff } };
	data->mac_addrs = mac;
	data->mtu = a->mtu != 0 ? a->mtu : RTE_PMD_NGIFACE_MTU_DEFAULT;
	data->dev_link = (struct rte_eth_link){
		.link_speed = RTE_ETH_SPEED_NUM_10G,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_status = RTE_ETH_LINK_DOWN,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};
	data->dev_flags |= RTE_ETH_DEV_INTR_LSC |
		RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;
	data->promiscuous = 1;
	data->all_multicast = 1;
	dev->dev_ops = &ngif_ops;
	dev->rx_pkt_burst = ngif_rx_burst;
	dev->tx_pkt_burst = ngif_tx_burst;
	/* the primary's only: the lock that keeps the bindings is its own */
	dev->rx_queue_count = ngif_rx_queue_count;
}

/* Peers named in devargs: echo and hole now, nodes now or when they come. */
static int
ngif_apply_peers(struct ngif_priv *priv, const struct ngif_args *a)
{
	const struct ngif_peer_arg *p;
	int h, ret = 0;

	for (h = 0; h < NGIF_NB_HOOKS && ret == 0; h++) {
		p = &a->peer[h];
		if (p->kind == RTE_PMD_NGIFACE_PEER_NODE) {
			strlcpy(priv->pending[h].node, p->node,
				sizeof(priv->pending[h].node));
			priv->pending[h].hook = p->hook;
			priv->pending[h].set = true;
		} else if (p->kind != RTE_PMD_NGIFACE_PEER_NONE) {
			ret = ngif_bind(priv, h, p->kind, NULL, NULL);
		}
	}
	return ret;
}

/*
 * The new node's name, iface= or ngN of the lowest free unit (*unit, else
 * -1), checked free with a port left for it.  Registry locked.
 */
static int
ngif_node_name(struct rte_vdev_device *vdev, const struct ngif_args *a,
	       char name[RTE_PMD_NGIFACE_NAMESIZE], int *unit)
{
	*unit = -1;
	if (a->name[0] != '\0') {
		strlcpy(name, a->name, RTE_PMD_NGIFACE_NAMESIZE);
	} else {
		*unit = ngif_lowest_free_unit();
		if (*unit < 0)
			return *unit;
		snprintf(name, RTE_PMD_NGIFACE_NAMESIZE, "ng%d", *unit);
	}
	/*
	 * EADDRINUSE, as netgraph's ng_name_node() answers a name in use.
	 * Not EEXIST: EAL reads that from a probe as "this device is probed
	 * already", so rte_dev_probe() (testpmd's port attach) answered 0
	 * with no port made, and an --vdev failed without EAL's word.
	 */
	if (ngif_find_by_name(name) != NULL ||
	    rte_eth_dev_allocated(name) != NULL) {
		NGIF_LOG(ERR, "%s: node name %s is taken (EADDRINUSE)",
			 rte_vdev_device_name(vdev), name);
		return -EADDRINUSE;
	}
	/* every port id taken is no want of memory: say which it is */
	if (rte_eth_dev_count_total() >= RTE_MAX_ETHPORTS) {
		NGIF_LOG(ERR, "%s: no free ethdev port (RTE_MAX_ETHPORTS %d)",
			 rte_vdev_device_name(vdev), RTE_MAX_ETHPORTS);
		return -ENOSPC;
	}
	return 0;
}

/* Called with the registry locked. */
static int
ngif_node_create(struct rte_vdev_device *vdev, const struct ngif_args *a)
{
	char name[RTE_PMD_NGIFACE_NAMESIZE];
	struct rte_eth_dev *dev;
	struct ngif_priv *priv;
	int unit, ret;

	ret = ngif_node_name(vdev, a, name, &unit);
	if (ret != 0)
		return ret;
	dev = rte_eth_dev_allocate(name);
	if (dev == NULL)
		return -ENOMEM;
	priv = rte_zmalloc_socket(name, sizeof(*priv), RTE_CACHE_LINE_SIZE,
				  vdev->device.numa_node);
	if (priv == NULL) {
		rte_eth_dev_release_port(dev);
		return -ENOMEM;
	}
	dev->device = &vdev->device;
	dev->data->dev_private = priv;
	dev->data->numa_node = vdev->device.numa_node;
	strlcpy(priv->name, name, sizeof(priv->name));
	priv->unit = unit;
	ngif_priv_init(priv, dev, vdev, a);
	ngif_eth_hdr_update(priv);

	ngif_register(priv);
	ret = ngif_hooks_create(priv);
	if (ret == 0)
		ret = ngif_apply_peers(priv, a);
	if (ret == 0)
		ret = ngif_join_own(priv);
	if (ret != 0) {
		ngif_hooks_destroy(priv);
		ngif_unregister(priv);
		dev->data->mac_addrs = NULL;
		rte_eth_dev_release_port(dev);
		return ret;
	}
	ngif_join_waiting(priv);
	ngif_names_set(priv->port_id, rte_vdev_device_name(vdev), name);
	rte_eth_dev_probing_finish(dev);
	NGIF_LOG(INFO, "%s: node %s, port %u", rte_vdev_device_name(vdev),
		 name, priv->port_id);
	return 0;
}

static int
ngif_probe(struct rte_vdev_device *vdev)
{
	const char *vname = rte_vdev_device_name(vdev);
	struct ngif_args args;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return ngif_probe_secondary(vdev);
	ret = ngif_args_parse(vname, rte_vdev_device_args(vdev), &args);
	if (ret != 0)
		return ret;
	ngif_rcu_init();
	ngif_proc_token_init();
	ret = ngif_nesting_register();
	if (ret != 0) {
		NGIF_LOG(ERR, "%s: mbuf dynamic field: %s", vname,
			 rte_strerror(-ret));
		return ret;
	}
	if (vdev->device.numa_node == SOCKET_ID_ANY)
		vdev->device.numa_node = rte_socket_id();

	ngif_registry_lock();
	ret = ngif_node_create(vdev, &args);
	ngif_registry_unlock();
	return ret;
}

static int
ngif_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev;
	struct ngif_priv *priv;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return ngif_remove_secondary(vdev);
	ngif_registry_lock();
	priv = ngif_find_by_vdev(vdev);
	dev = priv != NULL ? priv->dev : NULL;
	ngif_registry_unlock();
	if (dev == NULL)
		return 0;	/* the application closed the port already */
	ngif_dev_close(dev);
	rte_eth_dev_release_port(dev);
	return 0;
}

static struct rte_vdev_driver ngif_vdev_driver = {
	.probe = ngif_probe,
	.remove = ngif_remove,
};

#define NGIF_PARAMS \
	"iface=<name> " \
	"inet=<node:hook|echo|hole> " \
	"inet6=<node:hook|echo|hole> " \
	"l2=eth|none " \
	"mtu=<" RTE_STR(RTE_PMD_NGIFACE_MTU_MIN) "-" \
		RTE_STR(RTE_PMD_NGIFACE_MTU_MAX) "> " \
	"mode=p2p|broadcast " \
	"queues=<1-" RTE_STR(NGIF_MAX_QUEUES) "> " \
	"ring_size=<" RTE_STR(NGIF_RING_SIZE_MIN) "-" \
		RTE_STR(NGIF_RING_SIZE_MAX) "> " \
	"max_nesting=<1-" RTE_STR(NGIF_MAX_NESTING_MAX) ">"

RTE_PMD_REGISTER_VDEV(net_ngiface, ngif_vdev_driver);
RTE_PMD_REGISTER_PARAM_STRING(net_ngiface, NGIF_PARAMS);

/*
 * dpdk-pmdinfo.py lists a driver by a "PMD_INFO_STRING=" JSON record in its
 * .rodata.  DPDK's own build generates that record for the drivers in its
 * tree (buildtools/pmdinfogen.py, not shipped by Debian); a driver built
 * outside it must carry the record itself, or the tool finds nothing.
 */
static const char ngif_pmd_info[] __rte_used =
	"PMD_INFO_STRING= {\"name\": \"net_ngiface\", "
	"\"params\": \"" NGIF_PARAMS "\", \"pci_ids\": []}";
