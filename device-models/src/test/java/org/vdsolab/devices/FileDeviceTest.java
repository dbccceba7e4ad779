package org.vdsolab.devices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;
import org.vdsolab.api.uring.UringOp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.devices.TestIo.iovec;
import static org.vdsolab.devices.TestIo.res;
import static org.vdsolab.devices.TestIo.spec;
import static org.vdsolab.devices.TestIo.sqe;
import static org.vdsolab.devices.TestIo.submit;

/** The file device moves real data: written bytes read back equal, on disk too, from every kind of buffer area. */
class FileDeviceTest {

    @TempDir
    Path dir;

    private FileDevice open(String... params) {
        return (FileDevice) new FileDeviceProvider().open(spec(null, params));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void writtenBytesReadBackEqualAndLandInTheFile() throws Exception {
        Path file = dir.resolve("disk.img");
        try (FileDevice d = open("path", file.toString(), "size", "1MiB"); Arena arena = Arena.ofConfined()) {
            MemorySegment area = arena.allocate(256 * 1024, 4096);
            byte[] data = random(100_000, 1);
            MemorySegment.copy(data, 0, area, ValueLayout.JAVA_BYTE, 1000, data.length);
            long before = System.nanoTime();
            IoResult w = submit(d, 0, sqe(UringOp.WRITE, 12_345, 1000, data.length), area);
            assertEquals(data.length, w.res);
            assertTrue(w.completeAtNanos >= before, "completes when the I/O has finished, on the nanoTime clock");
            assertEquals(0, res(d, sqe(UringOp.FSYNC, 0, 0, 0), area));

            IoResult r = submit(d, 0, sqe(UringOp.READ, 12_345, 150_000, data.length), area);
            assertEquals(data.length, r.res);
            byte[] back = area.asSlice(150_000, data.length).toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(data, back);

            byte[] onDisk = Files.readAllBytes(file);
            assertEquals(1 << 20, onDisk.length, "the file was created with the requested size");
            assertArrayEquals(data, Arrays.copyOfRange(onDisk, 12_345, 12_345 + data.length));
            assertEquals(0, onDisk[12_344], "untouched bytes stay zero");
        }
    }

    @Test
    void vectoredWritesAndReadsScatterAndGather() throws Exception {
        try (FileDevice d = open("size", "64KiB"); Arena arena = Arena.ofConfined()) {
            MemorySegment area = arena.allocate(64 * 1024, 8);
            byte[] a = random(300, 2);
            byte[] b = random(5000, 3);
            MemorySegment.copy(a, 0, area, ValueLayout.JAVA_BYTE, 4096, a.length);
            MemorySegment.copy(b, 0, area, ValueLayout.JAVA_BYTE, 20_000, b.length);
            iovec(area, 0, 0, 4096, a.length);
            iovec(area, 0, 1, 20_000, b.length);
            assertEquals(a.length + b.length, res(d, sqe(UringOp.WRITEV, 777, 0, 2), area));

            iovec(area, 100, 0, 40_000, 1000);          // gather into other places, split differently
            iovec(area, 100, 1, 50_000, a.length + b.length - 1000);
            assertEquals(a.length + b.length, res(d, sqe(UringOp.READV, 777, 100, 2), area));
            byte[] expected = new byte[a.length + b.length];
            System.arraycopy(a, 0, expected, 0, a.length);
            System.arraycopy(b, 0, expected, a.length, b.length);
            byte[] got = new byte[expected.length];
            MemorySegment.copy(area, ValueLayout.JAVA_BYTE, 40_000, got, 0, 1000);
            MemorySegment.copy(area, ValueLayout.JAVA_BYTE, 50_000, got, 1000, expected.length - 1000);
            assertArrayEquals(expected, got);
            assertArrayEquals(expected, Arrays.copyOfRange(Files.readAllBytes(d.path()), 777, 777 + expected.length));
        }
    }

    /** byte[] heap areas get a view; long[] heap areas go through the bounce buffer, in several chunks. */
    @Test
    void heapAreasWorkToo() {
        try (FileDevice d = open("size", "1MiB")) {
            byte[] data = random(200_000, 4);              // > 3 bounce chunks
            MemorySegment bytes = MemorySegment.ofArray(new byte[300_000]);
            MemorySegment.copy(data, 0, bytes, ValueLayout.JAVA_BYTE, 5, data.length);
            assertEquals(data.length, res(d, sqe(UringOp.WRITE, 64, 5, data.length), bytes));

            MemorySegment longs = MemorySegment.ofArray(new long[300_000 / 8]);
            assertEquals(data.length, res(d, sqe(UringOp.READ, 64, 3, data.length), longs));
            assertArrayEquals(data, longs.asSlice(3, data.length).toArray(ValueLayout.JAVA_BYTE));

            byte[] more = random(70_000, 5);
            MemorySegment.copy(more, 0, longs, ValueLayout.JAVA_BYTE, 11, more.length);
            assertEquals(more.length, res(d, sqe(UringOp.WRITE, 500_000, 11, more.length), longs));
            assertEquals(more.length, res(d, sqe(UringOp.READ, 500_000, 0, more.length), bytes));
            assertArrayEquals(more, bytes.asSlice(0, more.length).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void boundsAreCheckedBeforeAnyIo() throws Exception {
        try (FileDevice d = open("size", "8KiB"); Arena arena = Arena.ofConfined()) {
            MemorySegment area = arena.allocate(16 * 1024, 8);
            area.fill((byte) 0x55);
            assertEquals(-Errno.EFBIG, res(d, sqe(UringOp.WRITE, 8192 - 100, 0, 200), area));
            assertEquals(-Errno.EINVAL, res(d, sqe(UringOp.READ, 8192 - 100, 0, 200), area));
            assertEquals(-Errno.EFAULT, res(d, sqe(UringOp.WRITE, 0, 16 * 1024 - 10, 20), area));
            assertEquals(-Errno.EINVAL, res(d, sqe(UringOp.WRITE, -4096, 0, 20), area));
            assertEquals(8192, Files.size(d.path()), "the file did not grow");
            byte[] content = Files.readAllBytes(d.path());
            for (byte b : content) {
                assertEquals(0, b, "nothing was written by a refused request");
            }
        }
    }

    @Test
    void theFileIsCreatedWithItsDirectoriesOrReusedWithItsLength() throws Exception {
        Path nested = dir.resolve("a/b/disk.img");
        try (FileDevice d = open("path", nested.toString())) {
            assertEquals(FileDeviceProvider.DEFAULT_NEW_SIZE, d.capacityBytes(), "a new file gets the default size");
            assertEquals(FileDeviceProvider.DEFAULT_NEW_SIZE, Files.size(nested));
        }
        Path existing = dir.resolve("existing.img");
        Files.write(existing, random(10_000, 6));
        try (FileDevice d = open("path", existing.toString()); Arena arena = Arena.ofConfined()) {
            assertEquals(10_000, d.capacityBytes(), "an existing file keeps its length");
            MemorySegment area = arena.allocate(10_000);
            assertEquals(10_000, res(d, sqe(UringOp.READ, 0, 0, 10_000), area));
            assertArrayEquals(random(10_000, 6), area.toArray(ValueLayout.JAVA_BYTE));
        }
        try (FileDevice d = open("path", existing.toString(), "size", "4000")) {
            assertEquals(4000, d.capacityBytes(), "a smaller size only limits the addressable range");
            assertEquals(10_000, Files.size(existing), "and does not truncate");
        }
    }

    @Test
    void aTemporaryFileIsDeletedOnCloseAndLaterRequestsAreEbadf() {
        FileDevice d = open();
        Path p = d.path();
        assertTrue(Files.exists(p));
        assertTrue(d.describe().contains("(temporary)"), d.describe());
        d.close();
        assertFalse(Files.exists(p));
        MemorySegment area = Arena.ofAuto().allocate(4096);
        assertEquals(-Errno.EBADF, res(d, sqe(UringOp.WRITE, 0, 0, 4096), area));
        assertEquals(-Errno.EBADF, res(d, sqe(UringOp.FSYNC, 0, 0, 0), area));
        d.close();                                      // idempotent
    }

    @Test
    void anUnopenablePathIsAnIllegalArgumentNamingIt() throws Exception {
        Path aFile = dir.resolve("plain");
        Files.writeString(aFile, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open("path", aFile.resolve("sub/disk.img").toString()));
        assertTrue(e.getMessage().startsWith("file: cannot create the backing file '" + aFile.resolve("sub/disk.img")), e.getMessage());
    }

    /** An interrupt closes a FileChannel (JDK semantics): the interrupted request is -EINTR, the device reopens and carries on. */
    @Test
    void anInterruptedPollerDoesNotBreakTheDevice() throws Exception {
        try (FileDevice d = open("size", "64KiB"); Arena arena = Arena.ofShared()) {
            MemorySegment area = arena.allocate(8192);
            byte[] data = random(4096, 7);
            MemorySegment.copy(data, 0, area, ValueLayout.JAVA_BYTE, 0, data.length);
            AtomicInteger interrupted = new AtomicInteger(1);
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                interrupted.set(res(d, sqe(UringOp.WRITE, 0, 0, 4096), area));
            });
            t.start();
            t.join();
            assertEquals(-Errno.EINTR, interrupted.get());
            assertEquals(4096, res(d, sqe(UringOp.WRITE, 0, 0, 4096), area), "the other pollers carry on");
            assertEquals(4096, res(d, sqe(UringOp.READ, 0, 4096, 4096), area));
            assertArrayEquals(data, area.asSlice(4096, 4096).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** Several pollers at once, each on its own region, reading and writing: every byte lands where it belongs. */
    @Test
    void concurrentPollersMoveEveryByteCorrectly() throws Exception {
        int threads = 4;
        int rounds = 200;
        int block = 8192;
        try (FileDevice d = open("size", String.valueOf(threads * rounds * block)); Arena arena = Arena.ofShared()) {
            MemorySegment area = arena.allocate((long) threads * 2 * block, 4096);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Thread w = new Thread(() -> {
                    SqeView s = sqe(0, 0, 0, block);
                    IoResult r = new IoResult();
                    long mine = (long) me * 2 * block;
                    NullAndFixedDeviceTest.awaitQuietly(start);
                    for (int i = 0; i < rounds; i++) {
                        byte[] data = random(block, me * 1000L + i);
                        MemorySegment.copy(data, 0, area, ValueLayout.JAVA_BYTE, mine, block);
                        long off = ((long) i * threads + me) * block;
                        d.submit(0, s.opcode(UringOp.WRITE).off(off).addr(mine), area, r);
                        d.submit(0, s.opcode(UringOp.READ).off(off).addr(mine + block), area, r);
                        if (r.res != block || !Arrays.equals(data, area.asSlice(mine + block, block).toArray(ValueLayout.JAVA_BYTE))) {
                            failures.incrementAndGet();
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
            assertEquals(0, failures.get());
            byte[] disk = Files.readAllBytes(d.path());
            for (int i = 0; i < rounds; i++) {
                for (int t = 0; t < threads; t++) {
                    int off = (i * threads + t) * block;
                    assertArrayEquals(random(block, t * 1000L + i), Arrays.copyOfRange(disk, off, off + block), "block " + i + "/" + t);
                }
            }
        }
    }
}
