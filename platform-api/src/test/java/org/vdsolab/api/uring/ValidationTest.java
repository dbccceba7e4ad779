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
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed and hostile SQEs: every one answered with a negative errno, no I/O out of bounds, the kernel keeps serving. */
class ValidationTest {

    private static final long DEVICE_BYTES = 1 << 16;

    @Test
    void eachMalformedFieldGetsItsErrno() {
        TestDevice dev = new TestDevice(DEVICE_BYTES, 0);
        UringSpec spec = Rings.spec(32, 32).withDomains(2);
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE)
                .memory(new org.vdsolab.api.memory.SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)))
                .tuning(Rings.tuning());
        b.device("mine", dev, 0);         // fd 0: domain 0 only
        b.device("theirs", new TestDevice(4096, 0), 1); // fd 1: domain 1 only
        try (UringKernel k = b.build().startPollers()) {
            UringUser u = k.user(0);
            long bufBytes = spec.bufferBytes();
            SqBuffer sb = u.newSqBuffer(16);
            sb.getSqe().opcode(200).userData(1);                                              // unknown opcode
            sb.getSqe().opcode(UringOp.NOP).flags(SqeFlags.IO_LINK << 1).userData(2);          // unsupported flag (hard link)
            sb.getSqe().opcode(UringOp.READ).fd(7).len(8).userData(3);                         // no such fd
            sb.getSqe().opcode(UringOp.READ).fd(1).len(8).userData(4);                         // another domain's device
            sb.getSqe().opcode(UringOp.READ).fd(0).addr(bufBytes - 4).len(8).userData(5);      // buffer overrun
            sb.getSqe().opcode(UringOp.WRITE).fd(0).addr(-8).len(8).userData(6);               // negative buffer offset
            sb.getSqe().opcode(UringOp.READ).fd(0).off(DEVICE_BYTES - 4).len(8).userData(7);   // device overrun
            sb.getSqe().opcode(UringOp.WRITE).fd(0).off(-1).len(8).userData(8);                // negative device offset
            sb.getSqe().opcode(UringOp.READ).fd(0).len(-1).userData(9);                        // len 2^32-1 (unsigned)
            sb.getSqe().opcode(UringOp.FSYNC).fd(0).addr(64).userData(10);                     // fsync with addr
            sb.getSqe().opcode(UringOp.TIMEOUT).addr(0).len(2).userData(11);                   // timeout len != 1
            sb.getSqe().opcode(UringOp.TIMEOUT).addr(bufBytes - 8).len(1).userData(12);        // timespec overrun
            u.buffers().set(ValueLayout.JAVA_LONG_UNALIGNED, 64, 0L);
            u.buffers().set(ValueLayout.JAVA_LONG_UNALIGNED, 72, 2_000_000_000L);
            sb.getSqe().opcode(UringOp.TIMEOUT).addr(64).len(1).userData(13);                  // tv_nsec >= 1e9
            sb.getSqe().opcode(UringOp.READ).fd(0).off(16).addr(0).len(8).userData(14);        // a good one
            assertEquals(14, sb.submit());
            List<Cqe> got = Rings.reap(u, 14);
            int[] expected = {0, -Errno.EINVAL, -Errno.EINVAL, -Errno.EBADF, -Errno.EACCES, -Errno.EFAULT, -Errno.EFAULT,
                    -Errno.EINVAL, -Errno.EINVAL, -Errno.EFAULT, -Errno.EINVAL, -Errno.EINVAL, -Errno.EFAULT, -Errno.EINVAL, 8};
            for (int ud = 1; ud <= 14; ud++) {
                assertEquals(expected[ud], KernelRoundTripTest.byUserData(got, ud).res, "user_data " + ud);
            }
            assertEquals(13, k.total(Counter.INVALID));
            assertEquals(0, dev.outOfBounds.get());
            assertEquals(1, dev.requests.get(), "only the valid request reached the device");
        }
    }

    @Test
    void randomBytesAreAllAnsweredAndTheKernelKeepsServing() {
        TestDevice dev = new TestDevice(DEVICE_BYTES, 0);
        dev.throwOffset = 0; // a device that throws must not stop the poller either
        try (UringKernel k = Rings.kernel(Rings.spec(64, 64).withDomains(2), dev, Rings.tuning()).startPollers()) {
            UringUser u = k.user(0);
            // Hostile domain 0 writes raw records straight into the shared SQ, bypassing Sq's stamping.
            SharedQueue sq = Rings.QUEUE.attach(k.memory(), k.layout().sq(), k.spec().sqSpec());
            QueueProducer raw = sq.producer(0);
            MemorySegment rec = Arena.ofAuto().allocate(SqeLayout.BYTES, 64);
            SqeView v = new SqeView().wrap(rec, 0);
            Random rnd = new Random(42);
            int n = 3_000;
            int unroutable = 0;
            Cqe c = new Cqe();
            int answered = 0;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < SqeLayout.BYTES; b += 8) {
                    rec.set(ValueLayout.JAVA_LONG, b, rnd.nextLong());
                }
                if (i % 10 == 0) {
                    unroutable++; // keep the random personality: names no domain (almost surely)
                    if (v.personality() < 2) {
                        v.personality(2 + i);
                    }
                } else {
                    v.personality(0).pad(k.credential(0)); // domain 0's own credential: validation is what is tested here
                    if (i % 3 == 0) {
                        v.opcode(UringOp.READ + (i & 1)).fd(0).flags(0); // random off/addr/len on a real device
                    }
                }
                v.userData(i);
                while (!raw.pushBack(rec, 0)) {
                    while (u.poll(c)) {
                        answered++;
                    }
                }
            }
            int routable = n - unroutable;
            while (answered < routable) {
                assertTrue(u.await(c, Rings.BOUND), "answered " + answered + " of " + routable);
                answered++;
            }
            assertEquals(0, dev.outOfBounds.get(), "validation let an out-of-bounds request reach the device");
            // still serving:
            SqBuffer sb = u.newSqBuffer(1);
            sb.getSqe().opcode(UringOp.NOP).userData(-5);
            assertEquals(1, sb.submit());
            Cqe last = Rings.reap(u, 1).get(0);
            assertEquals(-5, last.userData);
            assertEquals(0, last.res);
            assertEquals(unroutable, k.total(Counter.UNROUTABLE));
            assertTrue(k.total(Counter.INVALID) > routable / 2, "most random SQEs are invalid: " + k.total(Counter.INVALID));
        }
    }
}
