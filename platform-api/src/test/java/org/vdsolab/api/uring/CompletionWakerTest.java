package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.sched.SchedulerHandle;
import org.vdsolab.api.sched.SharedScheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user_data encoding, and a waker over a real kernel with the {@link TestDevice} and a recording scheduler. */
class CompletionWakerTest {

    /** Records every unblock; refuses a second one for the same task, as the scheduler's single pending bit does. */
    private static final class RecordingScheduler implements SchedulerHandle {
        final Map<Integer, Integer> unblocks = new HashMap<>();
        final List<Integer> cpus = new ArrayList<>();

        @Override public boolean unblock(int task, int cpu) {
            cpus.add(cpu);
            return unblocks.merge(task, 1, Integer::sum) == 1;
        }
        @Override public int id() { return 0; }
        @Override public int spawn(int ownerDomain, int priority, int cpuAffinity, int cpu) { throw new UnsupportedOperationException("spawn"); }
        @Override public int pickNext(int cpu) { throw new UnsupportedOperationException("pickNext"); }
        @Override public long lastWaitNanos() { return 0; }
        @Override public void yield(int task, int cpu) { throw new UnsupportedOperationException("yield"); }
        @Override public boolean block(int task) { throw new UnsupportedOperationException("block"); }
        @Override public boolean tick(int task, int cpu) { throw new UnsupportedOperationException("tick"); }
        @Override public void setPriority(int task, int priority) { throw new UnsupportedOperationException("setPriority"); }
        @Override public void exit(int task) { throw new UnsupportedOperationException("exit"); }
    }

    @Test
    void encodingRoundTripsTaskAndCookieAndLeavesNonNegativeUserDataUntagged() {
        long u = CompletionWaker.encode(123_456, 789);
        assertTrue(CompletionWaker.isTask(u));
        assertEquals(123_456, CompletionWaker.taskOf(u));
        assertEquals(789, CompletionWaker.cookieOf(u));
        long max = CompletionWaker.encode(Integer.MAX_VALUE, CompletionWaker.MAX_COOKIE);
        assertEquals(Integer.MAX_VALUE, CompletionWaker.taskOf(max));
        assertEquals(CompletionWaker.MAX_COOKIE, CompletionWaker.cookieOf(max));
        assertEquals(0, CompletionWaker.taskOf(CompletionWaker.encode(0, 0)));
        assertTrue(CompletionWaker.isTask(CompletionWaker.encode(0, 0)));
        assertFalse(CompletionWaker.isTask(0));
        assertFalse(CompletionWaker.isTask(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> CompletionWaker.encode(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> CompletionWaker.encode(0, -1));
    }

    @Test
    void constructorRejectsMissingPartsAndBadCpu() {
        try (UringKernel k = Rings.kernel(Rings.spec(16, 16), null, Rings.tuning())) {
            CompletionRouter r = k.user(0).router();
            RecordingScheduler s = new RecordingScheduler();
            CompletionWaker.Sink sink = (u, res, f) -> { };
            assertThrows(IllegalArgumentException.class, () -> new CompletionWaker(null, s, 0, sink, null));
            assertThrows(IllegalArgumentException.class, () -> new CompletionWaker(r, null, 0, sink, null));
            assertThrows(IllegalArgumentException.class, () -> new CompletionWaker(r, s, 0, null, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CompletionWaker(r, s, -2, sink, null));
            assertTrue(e.getMessage().contains("wakeCpu"), e.getMessage());
            new CompletionWaker(r, s, SharedScheduler.ANY_CPU, sink, null);
        }
    }

    @Test
    void taggedCompletionsUnblockTheirTaskOnceAndTheRestGoToTheSink() {
        TestDevice dev = new TestDevice(1 << 16, 20_000);
        try (UringKernel k = Rings.kernel(Rings.spec(64, 64), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            RecordingScheduler sched = new RecordingScheduler();
            Map<Long, Integer> others = new HashMap<>();
            Map<Integer, Integer> results = new HashMap<>();
            CompletionWaker waker = new CompletionWaker(u.router(), sched, 1,
                    (ud, res, f) -> others.put(ud, res),
                    (ud, res, f) -> results.put(CompletionWaker.taskOf(ud), res));
            int tasks = 200;
            Sqe s = new Sqe();
            for (int t = 0; t < tasks; t++) {
                s.clear();
                s.opcode = UringOp.READ;
                s.fd = 0;
                s.off = (long) t * 64;
                s.addr = (long) t * 64;
                s.len = 64;
                s.userData = CompletionWaker.encode(t, t * 3);
                while (!u.sq().push(s)) {
                    waker.reap(UringUser.REAP_BATCH);
                }
                s.clear();
                s.opcode = UringOp.NOP;
                s.userData = 1_000_000L + t;             // untagged: non-negative
                while (!u.sq().push(s)) {
                    waker.reap(UringUser.REAP_BATCH);
                }
            }
            long deadline = System.nanoTime() + Rings.BOUND;
            while (waker.woken() + waker.forwarded() < 2L * tasks) {
                assertTrue(System.nanoTime() - deadline < 0,
                        "completions missing: woken " + waker.woken() + ", forwarded " + waker.forwarded());
                if (waker.reap(UringUser.REAP_BATCH) == 0) {
                    Thread.yield();
                }
            }
            assertEquals(0, waker.reap(UringUser.REAP_BATCH), "no completion beyond the submitted ones");
            assertEquals(tasks, sched.unblocks.size());
            for (int t = 0; t < tasks; t++) {
                assertEquals(1, sched.unblocks.get(t), "task " + t + " unblocked once");
                assertEquals(64, results.get(t), "task " + t + " got its READ result before the unblock");
                assertEquals(0, others.get(1_000_000L + t), "NOP " + t + " forwarded");
            }
            assertTrue(sched.cpus.stream().allMatch(c -> c == 1), "every wake-up targets the configured CPU");
            assertEquals(tasks, waker.woken());
            assertEquals(tasks, waker.forwarded());
            assertEquals(0, waker.unblocksRefused());
            assertEquals(0, dev.outOfBounds.get());
        }
    }

    @Test
    void aSecondTaggedCompletionBeforeTheBlockIsCountedAsRefused() {
        TestDevice dev = new TestDevice(1 << 16, 0);
        try (UringKernel k = Rings.kernel(Rings.spec(16, 16), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            RecordingScheduler sched = new RecordingScheduler();
            CompletionWaker waker = new CompletionWaker(u.router(), sched, SharedScheduler.ANY_CPU, (ud, res, f) -> { }, null);
            Sqe s = new Sqe();
            for (int cookie = 0; cookie < 2; cookie++) {
                s.clear();
                s.opcode = UringOp.NOP;
                s.userData = CompletionWaker.encode(7, cookie);
                assertTrue(u.sq().push(s));
            }
            long deadline = System.nanoTime() + Rings.BOUND;
            while (waker.woken() + waker.unblocksRefused() < 2) {
                assertTrue(System.nanoTime() - deadline < 0, "completions missing");
                if (waker.reap(4) == 0) {
                    Thread.yield();
                }
            }
            assertEquals(1, waker.woken());
            assertEquals(1, waker.unblocksRefused());
            assertEquals(2, sched.unblocks.get(7));
            assertEquals(List.of(SharedScheduler.ANY_CPU, SharedScheduler.ANY_CPU), sched.cpus);
        }
    }
}
