package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^5 SQEs of random bytes in every field (with a valid credential, so they get past the
 * personality check and validation is what is exercised), biased towards the edges of every bound,
 * through a poller over every device shape the platform tests have: a bounded device at its own
 * capacity, a device seen through a smaller window, an unbounded device (no address space, like a
 * NIC), a device reserved to one domain, and the {@link TestDevice} that moves real bytes. Recording
 * device models check every request that reaches them: no I/O outside the device window, outside
 * the submitting domain's own buffer slice, or by a domain the device does not allow; the poller
 * (driven by the test thread) never throws, and every SQE is answered exactly once.
 */
class RandomSqeBoundsTest {

    private static final int SQES = 100_000;
    private static final int DOMAINS = 2;

    /** A device that moves no data but touches the first and last byte of the buffer range and checks every bound. */
    static final class RecordingDevice implements DeviceModel {
        final long window;
        final long modelCapacity;
        final int onlyDomain;
        final long[] sliceAddress;
        final long sliceBytes;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong violations = new AtomicLong();

        RecordingDevice(long modelCapacity, long window, int onlyDomain, long[] sliceAddress, long sliceBytes) {
            this.modelCapacity = modelCapacity;
            this.window = window;
            this.onlyDomain = onlyDomain;
            this.sliceAddress = sliceAddress;
            this.sliceBytes = sliceBytes;
        }

        @Override public String describe() { return "recording device, window " + window; }

        @Override public long capacityBytes() { return modelCapacity; }

