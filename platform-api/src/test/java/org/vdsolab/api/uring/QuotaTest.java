package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.Arena;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-domain quota on outstanding SQEs: a flooding domain gets -EAGAIN, the other domain's requests all complete. */
class QuotaTest {

    private static final int QUOTA = 8;
    private static final int FLOOD = 40;
    private static final int OTHER = 6;

    @Test
    void aFloodingDomainIsPushedBackAndTheOtherIsServed() {
        TestDevice dev = new TestDevice(1 << 16, 30_000_000L); // 30 ms per request: the flood stays in flight
        UringSpec spec = Rings.spec(64, 64).withDomains(2);
        try (UringKernel k = build(spec, dev, QUOTA)) { // the poller is driven by hand: exact counts
            UringUser flooder = k.user(0);
            UringUser other = k.user(1);
            SqBuffer fb = flooder.newSqBuffer(FLOOD);
            for (int i = 0; i < FLOOD; i++) {
                fb.getSqe().opcode(UringOp.READ).fd(0).off(i * 64L).len(64).userData(i);
            }
            assertEquals(FLOOD, fb.submit());
            SqBuffer ob = other.newSqBuffer(OTHER);
            for (int i = 0; i < OTHER; i++) {
                ob.getSqe().opcode(UringOp.WRITE).fd(0).off(8192 + i * 64L).len(64).userData(1000 + i);
            }
            assertEquals(OTHER, ob.submit());
            KernelPoller p = k.poller(0);
            while (p.pollOnce()) {
                if (k.total(Counter.SQES) == FLOOD + OTHER) {
                    break;
                }
            }
            assertEquals(FLOOD + OTHER, k.total(Counter.SQES), "the poller popped everything");
            assertEquals(FLOOD - QUOTA, k.total(Counter.QUOTA_REJECTED));
            assertEquals(FLOOD - QUOTA, k.domainStats(0).rejections());
            assertEquals(QUOTA, k.domainStats(0).inFlight());
            assertEquals(0, k.domainStats(1).rejections(), "the quiet domain is never refused");
            assertEquals(OTHER, k.domainStats(1).inFlight());
            // The refusals come back at once, before any device completion.
            List<Cqe> refused = Rings.reapWith(p, flooder, FLOOD - QUOTA);
            for (Cqe c : refused) {
                assertEquals(-Errno.EAGAIN, c.res, "user_data " + c.userData);
                assertTrue(c.userData >= QUOTA, "the first " + QUOTA + " were admitted, got a refusal for " + c.userData);
            }
            List<Cqe> served = Rings.reapWith(p, other, OTHER);
            for (Cqe c : served) {
                assertEquals(64, c.res, "user_data " + c.userData);
            }
            List<Cqe> admitted = Rings.reapWith(p, flooder, QUOTA);
            for (Cqe c : admitted) {
                assertEquals(64, c.res, "user_data " + c.userData);
            }
            assertEquals(QUOTA, k.domainStats(0).completions());
            assertEquals(OTHER, k.domainStats(1).completions());
            assertEquals(0, k.domainStats(0).inFlight());
            // Back-pressure is temporary: with its slots free the flooder is served again.
            SqBuffer again = flooder.newSqBuffer(1);
            again.getSqe().opcode(UringOp.NOP).userData(-7);
            assertEquals(1, again.submit());
            Cqe last = Rings.reapWith(p, flooder, 1).get(0);
            assertEquals(-7, last.userData);
            assertEquals(0, last.res);
        }
    }

    @Test
    void aNegativeQuotaIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UringKernel.builder(Rings.spec(4, 4)).quota(-1));
        assertTrue(e.getMessage().contains("quota") && e.getMessage().contains("unlimited"), e.getMessage());
    }

    @Test
    void theDefaultIsUnlimited() {
        try (UringKernel k = build(Rings.spec(64, 64), new TestDevice(1 << 16, 0), 0)) {
            assertEquals(0, k.quota());
        }
    }

    private static UringKernel build(UringSpec spec, TestDevice dev, int quota) {
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE).quota(quota)
                .memory(new org.vdsolab.api.memory.SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)))
                .tuning(new KernelPoller.Tuning(64, 50_000_000, 100_000, 64));
        b.device("dev", dev);
        return b.build();
    }
}
