package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.testkit.OperationFamily;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kit's linearizability checks for the ServiceLoader {@code disruptor}, whose claim is the
 * Disruptor's {@code next()}: one getAndAdd, then a wait if it overshot.
 *
 * <p>Declared non-linearizable: FIFO and BATCH. Two pushes racing for the last free slot both
 * pass the room check and both getAndAdd; the second then waits for a pop. In a history where no
 * pop follows, Lincheck's model checker reports "The execution has hung" (e.g. three records in a
 * four-slot ring, {@code pushBack || pushBack}). No claim by getAndAdd can avoid it: the claim
 * cannot be undone. PUSH_SLOT runs on a ring that never fills, so it is checked in full (model
 * checking and stress). {@link DisruptorCasFifoLincheckTest} and {@link DisruptorCasBatchLincheckTest}
 * check FIFO and BATCH with the CAS claim.
 */
@Tag("slow")
class DisruptorLincheckTest extends QueueLincheckTest {

    @Override
    protected String providerName() {
        return DisruptorQueueProvider.NAME;
    }

    @Override
    protected Set<OperationFamily> expectedNonLinearizable() {
        return EnumSet.of(OperationFamily.FIFO, OperationFamily.BATCH);
    }
}