        @Override
        public void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
            requests.incrementAndGet();
            int domain = sqe.personality();
            long len = sqe.len() & 0xFFFF_FFFFL;
            boolean ok = domain < DOMAINS && buffers.address() == sliceAddress[domain] && buffers.byteSize() == sliceBytes
                    && (onlyDomain < 0 || domain == onlyDomain);
            if (sqe.opcode() != UringOp.FSYNC) {
                long off = sqe.off();
                long addr = sqe.addr();
                ok &= off >= 0 && len <= window && off <= window - len;   // inside the device window, no wrap
                ok &= addr >= 0 && len <= sliceBytes && addr <= sliceBytes - len; // inside the domain's slice
                if (ok && len > 0) {
                    buffers.get(ValueLayout.JAVA_BYTE, addr);             // would throw outside the slice
                    buffers.get(ValueLayout.JAVA_BYTE, addr + len - 1);
                }
            }
            if (!ok) {
                violations.incrementAndGet();
            }
            out.set(nowNanos, sqe.opcode() == UringOp.FSYNC ? 0 : (int) len);
        }
    }

    @Test
    void randomSqesNeverReachOutsideAnyBoundAndThePollerNeverThrows() {
        UringSpec spec = Rings.spec(128, 256).withDomains(DOMAINS);
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        SegmentWordMemory memory = new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096));
        long[] slices = new long[DOMAINS];
        for (int d = 0; d < DOMAINS; d++) {
            slices[d] = memory.segment().address() + layout.buffers(d);
        }
        long slice = spec.bufferBytes();
        RecordingDevice[] recording = {
                new RecordingDevice(1 << 16, 1 << 16, -1, slices, slice),            // fd 0: at its own capacity
                new RecordingDevice(1 << 20, 4096, -1, slices, slice),               // fd 1: through a 4 KiB window
                new RecordingDevice(Long.MAX_VALUE, Long.MAX_VALUE, -1, slices, slice), // fd 2: unbounded (a NIC)
                new RecordingDevice(512, 512, 1, slices, slice),                     // fd 3: domain 1 only
        };
        TestDevice moving = new TestDevice(1 << 15, 0);                              // fd 4: moves real bytes
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE).memory(memory).secret(99)
                .tuning(new KernelPoller.Tuning(32, 50_000_000, 100_000, 32));
        b.device("own-capacity", recording[0]);
        b.device("window", recording[1], 4096L);
        b.device("unbounded", recording[2]);
        b.device("one-domain", recording[3], 1);
        b.device("moving", moving);
        long[] windows = {1 << 16, 4096, Long.MAX_VALUE, 512, 1 << 15};
        try (UringKernel k = b.build()) {
            KernelPoller poller = k.poller(0);
            SharedQueue sq = Rings.QUEUE.attach(k.memory(), k.layout().sq(), spec.sqSpec());
            QueueProducer[] raw = {sq.producer(0), sq.producer(1)};
            UringUser[] users = {k.user(0), k.user(1)};
            MemorySegment rec = Arena.ofAuto().allocate(SqeLayout.BYTES, 64);
            SqeView v = new SqeView().wrap(rec, 0);
            Random rnd = new Random(20240611);
            Cqe c = new Cqe();
            long answered = 0;
            long overflowSeen = 0;
            for (int i = 0; i < SQES; i++) {
                for (int w = 0; w < SqeLayout.BYTES; w += 8) {
                    rec.set(ValueLayout.JAVA_LONG, w, rnd.nextLong());
                }
                int domain = rnd.nextInt(DOMAINS);
                if (rnd.nextBoolean()) {
                    v.opcode(new int[] {UringOp.NOP, UringOp.READ, UringOp.WRITE, UringOp.FSYNC, UringOp.TIMEOUT}[rnd.nextInt(5)]);
                }
                if (rnd.nextBoolean()) {
                    v.fd(rnd.nextInt(windows.length + 1));
                }
                if (rnd.nextInt(3) > 0) {
                    v.flags(rnd.nextBoolean() ? 0 : v.flags() & SqeFlags.SUPPORTED);
                }
                int fd = v.fd();
                long window = fd >= 0 && fd < windows.length ? windows[fd] : 1 << 16;
                if (rnd.nextBoolean()) {
                    v.len((int) edge(rnd, rnd.nextBoolean() ? slice : Math.min(window, slice)));
                }
                if (rnd.nextBoolean()) {
                    v.addr(edge(rnd, slice));
                }
                if (rnd.nextBoolean()) {
                    v.off(rnd.nextBoolean() ? edge(rnd, window) : Long.MAX_VALUE - rnd.nextInt(1 << 16));
                }
                if (v.opcode() == UringOp.READ || v.opcode() == UringOp.WRITE) {
                    long len = v.len() & 0xFFFF_FFFFL;
                    if (v.off() >= 0 && v.off() > Long.MAX_VALUE - len && v.fd() >= 0 && v.fd() < windows.length) {
                        overflowSeen++;
                    }
                }
                v.personality(domain).pad(k.credential(domain)).userData(i);
                while (!raw[domain].pushBack(rec, 0)) {
                    poller.pollOnce(); // throws = test failure: the poller must never throw
                    answered += reapAll(users, c);
                }
            }
            long deadline = System.nanoTime() + Rings.BOUND;
            while (answered + k.total(Counter.SKIPPED) < SQES && System.nanoTime() - deadline < 0) {
                poller.pollOnce();
                answered += reapAll(users, c);
            }
            assertEquals(SQES, answered + k.total(Counter.SKIPPED), "every SQE answered exactly once (or skipped on success)");
            for (int fd = 0; fd < recording.length; fd++) {
                assertEquals(0, recording[fd].violations.get(), "fd " + fd + ": requests out of bounds");
                assertTrue(recording[fd].requests.get() > 0, "fd " + fd + " was exercised");
            }
            assertEquals(0, moving.outOfBounds.get(), "the moving device saw an out-of-bounds request");
            assertTrue(moving.requests.get() > 0, "the moving device was exercised");
            assertEquals(0, k.total(Counter.POLLER_FAULTS), "nothing made the poller fault");
            assertEquals(0, k.total(Counter.DEVICE_ERRORS), "no device threw (every request was in bounds)");
            assertEquals(0, k.total(Counter.FORGED));
            assertTrue(k.total(Counter.INVALID) > SQES / 2, "most random SQEs are refused: " + k.total(Counter.INVALID));
            assertTrue(overflowSeen > 0, "off + len wrapping past 2^63 was exercised");
        }
    }

    @Test
    void offsetPlusLengthThatWrapsIsEoverflow() {
        TestDevice dev = new TestDevice(4096, 0);
        try (UringKernel k = Rings.kernel(Rings.spec(8, 8), dev, Rings.tuning())) {
            UringUser u = k.user(0);
            SqBuffer sb = u.newSqBuffer(2);
            sb.getSqe().opcode(UringOp.READ).fd(0).off(Long.MAX_VALUE - 4).len(8).userData(1);
            sb.getSqe().opcode(UringOp.READ).fd(0).off(-8).len(8).userData(2);
            assertEquals(2, sb.submit());
            var got = Rings.reapWith(k.poller(0), u, 2);
            assertEquals(-Errno.EOVERFLOW, KernelRoundTripTest.byUserData(got, 1).res);
            assertEquals(-Errno.EINVAL, KernelRoundTripTest.byUserData(got, 2).res);
            assertEquals(0, dev.requests.get());
        }
    }

    /** A value near an edge of [0, limit]: 0, small, limit ± small, or random. */

    private static long edge(Random rnd, long limit) {
        long small = rnd.nextInt(130) - 1;
        return switch (rnd.nextInt(5)) {
            case 0 -> small;
            case 1 -> limit - small;
            case 2 -> limit + small;
            case 3 -> limit / 2 + small;
            default -> rnd.nextLong();
        };
    }

    private static long reapAll(UringUser[] users, Cqe c) {
        long n = 0;
        for (UringUser u : users) {
            while (u.poll(c)) {
                n++;
            }
        }
        return n;
    }
}
