/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The lcore plan: resolve every link's node, port and lcore and check the
 * whole plan before any port starts; then set the ports up (one queue pair
 * each, one mbuf pool) and bind the hooks the relay serves to the node's
 * own rings.
 */

#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ethdev_driver.h>
#include <rte_ethdev.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "relay.h"

/* Ports the relay set up, in the order it started them. */
static uint16_t used_ports[2 * RELAY_MAX_LINKS];
static unsigned int nb_used_ports;
/* used_ports[i] made promiscuous by the relay, which undoes it at the stop */
static bool promisc_set[2 * RELAY_MAX_LINKS];

/*
 * Each used port's kernel interface when it was set up (index 0: none),
 * and whether the stop leaves the port as it runs (its name taken by
 * another interface: port_kif_taken()).
 */
static struct {
	unsigned int index;
	char name[IF_NAMESIZE];
	bool kept;
} used_kif[2 * RELAY_MAX_LINKS];
static struct rte_mempool *relay_pool;

static void
list_ports(void)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	uint16_t p;
	int n = 0;

	fprintf(stderr, "  ethdevs:");
	RTE_ETH_FOREACH_DEV(p) {
		if (rte_eth_dev_get_name_by_port(p, name) == 0) {
			fprintf(stderr, " %s", name);
			n++;
		}
	}
	fprintf(stderr, "%s\n", n == 0 ? " none" : "");
}

/* A port is used once: as a link's PORT or as a --stack link's node. */
static int
claim_port(const struct relay_config *cfg, unsigned int upto, uint16_t port,
	   const char *name, const struct relay_link *self)
{
	const struct relay_link *o;
	unsigned int i;

	for (i = 0; i <= upto; i++) {
		o = &cfg->links[i];
		if (o != self && o->port == port)
			goto twice;
		if (o != self && o->kind == RELAY_LINK_STACK &&
		    o->node_port == port)
			goto twice;
	}
	return 0;
twice:
	fprintf(stderr, "error: port %s named twice (%s and %s)\n", name,
		o->spec, self->spec);
	return -EINVAL;
}

static int
check_hooks(const struct relay_config *cfg, unsigned int upto,
	    struct relay_link *l)
{
	struct rte_pmd_ngiface_peer peer;
	const struct relay_link *o;
	unsigned int i;
	uint16_t nbq;
	int h;

	if (l->kind == RELAY_LINK_STACK)
		return 0;
	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++)
		l->serves[h] = l->kind == RELAY_LINK_HOOKS || (int)l->hook == h;
	if (rte_pmd_ngiface_nb_queues(l->node_port, &nbq) != 0 || nbq != 1) {
		fprintf(stderr, "error: %s: the relay serves hooks of nodes with one queue (queues=1)\n",
			l->spec);
		return -EINVAL;
	}
	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++) {
		if (!l->serves[h])
			continue;
		for (i = 0; i < upto; i++) {
			o = &cfg->links[i];
			if (o->kind != RELAY_LINK_STACK &&
			    o->node_port == l->node_port && o->serves[h]) {
				fprintf(stderr, "error: hook %s:%s named twice (%s and %s)\n",
					l->node, rte_pmd_ngiface_hook_name(h),
					o->spec, l->spec);
				return -EINVAL;
			}
		}
		if (rte_pmd_ngiface_get_peer(l->node_port, h, &peer) == 0 &&
		    peer.kind != RTE_PMD_NGIFACE_PEER_NONE) {
			fprintf(stderr, "error: %s: hook %s:%s is already connected (devargs?)\n",
				l->spec, l->node, rte_pmd_ngiface_hook_name(h));
			return -EINVAL;
		}
	}
	return 0;
}

/* The link's node and port by name; a port that is its own node is refused. */
static int
resolve_link(struct relay_link *l)
{
	if (rte_pmd_ngiface_port_by_name(l->node, &l->node_port) != 0) {
		fprintf(stderr, "error: %s: no net_ngiface node named %s\n",
			l->spec, l->node);
		list_ports();
		return -EINVAL;
	}
	if (rte_eth_dev_get_port_by_name(l->port_name, &l->port) != 0) {
		fprintf(stderr, "error: %s: no port (ethdev) named %s\n",
			l->spec, l->port_name);
		list_ports();
		return -EINVAL;
	}
	/*
	 * A node as its own port is a loop with no exit: what leaves its
	 * hooks would be sent on its own stack side, which puts it on the
	 * hooks again (a --stack link loops the same way, the other round).
	 */
	if (l->port == l->node_port) {
		fprintf(stderr, "error: %s: port %s is the link's own node; give another port (a node's hooks join another node's with devargs or ngctl connect)\n",
			l->spec, l->port_name);
		return -EINVAL;
	}
	l->port_is_node = rte_pmd_ngiface_is_node(l->port) == 1;
	return 0;
}

