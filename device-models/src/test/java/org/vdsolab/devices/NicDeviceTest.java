package org.vdsolab.devices;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.devices.TestIo.spec;
import static org.vdsolab.devices.TestIo.sqe;
import static org.vdsolab.devices.TestIo.submit;

/** The NIC model: line rate, ring occupancy, drops and their counter, over simulated time. */
class NicDeviceTest {

    private static final MemorySegment AREA = Arena.ofAuto().allocate(1 << 16, 8);

    private static NicDevice open(String profile, String... params) {
        return (NicDevice) new NicDeviceProvider().open(spec(profile, params));
    }

    @Test
    void hundredGigabitAt64ByteFramesIs148Point8Mpps() {
        NicDevice d = open("100gbe", "ring_size", "65536");
        assertEquals(6720, d.wirePicosPerFrame(), "84 bytes on the wire at 100 Gb/s");
        int frames = 65_536;
        SqeView s = sqe(UringOp.WRITE, 0, 0, 64);
        IoResult r = new IoResult();
        long last = 0;
        for (int i = 0; i < frames; i++) {
            d.submit(0, s, AREA, r);
            assertEquals(64, r.res);
            last = r.completeAtNanos;
        }
        double mpps = frames / (last / 1e9) / 1e6;
        System.out.printf("nic/100gbe back-to-back 64-byte frames: %.2f Mpps (published 148.8)%n", mpps);
        assertEquals(148.81, mpps, 0.01);
        assertEquals(frames, d.sentFrames());
        assertEquals(0, d.droppedFrames());
        assertEquals(14.88, open("10gbe").framesPerSecond() / 1e6, 0.01);
        assertEquals(37.20, open("25gbe").framesPerSecond() / 1e6, 0.01);
    }

    @Test
    void aFullRingDropsAndCountsThenDrains() {
        NicDevice d = open("10gbe", "ring_size", "8");             // 67.2 ns per frame
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            IoResult r = submit(d, 1000, sqe(UringOp.WRITE, 0, 0, 60), AREA);
            if (i < 8) {
                assertEquals(60, r.res, "frame " + i + " fits in the ring");
                done.add(r.completeAtNanos);
            } else {
                assertEquals(-Errno.ENOBUFS, r.res, "frame " + i + " finds the ring full");
                assertEquals(1000, r.completeAtNanos, "a drop completes at once");
            }
        }
        assertEquals(2, d.droppedFrames());
        assertEquals(8, d.sentFrames());
        assertEquals(List.of(1068L, 1135L, 1202L, 1269L, 1336L, 1404L, 1471L, 1538L), done, "ceil of k * 67.2 ns");
        assertEquals(60, submit(d, 1068, sqe(UringOp.READ, 0, 0, 60), AREA).res, "the first frame left: one descriptor free");
        assertEquals(-Errno.ENOBUFS, submit(d, 1068, sqe(UringOp.READ, 0, 0, 60), AREA).res, "and only one");
        assertEquals(3, d.droppedFrames());
        assertEquals(Map.of("frames_sent", 9L, "frames_dropped", 3L), d.counters(), "the same counts through DeviceModel.counters()");
        IoResult later = submit(d, 1_000_000, sqe(UringOp.WRITE, 0, 0, 64), AREA);
        assertEquals(1_000_068, later.completeAtNanos, "an idle wire starts the frame at once");
    }

    /** Offered above the line rate, the port carries exactly the line rate and drops (and counts) the rest. */
    @Test
    void overloadCarriesTheLineRateAndDropsTheExcess() {
        NicDevice d = open("100gbe", "ring_size", "256");
        SqeView s = sqe(UringOp.WRITE, 0, 0, 64);
        IoResult r = new IoResult();
        int offered = 400_000;
        long accepted = 0;
        long enobufs = 0;
        long last = 0;
        for (int i = 0; i < offered; i++) {
            d.submit(5L * i, s, AREA, r);                  // 200 Mpps offered
            if (r.res == 64) {
                accepted++;
                last = r.completeAtNanos;
            } else {
                assertEquals(-Errno.ENOBUFS, r.res);
                enobufs++;
            }
        }
        double carriedMpps = accepted / (last / 1e9) / 1e6;
        System.out.printf("nic/100gbe offered 200 Mpps: carried %.2f Mpps, dropped %d of %d%n", carriedMpps, enobufs, offered);
        assertEquals(148.81, carriedMpps, 0.2);
        assertEquals(enobufs, d.droppedFrames(), "every -ENOBUFS is counted");
        assertEquals(accepted, d.sentFrames());
        assertEquals(offered, accepted + enobufs);
        assertTrue(enobufs > offered / 5, "about a quarter is dropped");
    }

    @Test
    void framesLongerThanTheFrameSizeAndFsyncAreRefused() {
        NicDevice d = open(null);
        assertEquals(-Errno.EMSGSIZE, submit(d, 0, sqe(UringOp.WRITE, 0, 0, 65), AREA).res);
        assertEquals(-Errno.EOPNOTSUPP, submit(d, 0, sqe(UringOp.FSYNC, 0, 0, 0), AREA).res);
        assertEquals(0, d.sentFrames() + d.droppedFrames(), "refused requests are neither sent nor dropped");
    }

    /** Concurrent submitters: the ring admits exactly ring_size frames at one instant, each on its own wire slot. */
    @Test
    void concurrentSubmittersShareOneRingExactly() throws Exception {
        int ring = 1000;
        NicDevice d = open("100gbe", "ring_size", String.valueOf(ring));
        int threads = 4;
        int perThread = 600;
        AtomicLong accepted = new AtomicLong();
        AtomicLong maxDone = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                SqeView s = sqe(UringOp.WRITE, 0, 0, 64);
                IoResult r = new IoResult();
                NullAndFixedDeviceTest.awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    d.submit(0, s, AREA, r);
                    if (r.res == 64) {
                        accepted.incrementAndGet();
                        maxDone.accumulateAndGet(r.completeAtNanos, Math::max);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(ring, accepted.get());
        assertEquals(threads * perThread - ring, d.droppedFrames());
        assertEquals((ring * 6720L + 999) / 1000, maxDone.get(), "the last accepted frame leaves after ring_size wire slots");
    }
}
