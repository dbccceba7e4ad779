package org.vdsolab.spsc;

import org.vdsolab.api.queue.testkit.QueueLincheckTest;

/** Linearizability of {@code spsc} (the kit checks one ring: one producer thread, one consumer thread). */
class SpscLincheckTest extends QueueLincheckTest {
    @Override protected String providerName() { return SpscQueueProvider.NAME; }
}
