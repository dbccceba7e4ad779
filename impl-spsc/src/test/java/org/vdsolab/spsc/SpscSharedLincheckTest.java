package org.vdsolab.spsc;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.testkit.OperationFamily;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

import java.util.EnumSet;
import java.util.Set;

/**
 * Linearizability of {@code spsc-shared}: with two producer threads it is NOT linearizable in any
 * family it offers, and the kit asserts that model checking finds it. The violations Lincheck
 * reports are the faces of the shared-sqe_tail race this provider exists to show: a submit
 * publishes slots another producer has not finished (torn or stale records), and two racing
 * submits store ktail out of order (a completed push stays unpublished, i.e. is lost unless a
 * later submit happens); an abort behind a newer claim can be delivered or lose its tombstone.
 */
@Tag("slow")
class SpscSharedLincheckTest extends QueueLincheckTest {

    @Override protected String providerName() { return SpscSharedQueueProvider.NAME; }

    @Override protected Set<OperationFamily> expectedNonLinearizable() {
        return EnumSet.of(OperationFamily.FIFO, OperationFamily.BATCH, OperationFamily.PUSH_SLOT);
    }
}
