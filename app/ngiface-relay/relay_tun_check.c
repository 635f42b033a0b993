/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * A TUN or TAP interface named by the user (--vdev=net_tun0,iface=NAME)
 * that another process holds open is refused before EAL starts.  DPDK
 * 22.11's net_tap opens its interface with IFF_MULTI_QUEUE, so it joins
 * such an interface as one more queue, and the one that holds it (another
 * relay, the same unit started twice) is damaged by a process it never
 * heard of: the probe sets the interface's MTU back to 1500 (a relay's
 * nodes of mtu=1400 then black-hole TCP), the kernel splits its traffic
 * between the two, and the joiner's stop takes the interface down, which
 * removes its IPv6 addresses.  The stop in question may well be a refusal
 * after EAL init (a --ctl PATH in use): the second relay said "error" and
 * exit 2, and the first one was left with its TUN down.
 *
 * A persistent interface that no process holds (ip tuntap add ...
 * multi_queue) is the user's to give, and is joined as before.  The queues
 * are counted by rtnetlink (the tun driver's IFLA_TUN_NUM_QUEUES and
 * IFLA_TUN_NUM_DISABLED_QUEUES: net_tap keeps a detached one open), in the
 * network namespace the relay runs in, where net_tap would look the name
 * up; /sys/class/net may show another namespace's.  The same answer
 * gives such an interface's MTU, which the probe sets to 1500: it is
 * noted here, before it is lost (relay_tun_mtu.c).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "relay.h"

#define TUN_NL_BUF 32768

/*
 * The attribute of type type among those in [rta, rta + len), or NULL.
 * Nothing here is const: the kernel's RTA_ and NLMSG_ macros cast to
 * char *, and clang's -Wcast-qual (unlike gcc's) reports that in a macro
 * from a system header too.
 */
static struct rtattr *
rta_find(struct rtattr *rta, int len, unsigned short type)
{
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == type)
			return rta;
	return NULL;
}

static uint32_t
rta_u32(struct rtattr *rta)
{
	uint32_t v = 0;

	if (rta != NULL && RTA_PAYLOAD(rta) >= sizeof(v))
		memcpy(&v, RTA_DATA(rta), sizeof(v));
	return v;
}

/* What rtnetlink tells of a TUN or TAP interface by name. */
struct tun_link {
	bool tun;		/* one of that name, TUN or TAP, is there */
	unsigned int queues;	/* open, detached ones too */
	unsigned int ifindex;
	uint32_t mtu;
	unsigned int flags;	/* IFF_* */
};

/*
 * The TUN or TAP interface of one RTM_NEWLINK message into t; t->tun
 * false for an interface of another kind (net_tap refuses it itself,
 * later).
 */
static void
tun_link_of(struct nlmsghdr *nh, struct tun_link *t)
{
	struct ifinfomsg *ifi = NLMSG_DATA(nh);
	struct rtattr *info, *kind, *data;
	int len = IFLA_PAYLOAD(nh);

	info = rta_find(IFLA_RTA(ifi), len, IFLA_LINKINFO);
	if (info == NULL)
		return;
	kind = rta_find(RTA_DATA(info), RTA_PAYLOAD(info), IFLA_INFO_KIND);
	data = rta_find(RTA_DATA(info), RTA_PAYLOAD(info), IFLA_INFO_DATA);
	if (kind == NULL || data == NULL ||
	    strncmp(RTA_DATA(kind), "tun", RTA_PAYLOAD(kind)) != 0)
		return;
	t->tun = true;
	t->ifindex = (unsigned int)ifi->ifi_index;
	t->flags = ifi->ifi_flags;
	t->mtu = rta_u32(rta_find(IFLA_RTA(ifi), len, IFLA_MTU));
	t->queues = rta_u32(rta_find(RTA_DATA(data), RTA_PAYLOAD(data),
				     IFLA_TUN_NUM_QUEUES)) +
		rta_u32(rta_find(RTA_DATA(data), RTA_PAYLOAD(data),
				 IFLA_TUN_NUM_DISABLED_QUEUES));
}

/* Ask for the link named name; 0 or a negative errno. */
static int
tun_ask(int fd, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attr[RTA_SPACE(IFNAMSIZ)];
	} req;
	struct rtattr *rta;
	size_t len = strlen(name) + 1;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.ifi.ifi_family = AF_UNSPEC;
	rta = (struct rtattr *)req.attr;
	rta->rta_type = IFLA_IFNAME;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), name, len);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi)) + RTA_SPACE(len);
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -errno;
	return 0;
}

/*
 * The TUN or TAP interface named name in this network namespace into t
 * (t->tun false when there is none of that name, or one of another
 * kind): 0, or a negative errno when rtnetlink cannot tell.
 */
static int
tun_link_get(const char *name, struct tun_link *t)
{
	static char buf[TUN_NL_BUF] __rte_aligned(NLMSG_ALIGNTO);
	const struct timeval tv = { .tv_sec = 1 };
	struct nlmsghdr *nh;
	int fd, ret;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	/* the kernel answers at once; never hang the start on it */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ret = tun_ask(fd, name);
	if (ret == 0) {
		n = recv(fd, buf, sizeof(buf), 0);
		ret = n < 0 ? -errno : -EBADMSG;
		nh = (struct nlmsghdr *)buf;
		if (n > 0 && NLMSG_OK(nh, (size_t)n)) {
			if (nh->nlmsg_type == RTM_NEWLINK) {
				tun_link_of(nh, t);
				ret = 0;
			} else if (nh->nlmsg_type == NLMSG_ERROR)
				ret = ((struct nlmsgerr *)
				       NLMSG_DATA(nh))->error;
		}
	}
	close(fd);
	return ret == -ENODEV ? 0 : ret;
}

