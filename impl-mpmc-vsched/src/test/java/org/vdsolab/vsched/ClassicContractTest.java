package org.vdsolab.vsched;

import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The queue contract kit run against {@code vsched-classic} (one operation at a time, its flaws do not show). */
class ClassicContractTest extends QueueContractTest {
    @Override protected String providerName() {
        return ClassicQueueProvider.NAME;
    }
}
