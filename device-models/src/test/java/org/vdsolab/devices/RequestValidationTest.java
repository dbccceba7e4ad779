package org.vdsolab.devices;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.devices.TestIo.iovec;
import static org.vdsolab.devices.TestIo.res;
import static org.vdsolab.devices.TestIo.spec;
import static org.vdsolab.devices.TestIo.sqe;
import static org.vdsolab.devices.TestIo.submit;
import static org.vdsolab.devices.TestIo.timespec;

/**
 * Every model answers malformed and hostile SQEs with the same negative errno, at once, without
 * throwing and without touching anything outside the device or the buffer area.
 */
class RequestValidationTest {

    static final long CAPACITY = 1 << 20;
    static final long AREA = 64 * 1024;
    static final long NOW = 1_000_000;

    private DeviceModel device;

    static Stream<String> devices() { return Stream.of("null", "fixed", "nvme", "file", "nic"); }

    /** The models with a capacity (the NIC has none). */
    static Stream<String> blockDevices() { return Stream.of("null", "fixed", "nvme", "file"); }

    private DeviceModel open(String name) {
        device = switch (name) {
            case "null" -> new NullDeviceProvider().open(spec(null, "capacity", "1MiB"));
            case "fixed" -> new FixedDeviceProvider().open(spec(null, "capacity", "1MiB"));
            case "nvme" -> new NvmeDeviceProvider().open(spec("optane-p4800x", "capacity", "1MiB"));
            case "file" -> new FileDeviceProvider().open(spec(null, "size", "1MiB"));
            case "nic" -> new NicDeviceProvider().open(spec(null, "frame_size", "9000"));
            default -> throw new IllegalArgumentException(name);
        };
        return device;
    }

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    private static MemorySegment area() {
        return Arena.ofAuto().allocate(AREA, 8);
    }

    private static void assertErrorNow(DeviceModel d, SqeView sqe, MemorySegment area, int errno, String what) {
        IoResult r = submit(d, NOW, sqe, area);
        assertEquals(-errno, r.res, what + " on " + d.describe());
        assertEquals(NOW, r.completeAtNanos, what + " completes at once on " + d.describe());
    }

    @ParameterizedTest @MethodSource("devices")
    void nopCompletesAtOnceWithZero(String name) {
        IoResult r = submit(open(name), NOW, sqe(UringOp.NOP, -5, -7, -9), null);
        assertEquals(0, r.res);
        assertEquals(NOW, r.completeAtNanos);
    }

    @ParameterizedTest @MethodSource("devices")
    void opcodesOutsideTheTableAreEinval(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        for (int op = 0; op < 256; op++) {
            if (RequestClasses.of(op) == RequestClasses.INVALID) {
                assertErrorNow(d, sqe(op, 0, 0, 512), area, Errno.EINVAL, "opcode " + op);
            }
        }
    }

    @ParameterizedTest @MethodSource("devices")
    void negativeOffsetOrLengthIsEinval(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        for (int op : new int[] {UringOp.READ, UringOp.WRITE, UringOp.READ_FIXED, UringOp.WRITE_FIXED}) {
            assertErrorNow(d, sqe(op, -1, 0, 512), area, Errno.EINVAL, "negative off, op " + op);
            assertErrorNow(d, sqe(op, 0, 0, -1), area, Errno.EINVAL, "negative len, op " + op);
            assertErrorNow(d, sqe(op, Long.MIN_VALUE, 0, Integer.MIN_VALUE), area, Errno.EINVAL, "both, op " + op);
        }
    }

    @ParameterizedTest @MethodSource("devices")
    void bufferRangesOutsideTheAreaAreEfault(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        for (int op : new int[] {UringOp.READ, UringOp.WRITE}) {
            assertErrorNow(d, sqe(op, 0, AREA - 10, 20), area, Errno.EFAULT, "range past the end");
            assertErrorNow(d, sqe(op, 0, AREA, 1), area, Errno.EFAULT, "range starting at the end");
            assertErrorNow(d, sqe(op, 0, -1, 16), area, Errno.EFAULT, "negative addr");
            assertErrorNow(d, sqe(op, 0, Long.MAX_VALUE - 2, 4096), area, Errno.EFAULT, "addr + len overflowing");
            assertErrorNow(d, sqe(op, 0, 0, 1), null, Errno.EFAULT, "no buffer area");
        }
        assertEquals(20, res(d, sqe(UringOp.WRITE, 0, AREA - 20, 20), area), "a range ending exactly at the area's end is fine");
    }