/*
 * The iface= value of a net_tun or net_tap devargs string ("net_tun0,
 * iface=tun0,..."), copied into name; false for another driver's, or
 * no iface= (net_tap then makes an interface of a new name).
 */
static bool
tun_vdev_iface(const char *devargs, char name[IFNAMSIZ])
{
	static const char *const drivers[] = { "net_tun", "net_tap", "eth_tap" };
	const char *p;
	size_t len;
	unsigned int i;

	for (i = 0; i < RTE_DIM(drivers); i++)
		if (strncmp(devargs, drivers[i], strlen(drivers[i])) == 0)
			break;
	if (i == RTE_DIM(drivers))
		return false;
	for (p = strchr(devargs, ','); p != NULL; p = strchr(p, ',')) {
		p++;
		if (strncmp(p, "iface=", 6) != 0)
			continue;
		p += 6;
		len = strcspn(p, ",");
		if (len == 0 || len >= IFNAMSIZ)
			return false;	/* net_tap says what is wrong */
		memcpy(name, p, len);
		name[len] = '\0';
		return true;
	}
	return false;
}

/*
 * The holders of a TUN or TAP interface by name: the tun driver shows the
 * interface of an open queue in the descriptor's fdinfo ("iff:").  The
 * name is all it shows, so a holder in another network namespace may hold
 * another interface of that name, or this one before it was moved there:
 * that is said with it.
 */
struct tun_want {
	const char *name;
	char iff[IFNAMSIZ + 8];	/* its fdinfo line: "iff:\tNAME\n" */
	struct stat netns;	/* this process's network namespace */
};

static bool
tun_fd_match(const char *pid, const char *fd, const char *target,
	     const void *arg)
{
	const struct tun_want *w = arg;
	char path[64], line[64];
	bool found = false;
	FILE *f;

	if (strcmp(target, "/dev/net/tun") != 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, fd);
	f = fopen(path, "re");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strcmp(line, w->iff) == 0;
	fclose(f);
	return found;
}

static void
tun_holder_say(long pid, const char *comm, const void *arg)
{
	const struct tun_want *w = arg;
	char path[64];
	struct stat st;
	bool here;

	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	here = stat(path, &st) == 0 && st.st_dev == w->netns.st_dev &&
		st.st_ino == w->netns.st_ino;
	fprintf(stderr, "error: process %ld (%s) has a queue of a TUN/TAP named %s open%s\n",
		pid, comm, w->name,
		here ? "" : " (from another network namespace: it may hold another of that name)");
}

static void
tun_say_holders(const char *name)
{
	struct tun_want w;
	unsigned int more;

	w.name = name;
	snprintf(w.iff, sizeof(w.iff), "iff:\t%s\n", name);
	if (stat("/proc/self/ns/net", &w.netns) != 0)
		memset(&w.netns, 0, sizeof(w.netns));
	more = relay_holders(tun_fd_match, &w, tun_holder_say);
	if (more != 0)
		fprintf(stderr, "error: %u more processes have a queue of %s open, not named\n",
			more, name);
}

/* One --vdev's devargs: 0, or -EEXIST after saying why. */
static int
tun_vdev_check(const char *devargs)
{
	char name[IFNAMSIZ], why[RELAY_STRERROR_LEN];
	struct tun_link t;
	int ret;

	if (!tun_vdev_iface(devargs, name))
		return 0;
	ret = tun_link_get(name, &t);
	if (ret < 0) {
		/* as before this check: the start goes on */
		fprintf(stderr, "warning: --vdev=%s: cannot tell whether another process holds %s: %s\n",
			devargs, name, relay_strerror(-ret, why, sizeof(why)));
		return 0;
	}
	if (!t.tun)
		return 0;
	if (t.queues == 0) {
		/* the user's to give: its MTU outlives net_tap's probe */
		relay_tun_mtu_note(devargs, name, t.ifindex, t.mtu,
				   t.flags);
		return 0;
	}
	fprintf(stderr, "error: --vdev=%s: %s is a TUN/TAP interface that another process holds (%u queue(s) open: another relay's?); net_tap would join it as one more queue, set its MTU back, share its traffic and take it down at this relay's stop, its IPv6 addresses with it. Stop that process, or give another iface= (ip -d link show %s: numqueues)\n",
		devargs, name, t.queues, name);
	tun_say_holders(name);
	return -EEXIST;
}

int
relay_tun_check(int argc, char **argv)
{
	int i, ret;

	for (i = 1; i < argc; i++) {
		ret = 0;
		if (strncmp(argv[i], "--vdev=", 7) == 0)
			ret = tun_vdev_check(argv[i] + 7);
		else if (strcmp(argv[i], "--vdev") == 0 && i + 1 < argc)
			ret = tun_vdev_check(argv[++i]);
		if (ret != 0)
			return ret;
	}
	return 0;
}
