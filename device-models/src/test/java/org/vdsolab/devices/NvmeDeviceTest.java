package org.vdsolab.devices;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.devices.TestIo.spec;
import static org.vdsolab.devices.TestIo.sqe;
import static org.vdsolab.devices.TestIo.submit;

/**
 * The NVMe model: its formula with the randomness switched off, its units, its determinism and
 * thread-safety, and the calibration of both profiles against AnandTech's published figures over
 * simulated time (submit at a virtual now, advance now to the completion: no sleeping, no wall clock).
 */
class NvmeDeviceTest {

    private static final MemorySegment AREA = Arena.ofAuto().allocate(1 << 16, 8);
    private static final int CALIBRATION_REQUESTS = 1_000_000;

    /** 1 ns per byte to read, 2 to write; fixed bases; no jitter. */
    private static DeviceModel deterministic(String... more) {
        List<String> kv = new ArrayList<>(List.of("read_base_ns", "1000", "read_bandwidth_mb_s", "1000",
                "write_base_ns", "2000", "write_bandwidth_mb_s", "500", "jitter_mean_ns", "0", "tail_probability", "0",
                "capacity", "1GiB"));
        kv.addAll(List.of(more));
        return new NvmeDeviceProvider().open(spec(null, kv.toArray(String[]::new)));
    }

    @Test
    void serviceTimeIsBasePlusTransferPerByte() {
        try (DeviceModel d = deterministic("units", "1")) {
            assertEquals(1000 + 4096, submit(d, 0, sqe(UringOp.READ, 0, 0, 4096), AREA).completeAtNanos);
            IoResult w = submit(d, 100_000, sqe(UringOp.WRITE, 0, 0, 4096), AREA);
            assertEquals(100_000 + 2000 + 2 * 4096, w.completeAtNanos, "writes have their own base and rate");
            assertEquals(4096, w.res);
        }
    }

    @Test
    void requestsBeyondTheUnitsQueueUp() {
        try (DeviceModel d = deterministic("units", "4", "unit_select", "earliest")) {
            long[] done = new long[10];
            for (int i = 0; i < done.length; i++) {
                done[i] = submit(d, 0, sqe(UringOp.READ, 4096L * i, 0, 4096), AREA).completeAtNanos;
            }
            Arrays.sort(done);
            long s = 1000 + 4096;
            assertArrayEquals(new long[] {s, s, s, s, 2 * s, 2 * s, 2 * s, 2 * s, 3 * s, 3 * s}, done);
        }
    }

    @Test
    void stripedUnitsServeByAddress() {
        try (DeviceModel d = deterministic("units", "4", "unit_select", "stripe", "unit_stripe", "4KiB")) {
            long s = 1000 + 512;
            assertEquals(s, submit(d, 0, sqe(UringOp.READ, 0, 0, 512), AREA).completeAtNanos, "unit 0");
            assertEquals(s, submit(d, 0, sqe(UringOp.READ, 4096, 0, 512), AREA).completeAtNanos, "unit 1: in parallel");
            assertEquals(2 * s, submit(d, 0, sqe(UringOp.READ, 4 * 4096 + 100, 0, 512), AREA).completeAtNanos,
                    "unit 0 again (4 stripes on): queued although units 2 and 3 are idle");
        }
    }

