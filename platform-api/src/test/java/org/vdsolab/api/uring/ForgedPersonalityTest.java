package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A personality without its domain's credential never reaches that domain (nor anyone); credentials are derived as documented. */
class ForgedPersonalityTest {

    private static final long SECRET = 0x5EC_2E7L;

    @Test
    void aForgedPersonalityIsDroppedAndCountedAndNobodyHearsOfIt() {
        TestDevice dev = new TestDevice(1 << 16, 0);
        UringSpec spec = Rings.spec(32, 32).withDomains(2);
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE).secret(SECRET)
                .memory(new org.vdsolab.api.memory.SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)))
                .tuning(Rings.tuning());
        b.device("dev", dev);
        try (UringKernel k = b.build()) { // pollers driven by hand: deterministic
            assertEquals(UringCredentials.derive(SECRET, 0), k.credential(0));
            UringUser victim = k.user(0);
            UringUser attacker = k.user(1);
            SharedQueue sq = Rings.QUEUE.attach(k.memory(), k.layout().sq(), spec.sqSpec());
            QueueProducer raw = sq.producer(1);
            MemorySegment rec = Arena.ofAuto().allocate(SqeLayout.BYTES, 64);
            SqeView v = new SqeView().wrap(rec, 0);
            long[] forgedCreds = {k.credential(1), 0, UringCredentials.derive(SECRET + 1, 0), k.credential(0) ^ 1};
            for (int i = 0; i < forgedCreds.length; i++) {
                v.clear().opcode(UringOp.WRITE).fd(0).len(64).personality(0).pad(forgedCreds[i]).userData(100 + i);
                assertTrue(raw.pushBack(rec, 0));
            }
            // Through the API the attacker cannot even try: Sq stamps its own id and credential.
            SqBuffer sb = attacker.newSqBuffer(1);
            sb.getSqe().opcode(UringOp.NOP).personality(0).userData(200);
            assertEquals(1, sb.submit());
            drive(k);
            Cqe c = new Cqe();
            assertFalse(victim.poll(c), "the named domain hears nothing of a forged SQE");
            assertTrue(attacker.poll(c), "the attacker's API submission was stamped with its own identity");
            assertEquals(200, c.userData);
            assertFalse(attacker.poll(c), "and it hears nothing of its forgeries");
            assertEquals(forgedCreds.length, k.total(Counter.FORGED));
            assertEquals(0, dev.requests.get(), "no forged WRITE reached the device");
            assertEquals(0, k.domainStats(0).completions());
            // The genuine owner is served as usual.
            SqBuffer own = victim.newSqBuffer(1);
            own.getSqe().opcode(UringOp.WRITE).fd(0).len(64).userData(300);
            assertEquals(1, own.submit());
            drive(k);
            assertTrue(victim.poll(c));
            assertEquals(300, c.userData);
            assertEquals(64, c.res);
            assertEquals(1, k.domainStats(0).completions());
        }
    }

    @Test
    void credentialsAreStablePerSecretDistinctPerDomainAndNeverZero() {
        Set<Long> seen = new HashSet<>();
        for (int d = 0; d < UringSpec.MAX_DOMAINS; d++) {
            long c = UringCredentials.derive(SECRET, d);
            assertNotEquals(0, c);
            assertEquals(c, UringCredentials.derive(SECRET, d), "same secret, same credential (a restarted kernel)");
            assertNotEquals(c, UringCredentials.derive(SECRET ^ 1, d), "another secret, another credential");
            assertTrue(seen.add(c), "domain " + d + " shares a credential");
        }
        assertEquals(UringCredentials.derive(SECRET, 3), UringCredentials.parse("arg", UringCredentials.format(UringCredentials.derive(SECRET, 3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UringCredentials.parse("--credential", "xyz"));
        assertTrue(e.getMessage().contains("--credential"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UringCredentials.derive(SECRET, UringSpec.MAX_DOMAINS));
    }

    private static void drive(UringKernel k) {
        for (int i = 0; i < 20 && (k.poller(0).pollOnce() || k.poller(0).pendingTimers() > 0 || k.poller(0).holdsCompletions()); i++) {
            // bounded: one SQ batch, then the CQ buffers flush
        }
    }
}