/* Whether lcore polls one of the links, and so is launched to forward. */
bool
relay_lcore_forwards(const struct relay_config *cfg, unsigned int lcore)
{
	unsigned int i;

	for (i = 0; i < cfg->nb_links; i++)
		if (cfg->links[i].lcore == lcore)
			return true;
	return false;
}

/*
 * Check the plan: every lcore enabled and not the main one, every node and
 * port known, no port or hook named twice.  Prints one clear line per
 * problem and returns -EINVAL on the first.
 */
int
relay_plan_check(struct relay_config *cfg)
{
	unsigned int main_lcore = rte_get_main_lcore();
	unsigned int auto_lcore = rte_get_next_lcore(-1, 1, 0);
	struct relay_link *l;
	unsigned int i;

	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		if (l->lcore == RELAY_LCORE_AUTO) {
			if (auto_lcore >= RTE_MAX_LCORE) {
				fprintf(stderr, "error: %s: no forwarding lcore: give EAL two lcores or more (-l 0-1)\n",
					l->spec);
				return -EINVAL;
			}
			l->lcore = auto_lcore;
		}
		if (l->lcore == main_lcore) {
			fprintf(stderr, "error: %s: lcore %u is the main lcore, kept for the stats and the control thread; give a forwarding lcore\n",
				l->spec, l->lcore);
			return -EINVAL;
		}
		if (l->lcore >= RTE_MAX_LCORE || !rte_lcore_is_enabled(l->lcore)) {
			fprintf(stderr, "error: %s: lcore %u is not enabled in the EAL lcore set (-l/-c/--lcores)\n",
				l->spec, l->lcore);
			return -EINVAL;
		}
		if (resolve_link(l) != 0)
			return -EINVAL;
		if (claim_port(cfg, i, l->port, l->port_name, l) != 0)
			return -EINVAL;
		if (l->kind == RELAY_LINK_STACK &&
		    claim_port(cfg, i, l->node_port, l->node, l) != 0)
			return -EINVAL;
		if (check_hooks(cfg, i, l) != 0)
			return -EINVAL;
	}
	return 0;
}

static bool
port_used(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < nb_used_ports; i++)
		if (used_ports[i] == port)
			return true;
	return false;
}

static int
port_setup(const struct relay_config *cfg, uint16_t port)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	char name[RTE_ETH_NAME_MAX_LEN] = "?";
	char why[RELAY_STRERROR_LEN];
	uint16_t nb_rxd = cfg->nb_desc, nb_txd = cfg->nb_desc;
	int ret;

	if (port_used(port))
		return 0;
	rte_eth_dev_get_name_by_port(port, name);
	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_info_get(port, &info);
	if (ret == 0) {
		/*
		 * The relay moves mbufs whole and reads a chain where it must
		 * (the dispatch's version byte, the capture's copy): it takes
		 * chained packets where a port offers them (a net_ngiface
		 * node hands out single segments otherwise, copying a chain
		 * or dropping it when too long for one mbuf) and sends them
		 * where a port takes them.
		 */
		conf.rxmode.offloads = info.rx_offload_capa &
			RTE_ETH_RX_OFFLOAD_SCATTER;
		conf.txmode.offloads = info.tx_offload_capa &
			RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
		ret = rte_eth_dev_configure(port, 1, 1, &conf);
	}
	if (ret == 0)
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, nb_rxd,
					     rte_eth_dev_socket_id(port), NULL,
					     relay_pool);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, nb_txd,
					     rte_eth_dev_socket_id(port), NULL);
	if (ret != 0) {
		fprintf(stderr, "error: port %s: set-up failed: %s\n", name,
			relay_strerror(-ret, why, sizeof(why)));
		return ret;
	}
	used_kif[nb_used_ports].index = 0;
	used_kif[nb_used_ports].kept = false;
	if (info.if_index != 0 &&
	    if_indextoname(info.if_index, used_kif[nb_used_ports].name) != NULL)
		used_kif[nb_used_ports].index = info.if_index;
	used_ports[nb_used_ports++] = port;
	return 0;
}

