package org.vdsolab.devices;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vdsolab.devices.TestIo.spec;
import static org.vdsolab.devices.TestIo.sqe;
import static org.vdsolab.devices.TestIo.submit;

/** {@code null} completes at once; {@code fixed} serves a constant time on its units. */
class NullAndFixedDeviceTest {

    private static final MemorySegment AREA = Arena.ofAuto().allocate(1 << 16, 8);

    @Test
    void nullCompletesEverythingAtOnceMovingNoData() {
        try (DeviceModel d = new NullDeviceProvider().open(spec(null))) {
            AREA.fill((byte) 7);
            IoResult r = submit(d, 123, sqe(UringOp.READ, 4096, 0, 4096), AREA);
            assertEquals(123, r.completeAtNanos);
            assertEquals(4096, r.res);
            assertEquals(7, AREA.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 100), "no data moved");
            assertEquals(777, submit(d, 123, sqe(UringOp.WRITE, 1L << 39, 0, 777), AREA).res);
            r = submit(d, 123, sqe(UringOp.FSYNC, 0, 0, 0), AREA);
            assertEquals(0, r.res);
            assertEquals(123, r.completeAtNanos);
            assertEquals(-Errno.EFBIG, submit(d, 0, sqe(UringOp.WRITE, 1L << 40, 0, 1), AREA).res, "default capacity 1 TiB");
        }
    }

    @Test
    void oneUnitServesOneRequestAtATime() {
        try (DeviceModel d = new FixedDeviceProvider().open(spec(null, "service_ns", "1000"))) {
            assertEquals(1000, submit(d, 0, sqe(UringOp.READ, 0, 0, 512), AREA).completeAtNanos);
            assertEquals(2000, submit(d, 0, sqe(UringOp.WRITE, 0, 0, 512), AREA).completeAtNanos, "queued behind the first");
            assertEquals(3000, submit(d, 500, sqe(UringOp.FSYNC, 0, 0, 0), AREA).completeAtNanos, "fsync takes a unit too");
            assertEquals(11_000, submit(d, 10_000, sqe(UringOp.READ, 0, 0, 512), AREA).completeAtNanos, "idle again");
            assertEquals(10_000, submit(d, 10_000, sqe(UringOp.NOP, 0, 0, 0), AREA).completeAtNanos, "NOP takes no unit");
        }
    }

    @Test
    void severalUnitsServeInParallelAndQueueBeyondThem() {
        try (DeviceModel d = new FixedDeviceProvider().open(spec(null, "service_ns", "1000", "units", "3"))) {
            long[] done = new long[7];
            for (int i = 0; i < done.length; i++) {
                done[i] = submit(d, 0, sqe(UringOp.READ, 0, 0, 512), AREA).completeAtNanos;
            }
            assertEquals(List.of(1000L, 1000L, 1000L, 2000L, 2000L, 2000L, 3000L), toList(done));
        }
    }

    @Test
    void nullblkTimerProfileCompletesEveryRequestTenMicrosecondsLater() {
        try (DeviceModel d = new FixedDeviceProvider().open(spec("nullblk-timer"))) {
            for (int i = 0; i < 100; i++) {
                assertEquals(10_000 + 5, submit(d, 5, sqe(UringOp.READ, 0, 0, 4096), AREA).completeAtNanos);
            }
        }
    }

    /** Lock-free units under contention: every (unit, slot) completion time is handed out exactly once. */
    @Test
    void concurrentSubmittersGetExactlyTheSerialSchedule() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        int units = 2;
        try (DeviceModel d = new FixedDeviceProvider().open(spec(null, "service_ns", "100", "units", String.valueOf(units)))) {
            List<Long> all = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    SqeView s = sqe(UringOp.READ, 0, 0, 512);
                    IoResult r = new IoResult();
                    long[] mine = new long[perThread];
                    awaitQuietly(start);
                    for (int i = 0; i < perThread; i++) {
                        d.submit(0, s, AREA, r);
                        mine[i] = r.completeAtNanos;
                    }
                    for (long m : mine) {
                        all.add(m);
                    }
                });
                w.start();
                workers.add(w);
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            long[] expected = new long[threads * perThread];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = 100L * (i / units + 1);      // the k-th wave of the units ends at k * service
            }
            long[] got = all.stream().mapToLong(Long::longValue).sorted().toArray();
            assertArrayEquals(expected, got, "completion times, sorted");
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }
}