    @ParameterizedTest @MethodSource("devices")
    void readIntoReadOnlyAreaIsEfault(String name) {
        DeviceModel d = open(name);
        MemorySegment readOnly = area().asReadOnly();
        assertErrorNow(d, sqe(UringOp.READ, 0, 0, 512), readOnly, Errno.EFAULT, "read into a read-only area");
        assertEquals(512, res(d, sqe(UringOp.WRITE, 0, 0, 512), readOnly), "writing from a read-only area is fine");
    }

    @ParameterizedTest @MethodSource("blockDevices")
    void requestsBeyondTheCapacityFail(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        assertErrorNow(d, sqe(UringOp.READ, CAPACITY - 100, 0, 200), area, Errno.EINVAL, "read crossing the end");
        assertErrorNow(d, sqe(UringOp.WRITE, CAPACITY - 100, 0, 200), area, Errno.EFBIG, "write crossing the end");
        assertErrorNow(d, sqe(UringOp.READ, CAPACITY, 0, 1), area, Errno.EINVAL, "read at the end");
        assertErrorNow(d, sqe(UringOp.WRITE, Long.MAX_VALUE - 10, 0, 4096), area, Errno.EFBIG, "off + len overflowing");
        assertEquals(4096, res(d, sqe(UringOp.READ, CAPACITY - 4096, 0, 4096), area), "read ending exactly at the end");
        assertEquals(0, res(d, sqe(UringOp.READ, CAPACITY, 0, 0), area), "empty read at the end");
    }

    @ParameterizedTest @MethodSource("devices")
    void vectoredRequestsAreCheckedIovecByIovec(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        long array = 1000;   // deliberately not 8-byte aligned
        iovec(area, array, 0, 8192, 100);
        iovec(area, array, 1, 16384, 150);
        iovec(area, array, 2, 32768, 50);
        assertEquals(300, res(d, sqe(UringOp.READV, 0, array, 3), area), "three iovecs");
        assertEquals(300, res(d, sqe(UringOp.WRITEV, 0, array, 3), area), "three iovecs");
        assertEquals(0, res(d, sqe(UringOp.READV, 0, array, 0), area), "no iovecs");
        assertErrorNow(d, sqe(UringOp.READV, 0, array, Requests.MAX_IOVECS + 1), area, Errno.EINVAL, "too many iovecs");
        assertErrorNow(d, sqe(UringOp.READV, 0, AREA - 20, 2), area, Errno.EFAULT, "iovec array past the end");
        iovec(area, array, 1, AREA - 10, 150);
        assertErrorNow(d, sqe(UringOp.WRITEV, 0, array, 3), area, Errno.EFAULT, "an iovec past the end");
        iovec(area, array, 1, 16384, -1);
        assertErrorNow(d, sqe(UringOp.WRITEV, 0, array, 3), area, Errno.EINVAL, "a negative iovec length");
        iovec(area, array, 1, 16384, 1L << 31);
        assertErrorNow(d, sqe(UringOp.READV, 0, array, 3), area, Errno.EINVAL, "an iovec longer than an i32");
    }

    @ParameterizedTest @MethodSource("devices")
    void fsyncAcceptsOnlyDatasync(String name) {
        DeviceModel d = open(name);
        int expected = name.equals("nic") ? -Errno.EOPNOTSUPP : 0;
        SqeView fsync = sqe(UringOp.FSYNC, 0, 0, 0);
        assertEquals(expected, res(d, fsync, null), "fsync");
        assertEquals(expected, res(d, fsync.opFlags(Requests.FSYNC_DATASYNC), null), "fdatasync");
        assertErrorNow(d, sqe(UringOp.FSYNC, 0, 0, 0).opFlags(2), null, Errno.EINVAL, "unknown fsync flag");
        assertErrorNow(d, sqe(UringOp.FSYNC, 0, 8, 0), null, Errno.EINVAL, "fsync with an addr");
    }