/* A --hooks or --hook link's hooks, bound to the node's own rings. */
static int
bind_hooks(struct relay_link *l)
{
	char why[RELAY_STRERROR_LEN];
	int h, ret;

	for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++) {
		if (!l->serves[h])
			continue;
		ret = rte_pmd_ngiface_hook_rings(l->node_port, h, 0,
						 &l->hook_out[h], &l->hook_in[h]);
		if (ret == 0)
			ret = rte_pmd_ngiface_connect_rings(l->node_port, h,
					&l->hook_out[h], &l->hook_in[h], 1);
		if (ret != 0) {
			fprintf(stderr, "error: %s: cannot bind hook %s:%s: %s\n",
				l->spec, l->node, rte_pmd_ngiface_hook_name(h),
				relay_strerror(-ret, why, sizeof(why)));
			return ret;
		}
		l->rings_bound[h] = true;
	}
	return 0;
}

/*
 * The kernel interface behind a port, where dev_info names one
 * (net_af_packet's veth or NIC, net_tap's TAP or TUN), by its name in this
 * network namespace.  Returns 0, or -1 (none, or not in this namespace).
 */
static int
port_ifname(uint16_t port, char name[IF_NAMESIZE])
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.if_index == 0 ||
	    if_indextoname(info.if_index, name) == NULL)
		return -1;
	return 0;
}

/*
 * An interface's MTU straight from the kernel: ethdev knows only what was
 * set through it, and a configure puts 1500 there whatever the interface
 * has, such as the 1400 a relay before this one gave it.  SIOCGIFMTU reads
 * it, SIOCSIFMTU sets it (*mtu in).  Returns 0, or -1 with errno.
 */
static int
if_mtu(const char *name, unsigned long req, uint16_t *mtu)
{
	struct ifreq ifr;
	int s, ret, err;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_mtu = *mtu;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	ret = ioctl(s, req, &ifr);
	err = errno;
	close(s);
	errno = err;
	if (ret != 0 || req != SIOCGIFMTU)
		return ret;
	errno = ERANGE;
	if (ifr.ifr_mtu <= 0 || ifr.ifr_mtu > UINT16_MAX)
		return -1;
	*mtu = (uint16_t)ifr.ifr_mtu;
	return 0;
}

/* Nothing of l's MTU left to give back: neither at a forced stop nor by
 * the relay after this one. */
static void
drop_stack_mtu(struct relay_link *l)
{
	l->mtu_restore = 0;
	relay_force_mtu_done(l->mtu_force);
	relay_mtu_rec_drop(l);
}

/*
 * A --stack link's port is the node's interface to its stack, so it takes
 * the node's MTU: a kernel TUN left at 1500 under a node of mtu=1400 would
 * hand the node segments it drops (drop_mtu), a black hole for TCP, where
 * a TUN at 1400 makes the kernel size its segments and fragments to fit.
 * The port's MTU is its kernel interface's where it has one (ethdev's own
 * says 1500 after a configure, even for a veth left at 1400), and the MTU
 * it had is given back at the stop (relay_ports_stop): a veth or a NIC
 * under net_af_packet, or a persistent TAP, outlives the relay.
 * A port that is a node itself keeps its own MTU (it is another
 * interface), as does a port that cannot take the node's: both are said.
 * A port with no MTU to set (net_ring: it passes what it is given) is
 * left alone, in silence.
 */
