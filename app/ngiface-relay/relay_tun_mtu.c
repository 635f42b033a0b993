/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The MTU of a user's TUN or TAP across EAL's probe.  DPDK 22.11's
 * net_tap sets the interface it opens to MTU 1500 in its probe, inside
 * rte_eal_init(), whatever the interface had: a persistent TUN at 9000 or
 * 1300 named with iface= had lost its MTU before the relay read the one
 * it would give back at its stop, and ended at 1500, or at the node's,
 * for good.  A dead relay's record of it (relay_mtu_rec.c) was lost the
 * same way: the interface was no longer at the MTU the record said, so
 * the record read as a change by hand.
 *
 * So the MTU of each such interface is read before EAL starts, from the
 * rtnetlink answer relay_tun_check.c asks for anyway, a dead relay's
 * record taken into account; it is recorded, as any MTU the relay
 * changes, and noted for a forced stop, and given back as soon as EAL's
 * init returns, failed or not.  From there the interface is as the user
 * left it: a --stack port takes its node's MTU from its own, says it was
 * that, and gives it back at the stop, as for any other interface; a
 * port of --hooks or --hook keeps the user's MTU.
 *
 * net_tap's stop takes the interface down, and the relay's start made it
 * promiscuous (relay_plan.c, for every port): a TUN the user had up was
 * down after the relay, and promiscuous for good.  Its up and promiscuous
 * flags as they were before EAL are given back after rte_eal_cleanup(),
 * but for one changed by hand while the relay ran (read as the ports
 * started and as they stop), which stays as the user set it, as a
 * hand-set MTU does.
 * A forced stop closes no port and leaves them as they are.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <net/if.h>

#include "relay.h"

/* A TUN or TAP of the user's, named with iface=. */
struct tun_mtu {
	char head[RELAY_NAME_MAX + IF_NAMESIZE + 16];	/* "--vdev=D,iface=N" */
	char ifname[IF_NAMESIZE];
	unsigned int ifindex;
	uint16_t cur;	/* its MTU before EAL */
	uint16_t own;	/* the MTU to give it back: cur, or a record's */
	short flags;	/* its IFF_UP and IFF_PROMISC to give it back */
	short run;	/* those once the ports started */
	bool run_read;	/* run was read */
	int force;	/* its record for a forced stop, -1: none */
	char rec[RELAY_MTU_REC_PATH];	/* its record's file, or "" */
};

#define TUN_FLAGS_KEPT (IFF_UP | IFF_PROMISC)

static struct tun_mtu tun_mtus[RELAY_TUN_MTU_MAX];
static unsigned int tun_nb_mtus;

void
relay_tun_mtu_note(const char *devargs, const char *ifname,
		   unsigned int ifindex, uint32_t mtu, unsigned int flags)
{
	struct tun_mtu *m = &tun_mtus[tun_nb_mtus];
	unsigned int i;

	if (mtu == 0 || mtu > UINT16_MAX)
		return;
	/* one interface under two --vdev: net_tap's own to judge */
	for (i = 0; i < tun_nb_mtus; i++)
		if (tun_mtus[i].ifindex == ifindex)
			return;
	if (tun_nb_mtus == RTE_DIM(tun_mtus)) {
		fprintf(stderr, "warning: --vdev=%s: more than %u TUN/TAP interfaces named: net_tap's probe sets %s to MTU %u, and its MTU %u is not given back\n",
			devargs, (unsigned int)RTE_DIM(tun_mtus), ifname,
			RTE_ETHER_MTU, mtu);
		return;
	}
	snprintf(m->head, sizeof(m->head), "--vdev=%.*s,iface=%s",
		 (int)strcspn(devargs, ","), devargs, ifname);
	snprintf(m->ifname, sizeof(m->ifname), "%s", ifname);
	m->ifindex = ifindex;
	m->cur = (uint16_t)mtu;
	m->own = m->cur;
	m->flags = (short)(flags & TUN_FLAGS_KEPT);
	m->run_read = false;
	m->force = -1;
	m->rec[0] = '\0';
	tun_nb_mtus++;
}

void
relay_tun_mtu_keep(void)
{
	struct tun_mtu *m;
	unsigned int i;

	for (i = 0; i < tun_nb_mtus; i++) {
		m = &tun_mtus[i];
		/* the probe's change is the relay's: recorded first */
		m->own = relay_mtu_rec_claim_if(m->head, m->ifname, m->cur,
						RTE_ETHER_MTU, m->rec);
		/*
		 * A dead relay's record may make its own 1500 while it is at
		 * another MTU, the probe yet to come: a forced stop before
		 * the probe gives it back too.
		 */
		if (m->own != RTE_ETHER_MTU || m->own != m->cur)
			m->force = relay_force_note_mtu(m->ifname, m->own,
							m->head, m->ifname,
							m->rec);
	}
}

