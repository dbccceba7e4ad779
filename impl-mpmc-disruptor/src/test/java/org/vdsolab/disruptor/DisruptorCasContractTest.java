package org.vdsolab.disruptor;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The kit's contract checks for {@code disruptor} with {@link ClaimStrategy#COMPARE_AND_SET} claims. */
class DisruptorCasContractTest extends QueueContractTest {

    @Override
    protected String providerName() {
        return DisruptorQueueProvider.NAME;
    }

    @Override
    protected QueueProvider provider() {
        return DisruptorQueueProvider.withClaimStrategy(ClaimStrategy.COMPARE_AND_SET);
    }
}
