/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The control socket (--ctl PATH): the netgraph control plane of
 * lib/control, embedded in the relay.
 *
 * HOOK POINT: lib/control's server is not wired in yet.  relay_ctl_start()
 * is the one place to start it (main.c calls it once, after the ports are
 * up and before the forwarding lcores are launched); relay_ctl_poll() is
 * called by the main lcore's loop about every 100 ms; relay_ctl_stop() at
 * exit.  Until then --ctl is accepted and only reported.
 */

#include <stdio.h>

#include "relay.h"

#define RELAY_CTL_DEFAULT "/var/run/ngiface/ngctl.sock"	/* NGC_DEFAULT_SOCKET */

int
relay_ctl_start(const struct relay_config *cfg)
{
	const char *path = cfg->ctl_path != NULL ? cfg->ctl_path :
		RELAY_CTL_DEFAULT;

	/* HOOK POINT: start lib/control's server on path here. */
	if (cfg->ctl_path != NULL)
		printf("control socket %s: not available in this build (lib/control not wired)\n",
		       path);
	return 0;
}

void
relay_ctl_poll(void)
{
}

void
relay_ctl_stop(void)
{
}
