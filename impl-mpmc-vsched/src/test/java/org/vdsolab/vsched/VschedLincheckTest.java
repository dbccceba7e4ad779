package org.vdsolab.vsched;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

/** Lincheck on {@code vsched}: every family it declares (FIFO, DEQUE, BATCH, PUSH_SLOT) must be linearizable. */
@Tag("slow")
class VschedLincheckTest extends QueueLincheckTest {
    @Override protected String providerName() {
        return VschedQueueProvider.NAME;
    }
}
