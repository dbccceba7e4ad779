package org.vdsolab.spsc;

import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The generic queue contract, run for {@code spsc}. */
class SpscContractTest extends QueueContractTest {
    @Override protected String providerName() { return SpscQueueProvider.NAME; }
}