static void
align_stack_mtu(struct relay_link *l)
{
	char why[RELAY_STRERROR_LEN];
	const char *reason = "the port is a node";
	uint16_t node_mtu, port_mtu, own;
	int ret;

	if (rte_eth_dev_get_mtu(l->node_port, &node_mtu) != 0 ||
	    rte_eth_dev_get_mtu(l->port, &port_mtu) != 0)
		return;
	l->mtu_ifname[0] = '\0';
	l->mtu_rec[0] = '\0';
	l->mtu_force = -1;
	if (!l->port_is_node && port_ifname(l->port, l->mtu_ifname) == 0)
		if_mtu(l->mtu_ifname, SIOCGIFMTU, &port_mtu);
	/* the interface's own MTU: a killed relay's record may know it */
	own = port_mtu;
	if (l->mtu_ifname[0] != '\0')
		own = relay_mtu_rec_claim(l, port_mtu, node_mtu);
	if (node_mtu == port_mtu && own == port_mtu)
		return;
	if (!l->port_is_node) {
		/* noted first: a forced stop may come while it changes */
		if (l->mtu_ifname[0] != '\0')
			l->mtu_force = relay_force_note_mtu(l->mtu_ifname,
				own, l->spec, l->port_name, l->mtu_rec);
		ret = node_mtu == port_mtu ? 0 :
			rte_eth_dev_set_mtu(l->port, node_mtu);
		if (ret == 0) {
			if (node_mtu != port_mtu)
				printf("%s: %s MTU %u, %s's (was %u)\n",
				       l->spec, l->port_name, node_mtu,
				       l->node, port_mtu);
			l->mtu_restore = own;
			l->mtu_set = node_mtu;
			if (own == node_mtu)
				drop_stack_mtu(l);	/* its own again */
			return;
		}
		/* a killed relay's MTU stays: given back at the stop */
		l->mtu_set = port_mtu;
		if (own != port_mtu)
			l->mtu_restore = own;
		else
			drop_stack_mtu(l);
		if (ret == -ENOTSUP)
			return;
		reason = relay_strerror(-ret, why, sizeof(why));
	}
	fprintf(stderr, "warning: %s: %s keeps MTU %u, %s has %u (%s): what is longer than the smaller is dropped\n",
		l->spec, l->port_name, port_mtu, l->node, node_mtu, reason);
}

/*
 * The MTU align_stack_mtu() changed, given back once the port stopped.
 * Through ethdev, or else straight to the kernel interface the MTU was
 * read from: ethdev refuses an MTU above the PMD's max_mtu, such as a
 * veth's 9000 under net_af_packet, which would stay at the node's.  Said
 * either way.  An interface no longer in this namespace under the name it
 * had (a TUN the user moved into another: it goes with the relay) is left
 * alone, in silence: its index may name another interface here now.  One
 * whose MTU is no longer the one the relay left it at was set by hand
 * since: that MTU is its own now, as a dead relay's record on an
 * interface at another MTU says (relay_mtu_rec.c), and it keeps it, said.
 */
static void
restore_stack_mtu(struct relay_link *l)
{
	char why[RELAY_STRERROR_LEN], now[IF_NAMESIZE];
	uint16_t mtu = l->mtu_restore, cur;
	int ret;

	if (mtu == 0)
		return;
	l->mtu_restore = 0;
	/* looked at first: ethdev's set goes by name (net_tap's SIOCSIFMTU),
	 * to whatever interface has that name here now */
	if (l->mtu_ifname[0] != '\0' &&
	    (port_ifname(l->port, now) != 0 ||
	     strcmp(now, l->mtu_ifname) != 0)) {
		drop_stack_mtu(l);
		return;
	}
	if (l->mtu_ifname[0] != '\0' && if_mtu(now, SIOCGIFMTU, &cur) == 0 &&
	    cur != l->mtu_set) {
		drop_stack_mtu(l);
		printf("%s: %s MTU %u, not the %u the relay gave it: changed since, kept (%u before the relay)\n",
		       l->spec, l->port_name, cur, l->mtu_set, mtu);
		return;
	}
	ret = rte_eth_dev_set_mtu(l->port, mtu);
	if (ret != 0 && l->mtu_ifname[0] != '\0')
		ret = if_mtu(now, SIOCSIFMTU, &mtu) == 0 ? 0 : -errno;
	/*
	 * Done once tried, not before: a forced exit while it is under way
	 * gives the MTU back itself (twice is no harm), where one that found
	 * it done before the set left the node's.  The record goes after the
	 * set too: a SIGKILL until now leaves it to the next relay.
	 */
	relay_mtu_rec_drop(l);
	relay_force_mtu_done(l->mtu_force);
	if (ret == 0)
		printf("%s: %s MTU %u again\n", l->spec, l->port_name, mtu);
	else
		fprintf(stderr, "warning: %s: %s MTU %u not given back: %s\n",
			l->spec, l->port_name, mtu,
			relay_strerror(-ret, why, sizeof(why)));
}

