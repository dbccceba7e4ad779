package org.vdsolab.spsc;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.testkit.OperationFamily;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

import java.util.EnumSet;
import java.util.Set;

/**
 * Linearizability of {@code spsc} (the kit checks one ring: one producer thread, one consumer
 * thread). FIFO and PUSH_SLOT are linearizable. BATCH is not, and the kit asserts that model
 * checking finds it: a partial {@code pushMultiple(AS_MANY_AS_FIT)} fixes its count from
 * {@code khead} before it publishes {@code ktail} (as a liburing get_sqe loop does), so pops that
 * free room in between make the returned count smaller than the room at the publish. Inherent to a
 * ring whose producer keeps a private tail; exactly-once is unaffected (the contract kit's
 * multi-threaded check and the multi-process stress show it).
 */
@Tag("slow")
class SpscLincheckTest extends QueueLincheckTest {

    @Override protected String providerName() { return SpscQueueProvider.NAME; }

    @Override protected Set<OperationFamily> expectedNonLinearizable() {
        return EnumSet.of(OperationFamily.BATCH);
    }
}
