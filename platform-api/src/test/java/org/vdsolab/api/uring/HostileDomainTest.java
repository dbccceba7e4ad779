package org.vdsolab.api.uring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import org.vdsolab.api.testing.StallGuard;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile domain writes random bytes into its own SQEs (every field, personalities naming the
 * other domains included) and into the record bytes of SQ slots while two honest domains each run
 * 10^4 requests: each honest domain gets exactly its own completions, every one once; the pollers
 * survive; the damage is counted.
 *
 * <p>What the hostile scribbles: the record bytes of every SQ slot that does not hold an honest
 * SQE, taken under the test-kit queue's lock so that the choice is exact (layout: see
 * {@code LockedDequeProvider}). Scribbling a slot that holds an honest domain's pending SQE would
 * destroy that request (the kernel drops it as forged: it cannot tell a scribble from a forgery),
 * and nothing in a shared-writable SQ can prevent that; what the kernel guarantees, and this test
 * checks, is that no scribbled or forged SQE ever reaches a domain. Slot states and index words
 * are left alone (the queue designs' own recovery covers those).
 */
@Tag("slow")
class HostileDomainTest {

    private static final int REQUESTS = 10_000;
    private static final int WINDOW = 16;
    private static final int HOSTILE = 2;
    // LockedDequeProvider's layout: lock +64, head +72, tail +80, slots +128 of 8-byte state + record.
    private static final long LOCK = 64;
    private static final long HEAD = 72;
    private static final long TAIL = 80;
    private static final long SLOTS = 128;
    private static final long STRIDE = 8 + SqeLayout.BYTES;

    @Test
    void honestDomainsGetExactlyTheirOwnCompletionsWhileAHostileOneScribbles() throws Exception {
        TestDevice dev = new TestDevice(1 << 16, 0);
        UringSpec spec = Rings.spec(256, 256).withDomains(3).withPollers(2);
        try (UringKernel k = Rings.kernel(spec, dev, Rings.tuning()).startPollers()) {
            long[] honestCreds = {k.credential(0), k.credential(1)};
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[][] results = new long[2][];
            Thread[] honest = new Thread[2];
            for (int d = 0; d < 2; d++) {
                int domain = d;
                UringUser u = k.user(d);
                honest[d] = new Thread(() -> {
                    try {
                        results[domain] = runHonest(u, domain);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "honest-" + d);
            }
            UringUser hostileUser = k.user(HOSTILE);
            Thread hostile = new Thread(() -> {
                try {
                    runHostile(k, hostileUser, honestCreds, stop);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "hostile");
            hostile.start();
            for (Thread t : honest) {
                t.start();
            }
            for (Thread t : honest) {
                StallGuard.join(t);
            }
            stop.set(true);
            StallGuard.join(hostile);
            assertNull(failure.get(), () -> "a domain thread failed: " + failure.get());
            for (int d = 0; d < 2; d++) {
                long[] r = results[d];
                assertEquals(REQUESTS, r[0], "domain " + d + ": distinct own completions");
                assertEquals(0, r[1], "domain " + d + ": foreign completions");
                assertEquals(0, r[2], "domain " + d + ": duplicated completions");
                assertEquals(0, r[3], "domain " + d + ": wrong results");
                assertEquals(REQUESTS, k.domainStats(d).completions(), "domain " + d + ": kernel-side completions");
            }
            assertEquals(0, dev.outOfBounds.get(), "no I/O outside a device's or a buffer's bounds");
            // The pollers are alive and still serve: a fresh round trip from each honest domain.
            long alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("uring-poller-") && t.isAlive()).count();
            assertTrue(alive >= spec.pollers(), "poller threads alive: " + alive);
            for (int d = 0; d < 2; d++) {
                UringUser u = k.user(d);
                SqBuffer sb = u.newSqBuffer(1);
                sb.getSqe().opcode(UringOp.NOP).userData(-1 - d);
                assertEquals(1, sb.submit());
                Cqe last = Rings.reap(u, 1).get(0);
                assertEquals(-1 - d, last.userData);
                assertEquals(0, last.res);
            }
            assertTrue(k.total(Counter.FORGED) > 0, "forged SQEs counted: " + k.total(Counter.FORGED));
            assertTrue(k.total(Counter.UNROUTABLE) > 0, "unroutable SQEs counted: " + k.total(Counter.UNROUTABLE));
            assertTrue(k.total(Counter.INVALID) > 0, "invalid SQEs counted: " + k.total(Counter.INVALID));
        }
    }

    /** @return {distinct own completions, foreign, duplicates, wrong results} */
    private static long[] runHonest(UringUser u, int domain) {
        SqBuffer sb = u.newSqBuffer(WINDOW);
        BitSet seen = new BitSet(REQUESTS);
        long foreign = 0;
        long duplicates = 0;
        long badRes = 0;
        int next = 0;
        int outstanding = 0; // staged or submitted, not yet completed
        int completed = 0;
        Cqe c = new Cqe();
        while (completed + foreign + duplicates < REQUESTS) {
            while (next < REQUESTS && outstanding < WINDOW) {
                SqeView v = sb.getSqe();
                v.opcode(next % 2 == 0 ? UringOp.READ : UringOp.WRITE).fd(0)
                        .off((next * 64L) % 60_000).addr((next % 64) * 64L).len(64)
                        .userData((long) domain << 32 | next);
                next++;
                outstanding++;
            }
            sb.submit();
            boolean got = u.poll(c);
            if (!got && sb.staged() < outstanding) { // something is in the kernel's hands: wait for it
                got = u.await(c, Rings.BOUND);
                assertTrue(got, "domain " + domain + ": no completion in 20 s after " + completed);
            }
            if (!got) {
                Thread.yield(); // the SQ was full: everything is still staged
                continue;
            }
            outstanding--;
            int owner = (int) (c.userData >>> 32);
            int i = (int) c.userData;
            if (owner != domain || i < 0 || i >= REQUESTS) {
                foreign++;
            } else if (seen.get(i)) {
                duplicates++;
            } else {
                seen.set(i);
                completed++;
                if (c.res != 64) {
                    badRes++;
                }
            }
        }
        return new long[] {seen.cardinality(), foreign, duplicates, badRes};
    }

    private static void runHostile(UringKernel k, UringUser self, long[] honestCreds, AtomicBoolean stop) {
        Random rnd = new Random(7);
        long own = k.credential(HOSTILE);
        SharedQueue sq = Rings.QUEUE.attach(k.memory(), k.layout().sq(), k.spec().sqSpec());
        QueueProducer raw = sq.producer(HOSTILE);
        MemorySegment rec = Arena.ofAuto().allocate(SqeLayout.BYTES, 64);
        SqeView v = new SqeView().wrap(rec, 0);
        WordMemory mem = k.memory();
        long base = k.layout().sq();
        int capacity = k.spec().sqEntries();
        Cqe c = new Cqe();
        long round = 0;
        while (!stop.get()) {
            for (int b = 0; b < SqeLayout.BYTES; b += 8) {
                rec.set(ValueLayout.JAVA_LONG, b, rnd.nextLong());
            }
            switch (rnd.nextInt(4)) {
                case 0 -> v.personality(rnd.nextInt(2)).pad(own);                    // names an honest domain, own credential
                case 1 -> v.personality(rnd.nextInt(2));                               // names an honest domain, random credential
                case 2 -> v.personality(HOSTILE).pad(own);                             // its own, valid credential: validation's turn
                default -> { }                                                         // random personality, random credential
            }
            raw.pushBack(rec, 0); // a full SQ refuses it: fine
            if (++round % 8 == 0) {
                scribble(mem, base, capacity, honestCreds, own, rnd);
            }
            while (self.poll(c)) {
                // reap its own answers so its CQ never fills
            }
        }
    }

    /** Random bytes into the record of every SQ slot not holding an honest SQE, under the queue's lock. */
    private static void scribble(WordMemory mem, long base, int capacity, long[] honestCreds, long own, Random rnd) {
        while (!mem.compareAndSetLong(base + LOCK, 0, 1)) { // the kit queue's spin lock: the choice of slots is exact
            Thread.onSpinWait();
        }
        try {
            long head = mem.getLong(base + HEAD);
            long tail = mem.getLong(base + TAIL);
            for (long pos = head; pos < head + capacity; pos++) {
                long record = base + SLOTS + (pos & (capacity - 1)) * STRIDE + 8;
                long pad = mem.getLong(record + SqeLayout.PAD);
                if (pos < tail && (pad == honestCreds[0] || pad == honestCreds[1])) {
                    continue; // an honest pending SQE: destroying it is possible but proves nothing about the kernel
                }
                for (int b = 0; b < SqeLayout.BYTES; b += 8) {
                    mem.setLong(record + b, rnd.nextLong());
                }
                if (rnd.nextBoolean()) { // a personality naming an honest domain, with the hostile's own credential
                    long w = mem.getLong(record + 40);
                    w = (w & ~(0xFFFFL << 16)) | ((long) rnd.nextInt(2) << 16); // personality is bytes 42..43 (little-endian)
                    mem.setLong(record + 40, w);
                    mem.setLong(record + SqeLayout.PAD, own);
                }
            }
        } finally {
            mem.setLongRelease(base + LOCK, 0);
        }
    }
}