/* What the rings of every node can hold: each queue's own out and in ring. */
static uint64_t
node_rings_room(void)
{
	struct rte_ring *out, *in;
	uint64_t room = 0;
	uint16_t port, q;
	int h;

	RTE_ETH_FOREACH_DEV(port) {
		if (rte_pmd_ngiface_is_node(port) != 1)
			continue;
		for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++)
			for (q = 0; rte_pmd_ngiface_hook_rings(port, h, q, &out,
							       &in) == 0; q++)
				room += rte_ring_get_capacity(out) +
					rte_ring_get_capacity(in);
	}
	return room;
}

/*
 * A pool smaller than what may sit outside it stalls without an error:
 * once the nodes' rings (a hook nobody drains, a peer slower than its
 * sender) and the ports' Rx descriptors hold every mbuf, a port finds none
 * and receives nothing until they drain (rx_nombuf, where its PMD counts
 * it).  Said once at start, as an upper bound: not every PMD fills its Rx
 * descriptors, and no traffic need fill the rings.
 */
static void
pool_check(const struct relay_config *cfg)
{
	const uint64_t rings = node_rings_room();
	uint64_t descs = 0, held;
	struct rte_eth_rxq_info qi;
	unsigned int i;

	for (i = 0; i < nb_used_ports; i++) {
		if (rte_pmd_ngiface_is_node(used_ports[i]) == 1)
			continue;	/* its Rx takes from the rings above */
		if (rte_eth_rx_queue_info_get(used_ports[i], 0, &qi) == 0)
			descs += qi.nb_desc;
		else
			descs += cfg->nb_desc;
	}
	held = rings + descs + (uint64_t)RELAY_POOL_CACHE * rte_lcore_count();
	if (held > cfg->nb_mbufs)
		fprintf(stderr, "warning: --mbufs %u: the nodes' rings (%" PRIu64 ") and the ports' Rx descriptors (%" PRIu64 ") can hold %" PRIu64 " with the lcores' caches; were they full, a port would find no mbuf and receive nothing until they drain\n",
			cfg->nb_mbufs, rings, descs, held);
}

/*
 * Whether used port i's kernel interface, where it has one, is
 * promiscuous already: set by its administrator, the flag is the kernel's
 * and not ethdev's (net_af_packet's port says it is not), and the stop
 * must not take it off.
 */
static bool
port_kif_promisc(unsigned int i)
{
	short flags = 0;
	int s;

	if (used_kif[i].index == 0)
		return false;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return false;
	if (relay_if_flags_at(s, used_kif[i].index, used_kif[i].name,
			      SIOCGIFFLAGS, &flags) != 0)
		flags = 0;
	close(s);
	return (flags & IFF_PROMISC) != 0;
}

/* Set every port up, bind the served hooks, then start the ports. */
int
relay_ports_start(struct relay_config *cfg)
{
	char why[RELAY_STRERROR_LEN];
	struct relay_link *l;
	unsigned int i, j;
	bool kif_promisc;
	int ret;

	relay_pool = rte_pktmbuf_pool_create("relay_pool", cfg->nb_mbufs,
					     RELAY_POOL_CACHE, 0,
					     RTE_MBUF_DEFAULT_BUF_SIZE,
					     rte_socket_id());
	if (relay_pool == NULL) {
		/* most often --no-huge without -m: EAL then has 64 MB */
		fprintf(stderr, "error: mbuf pool of %u: %s%s\n", cfg->nb_mbufs,
			relay_strerror(rte_errno, why, sizeof(why)),
			rte_errno != ENOMEM ? "" :
			"; give EAL more memory (-m MB: with --no-huge and no -m EAL has 64 MB; with no memory option at all the relay adds --no-huge -m 512), or fewer --mbufs");
		return -ENOMEM;
	}
	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		ret = port_setup(cfg, l->node_port);
		if (ret == 0)
			ret = port_setup(cfg, l->port);
		if (ret == 0 && l->kind != RELAY_LINK_STACK)
			ret = bind_hooks(l);
		if (ret != 0)
			return ret;
		if (l->kind == RELAY_LINK_STACK)
			align_stack_mtu(l);
	}
	for (j = 0; j < nb_used_ports; j++) {
		char name[RTE_ETH_NAME_MAX_LEN] = "?";

		rte_eth_dev_get_name_by_port(used_ports[j], name);
		/* before the start: ethdev's replays its own view (off) */
		kif_promisc = port_kif_promisc(j);
		ret = rte_eth_dev_start(used_ports[j]);
		if (ret != 0) {
			fprintf(stderr, "error: port %s: start failed: %s\n",
				name, relay_strerror(-ret, why, sizeof(why)));
			return ret;
		}
		/* not every PMD has it (net_tun, the nodes): best effort; the
		 * stop undoes it where neither ethdev nor the kernel had it */
		promisc_set[j] = rte_eth_promiscuous_get(used_ports[j]) == 0 &&
			rte_eth_promiscuous_enable(used_ports[j]) == 0 &&
			!kif_promisc;
	}
	relay_tun_flags_mark(false);
	pool_check(cfg);
	return 0;
}

