/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/* Embedding glue: PMD graph + server + EAL control thread. */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include <rte_lcore.h>

#include "ngc_control.h"

struct ngc_control {
	struct ngc_server *srv;
	void *graph_ctx;
	pthread_t tid;
};

int
ngc_control_start(const struct ngc_server_conf *conf,
		  const struct ngc_node_guard *guard, struct ngc_control **out)
{
	struct ngc_server_conf sc = *conf;
	struct ngc_control *c = calloc(1, sizeof(*c));
	int ret;

	if (c == NULL)
		return -ENOMEM;
	c->graph_ctx = ngc_graph_pmd_create();
	if (c->graph_ctx == NULL) {
		free(c);
		return -ENOMEM;
	}
	ngc_graph_pmd_set_guard(c->graph_ctx, guard);
	sc.handler = NULL;
	sc.graph.ops = &ngc_graph_pmd_ops;
	sc.graph.ctx = c->graph_ctx;
	ret = ngc_server_create(&sc, &c->srv);
	if (ret == 0)
		ret = rte_ctrl_thread_create(&c->tid, "ngc-ctl", NULL,
					     ngc_server_thread, c->srv);
	if (ret != 0) {
		ret = ret < 0 ? ret : -ret;
		ngc_server_stop(c->srv);
		ngc_graph_pmd_free(c->graph_ctx);
		free(c);
		return ret;
	}
	*out = c;
	return 0;
}

void
ngc_control_stop(struct ngc_control *c)
{
	if (c == NULL)
		return;
	ngc_server_wake(c->srv);
	pthread_join(c->tid, NULL);
	ngc_server_stop(c->srv);
	ngc_graph_pmd_free(c->graph_ctx);
	free(c);
}
