package org.vdsolab.api.queue.testkit.selftest;

import org.junit.jupiter.api.Tag;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

/** The Lincheck harness on the reference queue: every family, both modes, must pass. */
@Tag("slow")
class LockedDequeLincheckTest extends QueueLincheckTest {

    @Override protected String providerName() { return LockedDequeProvider.NAME; }

    @Override protected QueueProvider provider() { return new LockedDequeProvider(); }
}