/*
 * Whether used port i's kernel interface no longer has the name it had
 * here, and another interface has it now: a TUN moved into another
 * namespace (scripts/run.sh's), renamed or deleted, its name then taken by
 * another relay's TUN (a name free here passes that relay's checks) or the
 * user's.  net_tap and net_af_packet act by name: their stop and close
 * take "their" interface down (a TUN or veth, its IPv6 addresses with it),
 * and would take that one down.  Said once; such a port is not stopped,
 * and relay_ports_close() releases it from ethdev without its PMD's close:
 * rte_eal_cleanup() closes every vdev whose port it finds (Debian's 22.11
 * does).  The process's exit closes its queues (a TUN it made goes with
 * them).
 */
static bool
port_kif_taken(unsigned int i)
{
	char name[RTE_ETH_NAME_MAX_LEN] = "?";
	unsigned int now;

	if (used_kif[i].index == 0)
		return false;
	now = if_nametoindex(used_kif[i].name);
	if (now == 0 || now == used_kif[i].index)
		return false;
	rte_eth_dev_get_name_by_port(used_ports[i], name);
	fprintf(stderr, "warning: port %s: %s names another interface here now (index %u; the port's was %u: moved to another namespace, renamed or deleted): neither stopped nor closed, as its PMD would act on that one by name (take it down); the process's exit closes the port's queues\n",
		name, used_kif[i].name, now, used_kif[i].index);
	return true;
}

/* Stop the ports and unbind the hooks; relay_ports_close() closes them. */
void
relay_ports_stop(struct relay_config *cfg)
{
	struct relay_link *l;
	unsigned int i;
	int h;

	/*
	 * The promiscuous mode the relay set, undone while the port runs:
	 * net_af_packet left its interface PROMISC for good (a kernel flag).
	 * Not on a port whose interface's name is now another's: net_tap
	 * acts by name.
	 */
	relay_tun_flags_mark(true);
	for (i = 0; i < nb_used_ports; i++) {
		used_kif[i].kept = port_kif_taken(i);
		if (!used_kif[i].kept) {
			if (promisc_set[i])
				rte_eth_promiscuous_disable(used_ports[i]);
			rte_eth_dev_stop(used_ports[i]);
		}
		promisc_set[i] = false;
	}
	/*
	 * Last changed, first given back: two ports on one interface (two
	 * net_tun under one iface=) each changed its MTU, and the second
	 * took the first's node MTU for the interface's own; in link order
	 * the interface ended at that one.
	 */
	for (i = cfg->nb_links; i-- > 0;)
		restore_stack_mtu(&cfg->links[i]);
	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		for (h = 0; h < RTE_PMD_NGIFACE_HOOK_MAX; h++) {
			if (!l->rings_bound[h])
				continue;
			rte_pmd_ngiface_disconnect(l->node_port, h);
			l->rings_bound[h] = false;
		}
	}
}

/*
 * Close the ports (after the totals were read from them); a port whose
 * interface's name another interface has now is released unclosed
 * (port_kif_taken()).
 */
void
relay_ports_close(void)
{
	unsigned int i;

	for (i = 0; i < nb_used_ports; i++) {
		if (used_kif[i].kept)
			rte_eth_dev_release_port(&rte_eth_devices[used_ports[i]]);
		else
			rte_eth_dev_close(used_ports[i]);
	}
	nb_used_ports = 0;
}