    @ParameterizedTest @MethodSource("devices")
    void timeoutsArePureTimers(String name) {
        DeviceModel d = open(name);
        MemorySegment area = area();
        timespec(area, 64, 2, 5_000);
        IoResult r = submit(d, NOW, sqe(UringOp.TIMEOUT, 0, 64, 1), area);
        assertEquals(-Errno.ETIME, r.res);
        assertEquals(NOW + 2_000_005_000L, r.completeAtNanos, "relative timeout");
        timespec(area, 64, 0, NOW + 777);
        r = submit(d, NOW, sqe(UringOp.TIMEOUT, 0, 64, 1).opFlags(UringOp.TIMEOUT_ABS), area);
        assertEquals(-Errno.ETIME, r.res);
        assertEquals(NOW + 777, r.completeAtNanos, "absolute timeout");
        timespec(area, 64, 0, NOW - 777);
        assertEquals(NOW, submit(d, NOW, sqe(UringOp.TIMEOUT, 0, 64, 1).opFlags(UringOp.TIMEOUT_ABS), area).completeAtNanos,
                "an absolute timeout in the past fires at once");

        timespec(area, 64, 0, 10);
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 2), area, Errno.EINVAL, "len != 1");
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 1).opFlags(2), area, Errno.EINVAL, "unknown timeout flag");
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 3, 64, 1), area, Errno.EOPNOTSUPP, "counted timeout");
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, AREA - 8, 1), area, Errno.EFAULT, "timespec past the end");
        timespec(area, 64, 0, 1_000_000_000L);
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 1), area, Errno.EINVAL, "tv_nsec out of range");
        timespec(area, 64, -1, 0);
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 1), area, Errno.EINVAL, "negative tv_sec");
        timespec(area, 64, 61, 0);
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 1), area, Errno.EINVAL, "longer than a minute");
        timespec(area, 64, Long.MAX_VALUE, 0);
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 64, 1).opFlags(UringOp.TIMEOUT_ABS), area, Errno.EINVAL, "absolute overflow");
    }

    @ParameterizedTest @MethodSource("devices")
    void anUnreachableAreaIsEfaultNotAnException(String name) throws Exception {
        DeviceModel d = open(name);
        Arena arena = Arena.ofShared();
        MemorySegment closedArea = arena.allocate(AREA, 8);
        iovec(closedArea, 0, 0, 4096, 64);
        arena.close();
        assertErrorNow(d, sqe(UringOp.READV, 0, 0, 1), closedArea, Errno.EFAULT, "vectored read over a closed arena");
        assertErrorNow(d, sqe(UringOp.TIMEOUT, 0, 0, 1), closedArea, Errno.EFAULT, "timeout over a closed arena");

        try (Arena confined = Arena.ofConfined()) {
            MemorySegment other = confined.allocate(AREA, 8);
            iovec(other, 0, 0, 4096, 64);
            AtomicReference<IoResult> seen = new AtomicReference<>();
            Thread t = new Thread(() -> seen.set(submit(d, NOW, sqe(UringOp.READV, 0, 0, 1), other)));
            t.start();
            t.join();
            assertEquals(-Errno.EFAULT, seen.get().res, "an area confined to another thread");
        }
    }

    /** Random SQEs and random buffer contents: only known answers, never an exception, never outside the device. */
    @ParameterizedTest @MethodSource("devices")
    void hostileSqesGetErrorsAndTheDeviceKeepsServing(String name) throws Exception {
        DeviceModel d = open(name);
        MemorySegment area = area();
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        for (long i = 0; i < AREA; i += 8) {
            area.set(java.lang.foreign.ValueLayout.JAVA_LONG, i, rnd.nextLong());
        }
        int[] table = {UringOp.NOP, UringOp.READV, UringOp.WRITEV, UringOp.FSYNC, UringOp.READ_FIXED,
                UringOp.WRITE_FIXED, UringOp.TIMEOUT, UringOp.READ, UringOp.WRITE};
        Set<Integer> allowed = Set.of(-Errno.EINVAL, -Errno.EFAULT, -Errno.EFBIG, -Errno.ETIME, -Errno.EOPNOTSUPP,
                -Errno.EMSGSIZE, -Errno.ENOBUFS);
        SqeView sqe = sqe(0, 0, 0, 0);
        IoResult r = new IoResult();
        int served = 0;
        for (int i = 0; i < 20_000; i++) {
            for (int b = 0; b < 64; b += 8) {
                sqe.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, b, rnd.nextLong());
            }
            if (rnd.nextBoolean()) {
                sqe.opcode(table[rnd.nextInt(table.length)]);
            }
            if (rnd.nextBoolean()) {        // plausible fields, so the valid paths are exercised too
                sqe.off(rnd.nextLong(CAPACITY + 8192) - 4096).addr(rnd.nextLong(AREA + 8192) - 4096).len(rnd.nextInt(8192));
            }
            long now = NOW + i;
            d.submit(now, sqe, area, r);
            assertTrue(r.res >= 0 || allowed.contains(r.res),
                    "unexpected result " + r.res + " for " + sqe.copyTo(new org.vdsolab.api.record.Sqe()));
            assertTrue(r.completeAtNanos >= now, "completion before submission");
            if (r.res >= 0) {
                served++;
            }
        }
        assertTrue(served > 1000, "the fuzz also exercised valid requests: " + served);
        if (d instanceof FileDevice f) {
            assertEquals(CAPACITY, Files.size(f.path()), "no I/O outside the device: the file did not grow");
        }
        assertEquals(512, submit(d, NOW + 1_000_000_000L, sqe(UringOp.WRITE, 0, 0, 512), area).res, "still serving");
    }
}
