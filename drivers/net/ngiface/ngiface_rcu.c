/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Grace periods for hook bindings and taps.
 *
 * Readers are the queues: every Rx or Tx burst makes its queue's sequence
 * odd on entry and even on exit (ngif_read_enter/leave in ngiface_priv.h).
 * A writer publishes the new object, then waits until every queue that was
 * inside a burst has left it.  Once that holds, no burst can still see the
 * old object: it may be freed, or the ring it named drained.
 *
 * What makes this cheap for readers is where the store-load fence goes.  A
 * reader must not read the binding before its odd sequence is visible to
 * the writer; on x86 only a full fence orders a store before a later load,
 * and a full fence in every burst costs more than the rest of an io-mode
 * burst.  Instead the writer runs membarrier(PRIVATE_EXPEDITED), which makes
 * every running thread of the process execute a full barrier: either the
 * reader's odd sequence was stored before that barrier (the writer sees it
 * and waits), or the reader runs after it and loads the new binding.  Where
 * the kernel lacks membarrier, and in secondary processes (which the
 * primary's membarrier does not reach), readers fence themselves.
 */

#include <errno.h>
#include <string.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rte_pause.h>

#include "ngiface_priv.h"

bool ngif_reader_fence = true;

static int
ngif_membarrier(int cmd)
{
	return syscall(__NR_membarrier, cmd, 0, 0);
}

void
ngif_rcu_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY &&
	    ngif_membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0)
		ngif_reader_fence = false;
	NGIF_LOG(DEBUG, "readers %s", ngif_reader_fence ?
		 "fence themselves" : "rely on membarrier");
}

static void
ngif_wait_reader(const struct ngif_reader *r)
{
	uint64_t seq = __atomic_load_n(&r->seq, __ATOMIC_ACQUIRE);

	if (!(seq & 1))
		return;
	while (__atomic_load_n(&r->seq, __ATOMIC_ACQUIRE) == seq)
		rte_pause();
}

void
ngif_grace_period(const struct ngif_priv *priv)
{
	uint16_t q;

	/* orders the caller's publish before the reads of the sequences */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/*
	 * The expedited barrier needs the registration ngif_rcu_init made;
	 * a process that lacks it (a child forked after the probe inherits
	 * ngif_reader_fence, not the registration: EPERM) takes the global
	 * barrier, slower but needing none, rather than none at all.
	 */
	if (!ngif_reader_fence &&
	    ngif_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0 &&
	    ngif_membarrier(MEMBARRIER_CMD_GLOBAL) != 0)
		NGIF_LOG(ERR, "membarrier: %s: a grace period without it",
			 strerror(errno));
	for (q = 0; q < NGIF_MAX_QUEUES; q++) {
		ngif_wait_reader(&priv->rxq[q].reader);
		ngif_wait_reader(&priv->txq[q].reader);
	}
}
