package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.idle.YieldingIdleStrategy;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing a broken queue does kills a poller: an SQ pop that throws a RuntimeException or the
 * InternalError of a truncated mapping, returns a negative count or more than the batch, a CQ push
 * that throws; a device model that throws. Each is counted, and the poller then
 * serves normally. An OutOfMemoryError from a device is the exception: it ends the poller.
 */
class PollerFaultTest {

    /** Scripted misbehaviour, consumed one step per call; an empty script means "behave". */
    private static final class Script {
        final Deque<IntSupplier> steps = new ArrayDeque<>();

        /** Runs the next scripted step if any (it throws or returns a count), else null. */
        Integer next() {
            IntSupplier s = steps.poll();
            return s == null ? null : s.getAsInt();
        }
    }

    /** A queue that defers to {@code inner} except where {@code pops} / {@code pushes} script otherwise. */
    private static SharedQueue broken(SharedQueue inner, Script pops, Script pushes) {
        return new SharedQueue() {
            @Override public String providerName() { return inner.providerName(); }
            @Override public QueueSpec spec() { return inner.spec(); }
            @Override public int usableCapacity() { return inner.usableCapacity(); }
            @Override public long size() { return inner.size(); }

            @Override public QueueProducer producer(int id) {
                QueueProducer p = inner.producer(id);
                return new QueueProducer() {
                    @Override public int id() { return id; }
                    @Override public boolean pushBack(MemorySegment src, long o) { Integer r = pushes.next(); return r != null ? r > 0 : p.pushBack(src, o); }
                    @Override public boolean pushFront(MemorySegment src, long o) { return p.pushFront(src, o); }
                    @Override public SlotHandle pushSlotBack() { return p.pushSlotBack(); }
                    @Override public SlotHandle pushSlotFront() { return p.pushSlotFront(); }
                    @Override public int pushMultiple(MemorySegment src, long o, int n, BatchMode m) {
                        Integer r = pushes.next();
                        return r != null ? r : p.pushMultiple(src, o, n, m);
                    }
                };
            }

            @Override public QueueConsumer consumer(int id) {
                QueueConsumer c = inner.consumer(id);
                return new QueueConsumer() {
                    @Override public int id() { return id; }
                    @Override public boolean popFront(MemorySegment dst, long o) { return c.popFront(dst, o); }
                    @Override public boolean popBack(MemorySegment dst, long o) { return c.popBack(dst, o); }
                    @Override public int popMultiple(MemorySegment dst, long o, int max) {
                        Integer r = pops.next();
                        return r != null ? r : c.popMultiple(dst, o, max);
                    }
                };
            }
        };
    }

    /** A poller over scripted SQ and CQ wrappers and a {@link TestDevice}, with a domain's submitter and router. */
    private record Rig(KernelPoller poller, Sq user, CompletionRouter router, UringControl control, TestDevice dev,
                       Script pops, Script pushes) {

        static Rig create() {
            UringSpec spec = Rings.spec(16, 16);
            UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
            WordMemory memory = new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096));
            SharedQueue sq = Rings.QUEUE.create(memory, layout.sq(), spec.sqSpec());
            SharedQueue cq = Rings.QUEUE.create(memory, layout.cq(0), spec.cqSpec());
            UringControl control = new UringControl(memory, layout);
            TestDevice dev = new TestDevice(4096, 0);
            DeviceTable devices = new DeviceTable();
            devices.add("test", dev);
            Script pops = new Script();
            Script pushes = new Script();
            long[] creds = UringCredentials.table(5, 1);
            MemorySegment[] buffers = {memory.segment().asSlice(layout.buffers(0), spec.bufferBytes())};
            KernelPoller poller = new KernelPoller(0, spec, broken(sq, pops, new Script()), new SharedQueue[] {broken(cq, new Script(), pushes)},
                    devices, buffers, creds, new DomainQuota(1, 0), control, new YieldingIdleStrategy(),
                    new KernelPoller.Tuning(4, 1_000_000, 100_000, 4));
            return new Rig(poller, Sq.submitter(sq, 0, creds[0], null), new CompletionRouter(spec, 0, cq, 0, null, 8), control, dev,
                    pops, pushes);
        }
    }

    @Test
    void aPollerSurvivesEveryQueueAndDeviceFaultAndKeepsServing() {
        Rig rig = Rig.create();
        KernelPoller poller = rig.poller();
        Sq user = rig.user();
        CompletionRouter router = rig.router();
        UringControl control = rig.control();
        TestDevice dev = rig.dev();
        Script pops = rig.pops();
        Script pushes = rig.pushes();

        pops.steps.add(() -> { throw new IllegalStateException("scribbled SQ index"); });
        pops.steps.add(() -> { throw new InternalError("a fault occurred in an unsafe memory access"); });
        pops.steps.add(() -> -3);
        for (int i = 0; i < 4; i++) {
            poller.pollOnce(); // a throw here fails the test
        }
        assertEquals(3, total(control, Counter.POLLER_FAULTS), "three pop faults counted");

        // A pop that claims more than the batch: clamped to the batch, never beyond the scratch.
        pops.steps.add(() -> 1_000);
        poller.pollOnce();
        assertEquals(4, total(control, Counter.POLLER_FAULTS));

        // A CQ push that throws: the completion stays with the poller and is delivered later.
        Sqe s = new Sqe();
        s.opcode = UringOp.NOP;
        s.userData = 42;
        assertTrue(user.push(s));
        pushes.steps.add(() -> { throw new InternalError("truncated CQ mapping"); });
        poller.pollOnce();
        assertEquals(5, total(control, Counter.POLLER_FAULTS));

        // A device model that throws (its contract forbids it): -EIO, the poller goes on.
        dev.throwOffset = 128;
        s.clear();
        s.opcode = UringOp.READ;
        s.off = 128;
        s.len = 8;
        s.userData = 43;
        assertTrue(user.push(s));
        s.clear();
        s.opcode = UringOp.NOP;
        s.userData = 44;
        assertTrue(user.push(s));
        Cqe c = new Cqe();
        long[] got = new long[3];
        int n = 0;
        for (int round = 0; round < 100 && n < 3; round++) {
            poller.pollOnce();
            while (router.poll(c)) {
                got[n++] = c.userData;
                if (c.userData == 43) {
                    assertTrue(c.res < 0, "the throwing device's request failed: " + c.res);
                } else {
                    assertEquals(0, c.res);
                }
            }
        }
        assertEquals(3, n, "every real SQE was answered despite the faults");
        assertTrue(total(control, Counter.POLLER_FAULTS) >= 5);
    }

    @Test
    void aDeviceThatRunsOutOfMemoryEndsThePollerInsteadOfBeingAnsweredEio() {
        Rig rig = Rig.create();
        rig.dev().outOfMemoryOffset = 256;
        Sqe s = new Sqe();
        s.opcode = UringOp.READ;
        s.off = 256;
        s.len = 8;
        s.userData = 7;
        assertTrue(rig.user().push(s));
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> {
            for (int round = 0; round < 100; round++) {
                rig.poller().pollOnce();
            }
        });
        assertTrue(e.getMessage().contains("offset 256"), e.getMessage());
        assertEquals(0, total(rig.control(), Counter.DEVICE_ERRORS), "not counted as a device error");
        assertFalse(rig.router().poll(new Cqe()), "and not answered as one (-EIO)");
    }

    private static long total(UringControl control, Counter c) {
        return control.total(c);
    }
}
