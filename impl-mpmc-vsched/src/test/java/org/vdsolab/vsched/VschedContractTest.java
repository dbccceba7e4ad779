package org.vdsolab.vsched;

import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The queue contract kit run against {@code vsched}. */
class VschedContractTest extends QueueContractTest {
    @Override protected String providerName() {
        return VschedQueueProvider.NAME;
    }
}
