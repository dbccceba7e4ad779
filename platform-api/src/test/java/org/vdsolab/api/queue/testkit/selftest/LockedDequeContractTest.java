package org.vdsolab.api.queue.testkit.selftest;

import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.QueueContractTest;

/** The contract kit on the reference queue: everything must pass. */
class LockedDequeContractTest extends QueueContractTest {

    @Override protected String providerName() { return LockedDequeProvider.NAME; }

    @Override protected QueueProvider provider() { return new LockedDequeProvider(); }
}
