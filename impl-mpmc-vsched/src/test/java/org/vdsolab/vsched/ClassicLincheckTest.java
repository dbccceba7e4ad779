package org.vdsolab.vsched;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.testkit.OperationFamily;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lincheck on {@code vsched-classic}: model checking must FIND its documented flaws.
 * <ul>
 *   <li>DEQUE: push_front and push_back near full both take the last spare slot (the mixed-end
 *       livelock: CAP records, head == tail, pops report empty);</li>
 *   <li>FIFO: a pop whose snapshot went stale meets a slot another pop already emptied and
 *       reports "empty" while records remain (vsched's spurious None).</li>
 * </ul>
 */
@Tag("slow")
class ClassicLincheckTest extends QueueLincheckTest {
    @Override protected String providerName() {
        return ClassicQueueProvider.NAME;
    }

    @Override protected Set<OperationFamily> expectedNonLinearizable() {
        return EnumSet.of(OperationFamily.DEQUE, OperationFamily.FIFO);
    }
}