/* m's own MTU back, where the probe changed it; said. */
static void
tun_mtu_back(int s, struct tun_mtu *m)
{
	char why[RELAY_STRERROR_LEN];
	uint16_t now = 0, own = m->own;
	int ret;

	ret = relay_if_mtu_at(s, m->ifindex, m->ifname, SIOCGIFMTU, &now);
	if (ret == 0 && now != own)
		ret = relay_if_mtu_at(s, m->ifindex, m->ifname, SIOCSIFMTU,
				      &own);
	/* ret 1: no longer here under its name (removed, renamed or moved
	 * meanwhile): nothing to give back, in silence */
	if (ret == 0 && now != own)
		printf("%s: %s MTU %u again, its own (net_tap's probe set %u)\n",
		       m->head, m->ifname, own, now);
	else if (ret < 0)
		fprintf(stderr, "warning: %s: %s MTU %u not given back after net_tap's probe: %s\n",
			m->head, m->ifname, own,
			relay_strerror(errno, why, sizeof(why)));
	relay_mtu_rec_drop_path(m->rec);
	relay_force_mtu_done(m->force);
	m->force = -1;
}

/*
 * fn on each TUN/TAP noted, with a socket for its ioctls; what names what
 * is not given back where there is no socket (NULL: nothing said).
 */
static void
tun_each(void (*fn)(int s, struct tun_mtu *m), const char *what)
{
	char why[RELAY_STRERROR_LEN];
	unsigned int i;
	int s;

	if (tun_nb_mtus == 0)
		return;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		if (what != NULL)
			fprintf(stderr, "warning: %s not given back: socket: %s\n",
				what, relay_strerror(errno, why, sizeof(why)));
		return;	/* MTU records stay, for the next relay */
	}
	for (i = 0; i < tun_nb_mtus; i++)
		fn(s, &tun_mtus[i]);
	close(s);
}

void
relay_tun_mtu_back(void)
{
	tun_each(tun_mtu_back, "the MTUs net_tap's probe set");
}

/* m's up and promiscuous flags back, where the relay's run changed them. */
static void
tun_flags_back(int s, struct tun_mtu *m)
{
	char why[RELAY_STRERROR_LEN];
	short flags = 0;
	int ret;

	/* ret 1: removed, renamed or moved meanwhile */
	ret = relay_if_flags_at(s, m->ifindex, m->ifname, SIOCGIFFLAGS,
				&flags);
	if (ret > 0)
		return;
	if (ret < 0)
		goto fail;
	if ((flags & TUN_FLAGS_KEPT) == m->flags)
		return;
	flags = (short)((flags & ~TUN_FLAGS_KEPT) | m->flags);
	ret = relay_if_flags_at(s, m->ifindex, m->ifname, SIOCSIFFLAGS,
				&flags);
	if (ret > 0)
		return;
	if (ret < 0)
		goto fail;
	printf("%s: %s %s and %spromiscuous again, as it was\n", m->head,
	       m->ifname, m->flags & IFF_UP ? "up" : "down",
	       m->flags & IFF_PROMISC ? "" : "not ");
	return;
fail:
	fprintf(stderr, "warning: %s: %s not set %s and %spromiscuous again, as it was: %s\n",
		m->head, m->ifname, m->flags & IFF_UP ? "up" : "down",
		m->flags & IFF_PROMISC ? "" : "not ",
		relay_strerror(errno, why, sizeof(why)));
}

/*
 * At the ports' start, m's flags as the start left them; at their stop,
 * a flag that differs from that was set by hand meanwhile: kept.
 */
static void
tun_flags_mark(int s, struct tun_mtu *m, bool stopping)
{
	short flags = 0, hand;

	if (relay_if_flags_at(s, m->ifindex, m->ifname, SIOCGIFFLAGS,
			      &flags) != 0)
		return;
	if (!stopping) {
		m->run = (short)(flags & TUN_FLAGS_KEPT);
		m->run_read = true;
		return;
	}
	if (!m->run_read)
		return;
	hand = (short)((flags ^ m->run) & TUN_FLAGS_KEPT);
	m->flags = (short)((m->flags & ~hand) | (flags & hand));
}

static void
tun_flags_at_start(int s, struct tun_mtu *m)
{
	tun_flags_mark(s, m, false);
}

static void
tun_flags_at_stop(int s, struct tun_mtu *m)
{
	tun_flags_mark(s, m, true);
}

/* without a socket, the flags from before EAL, whatever happened */
void
relay_tun_flags_mark(bool stopping)
{
	tun_each(stopping ? tun_flags_at_stop : tun_flags_at_start, NULL);
}

void
relay_tun_flags_back(void)
{
	tun_each(tun_flags_back, "the flags of the TUN/TAPs named with iface=");
}
