package org.vdsolab.spsc;

import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The generic queue contract, run for {@code spsc-shared} (the kit skips exactly-once: not declared). */
class SpscSharedContractTest extends QueueContractTest {
    @Override protected String providerName() { return SpscSharedQueueProvider.NAME; }
}