    @Test
    void fsyncWaitsForEveryUnitThenTheFlushTime() {
        try (DeviceModel d = deterministic("units", "2", "unit_select", "earliest", "flush_ns", "50")) {
            submit(d, 0, sqe(UringOp.READ, 0, 0, 4096), AREA);
            long last = submit(d, 0, sqe(UringOp.WRITE, 0, 0, 4096), AREA).completeAtNanos;
            IoResult f = submit(d, 10, sqe(UringOp.FSYNC, 0, 0, 0), AREA);
            assertEquals(last + 50, f.completeAtNanos);
            assertEquals(0, f.res);
            assertEquals(1_000_050, submit(d, 1_000_000, sqe(UringOp.FSYNC, 0, 0, 0), AREA).completeAtNanos, "idle device");
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        long[] a = qd1Completions("optane-p4800x", 42, 20_000);
        long[] b = qd1Completions("optane-p4800x", 42, 20_000);
        long[] c = qd1Completions("optane-p4800x", 43, 20_000);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    private static long[] qd1Completions(String profile, long seed, int n) {
        try (DeviceModel d = new NvmeDeviceProvider().open(spec(profile, seed))) {
            SqeView s = sqe(UringOp.READ, 0, 0, 4096);
            IoResult r = new IoResult();
            long[] done = new long[n];
            long now = 0;
            for (int i = 0; i < n; i++) {
                d.submit(now, s.off(4096L * (i % 1000)), AREA, r);
                done[i] = now = r.completeAtNanos;
            }
            return done;
        }
    }

    /** Lock-free units: concurrent submitters get exactly the schedule a single submitter would. */
    @Test
    void concurrentSubmittersGetExactlyTheSerialSchedule() throws Exception {
        int threads = 4;
        int perThread = 3_000;
        try (DeviceModel d = deterministic("units", "3", "unit_select", "earliest")) {
            List<Long> all = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    SqeView s = sqe(UringOp.READ, 0, 0, 1000);
                    IoResult r = new IoResult();
                    long[] mine = new long[perThread];
                    NullAndFixedDeviceTest.awaitQuietly(start);
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
                expected[i] = 2000L * (i / 3 + 1);      // the k-th wave of the units ends at k * service
            }
            long[] got = all.stream().mapToLong(Long::longValue).sorted().toArray();
            assertArrayEquals(expected, got, "completion times, sorted");
        }
    }

    @Test
    void jitterStaysInsideItsBounds() {
        HeavyTailJitter none = new HeavyTailJitter(0, 0, 0, 1, 0);
        HeavyTailJitter tailOnly = new HeavyTailJitter(0, 1, 100, 2, 1000);
        HeavyTailJitter bodyOnly = new HeavyTailJitter(500, 0, 0, 1, 0);
        double sum = 0;
        for (long k = 0; k < 200_000; k++) {
            assertEquals(0, none.sample(7, k));
            long t = tailOnly.sample(7, k);
            assertTrue(t >= 100 && t <= 1000, "tail " + t);
            long b = bodyOnly.sample(7, k);
            assertTrue(b >= 0, "body " + b);
            sum += b;
        }
        assertEquals(500, sum / 200_000, 5, "the exponential body has the configured mean");
    }

    @Test
    void optaneP4800xQd1MatchesThePublishedFigures() {
        TestIo.Stats s = qd1RandomReads("optane-p4800x");
        System.out.println("nvme/optane-p4800x 4 KiB random read QD1 (published: mean 8.9, p99 10, p99.999 37 us): " + s);
        assertWithin(8_900, s.mean(), 0.10, "mean");
        assertWithin(10_000, s.p99(), 0.10, "p99");
        assertWithin(37_000, s.p99999(), 0.25, "p99.999");
    }

    @Test
    void nandP3700Qd1MatchesThePublishedFigures() {
        TestIo.Stats s = qd1RandomReads("nand-p3700");
        System.out.println("nvme/nand-p3700 4 KiB random read QD1 (published: mean 77.9, p99 96, p99.999 2768 us): " + s);
        assertWithin(77_900, s.mean(), 0.10, "mean");
        assertWithin(96_000, s.p99(), 0.10, "p99");
        assertTrue(s.p99999() >= 1_000_000, "p99.999 in the milliseconds: " + s.p99999() + " ns");
        assertWithin(2_768_000, s.p99999(), 0.25, "p99.999");
    }

    /**
     * The secondary check at queue depth 16, reported, not asserted against the figures (published:
     * Optane 584.8 K IOPS, mean 25.5 us; P3700 167.2 K IOPS, mean 93.9 us). What is asserted is
     * the structure: the units overlap requests, and never more than {@code units} at a time.
     */
    @Test
    void qd16IsReported() {
        for (String profile : List.of("optane-p4800x", "nand-p3700")) {
            double qd1Iops = 1e9 / qd1RandomReads(profile).mean();
            double[] r = qd16RandomReads(profile, 300_000);
            System.out.printf("nvme/%s 4 KiB random read QD16: %.1f K IOPS, mean %.2f us, p99 %.2f us%n",
                    profile, r[0] / 1e3, r[1] / 1e3, r[2] / 1e3);
            int units = profile.equals("optane-p4800x") ? 5 : 13;
            assertTrue(r[0] > 3 * qd1Iops, profile + ": QD16 overlaps requests on several units");
            assertTrue(r[0] <= units * qd1Iops * 1.01, profile + ": at most 'units' requests in service at once");
        }
    }

    private static TestIo.Stats qd1RandomReads(String profile) {
        try (DeviceModel d = new NvmeDeviceProvider().open(spec(profile, 42))) {
            SqeView s = sqe(UringOp.READ, 0, 0, 4096);
            IoResult r = new IoResult();
            SplittableRandom offsets = new SplittableRandom(7);
            long blocks = 100L << 30 >> 12;      // random 4 KiB blocks over the first 100 GiB
            long[] latency = new long[CALIBRATION_REQUESTS];
            long now = 0;
            for (int i = 0; i < latency.length; i++) {
                d.submit(now, s.off(offsets.nextLong(blocks) << 12), AREA, r);
                latency[i] = r.completeAtNanos - now;
                now = r.completeAtNanos;
            }
            return TestIo.Stats.of(latency);
        }
    }

    /** Closed loop at depth 16 over simulated time; returns {IOPS, mean ns, p99 ns}. */
    private static double[] qd16RandomReads(String profile, int n) {
        try (DeviceModel d = new NvmeDeviceProvider().open(spec(profile, 42))) {
            SqeView s = sqe(UringOp.READ, 0, 0, 4096);
            IoResult r = new IoResult();
            SplittableRandom offsets = new SplittableRandom(7);
            long blocks = 100L << 30 >> 12;
            int depth = 16;
            long[] submitted = new long[depth];
            long[] done = new long[depth];
            for (int q = 0; q < depth; q++) {
                d.submit(0, s.off(offsets.nextLong(blocks) << 12), AREA, r);
                done[q] = r.completeAtNanos;
            }
            long[] latency = new long[n];
            long now = 0;
            for (int i = 0; i < n; i++) {
                int next = 0;
                for (int q = 1; q < depth; q++) {
                    if (done[q] < done[next]) {
                        next = q;
                    }
                }
                now = done[next];
                latency[i] = now - submitted[next];
                d.submit(now, s.off(offsets.nextLong(blocks) << 12), AREA, r);
                submitted[next] = now;
                done[next] = r.completeAtNanos;
            }
            TestIo.Stats st = TestIo.Stats.of(latency);
            return new double[] {n * 1e9 / now, st.mean(), st.p99()};
        }
    }

    private static void assertWithin(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(actual - expected) <= tolerance * expected,
                what + ": " + actual + " ns is not within " + (int) (tolerance * 100) + "% of " + expected + " ns");
    }
}
