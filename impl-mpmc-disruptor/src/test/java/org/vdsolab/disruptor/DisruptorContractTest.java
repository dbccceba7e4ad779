package org.vdsolab.disruptor;

import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The kit's contract checks for the ServiceLoader {@code disruptor} (GET_AND_ADD claims, back-off). */
class DisruptorContractTest extends QueueContractTest {

    @Override
    protected String providerName() {
        return DisruptorQueueProvider.NAME;
    }
}
