package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.uring.nio.AsyncRingFileChannel;
import org.vdsolab.api.uring.nio.RingFileChannel;

import org.vdsolab.api.testing.StallGuard;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NIO channels over the ring on the test device: blocking copy, async copy, errors. */
class RingChannelTest {

    private static final int BYTES = 200_000;

    @Test
    void blockingChannelCopiesOneDeviceToAnotherByteForByte() throws IOException {
        TestDevice src = new TestDevice(256 * 1024, 0);
        TestDevice dst = new TestDevice(256 * 1024, 0);
        byte[] data = new byte[BYTES];
        new Random(7).nextBytes(data);
        for (int i = 0; i < BYTES; i++) {
            src.store.set(ValueLayout.JAVA_BYTE, i, data[i]);
        }
        UringSpec spec = Rings.spec(16, 16);
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE).tuning(Rings.tuning())
                .memory(new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)));
        int in = b.device("src", src);
        int out = b.device("dst", dst);
        try (UringKernel k = b.build().startPollers()) {
            UringUser u = k.user(0);
            try (RingFileChannel r = new RingFileChannel(u, in, src.store.byteSize(), BYTES, 0, 8192, false);
                 RingFileChannel w = new RingFileChannel(u, out, dst.store.byteSize(), 0, 16384, 8192, true)) {
                ByteBuffer buf = ByteBuffer.allocate(5000); // odd size: exercises short transfers
                long copied = 0;
                while (r.read(buf.clear()) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        copied += w.write(buf);
                    }
                }
                w.force();
                assertEquals(BYTES, copied);
                assertEquals(BYTES, w.size());
            }
            for (int i = 0; i < BYTES; i++) {
                assertEquals(data[i], dst.store.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
            }
            try (RingFileChannel w = new RingFileChannel(u, out, dst.store.byteSize(), 0, 0, 64, true)) {
                w.position(dst.store.byteSize() - 8);
                IOException e = assertThrows(IOException.class, () -> w.write(ByteBuffer.allocate(16)));
                assertTrue(e.getMessage().contains("capacity"), e.getMessage());
            }
            dst.failOffset = 0;
            try (RingFileChannel w = new RingFileChannel(u, out, dst.store.byteSize(), 0, 0, 64, true)) {
                IOException e = assertThrows(IOException.class, () -> w.write(ByteBuffer.allocate(16)));
                assertTrue(e.getMessage().contains("EIO"), e.getMessage());
            }
        }
    }

    @Test
    void asyncChannelCopiesWithSeveralRequestsInFlight() throws Exception {
        TestDevice src = new TestDevice(256 * 1024, 30_000);
        TestDevice dst = new TestDevice(256 * 1024, 30_000);
        byte[] data = new byte[BYTES];
        new Random(8).nextBytes(data);
        for (int i = 0; i < BYTES; i++) {
            src.store.set(ValueLayout.JAVA_BYTE, i, data[i]);
        }
        // Two domains, one channel each: a channel's reaper is its domain's only reaper.
        UringSpec spec = Rings.spec(16, 16).withDomains(2);
        UringLayout layout = UringLayout.of(spec, Rings.QUEUE);
        UringKernel.Builder b = UringKernel.builder(spec).provider(Rings.QUEUE).tuning(Rings.tuning())
                .memory(new SegmentWordMemory(Arena.ofShared().allocate(layout.layout().totalSize(), 4096)));
        int in = b.device("src", src, 0);
        int out = b.device("dst", dst, 1);
        int chunk = 4096;
        int chunks = (BYTES + chunk - 1) / chunk;
        try (UringKernel k = b.build().startPollers();
             AsyncRingFileChannel reader = new AsyncRingFileChannel(k.user(0), in, src.store.byteSize(), 0, chunk, 8);
             AsyncRingFileChannel writer = new AsyncRingFileChannel(k.user(1), out, dst.store.byteSize(), 0, chunk, 8)) {
            CompletableFuture<?>[] copies = new CompletableFuture<?>[chunks];
            for (int i = 0; i < chunks; i++) {
                ByteBuffer buf = ByteBuffer.allocate(Math.min(chunk, BYTES - i * chunk));
                long pos = (long) i * chunk;
                copies[i] = reader.read(buf, pos).thenCompose(n -> writer.write(buf.flip(), pos));
            }
            CompletableFuture.allOf(copies).get(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS);
            long total = 0;
            for (CompletableFuture<?> f : copies) {
                total += (Integer) f.get();
            }
            assertEquals(BYTES, total);
            for (int i = 0; i < BYTES; i++) {
                assertEquals(data[i], dst.store.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
            }
            dst.failOffset = 0;
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> writer.write(ByteBuffer.allocate(8), 0).get(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException && e.getCause().getMessage().contains("EIO"), e.toString());
            ExecutionException denied = assertThrows(ExecutionException.class,
                    () -> writer.write(ByteBuffer.allocate(8), dst.store.byteSize()).get(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS));
            assertTrue(denied.getCause().getMessage().contains("capacity"), denied.toString());
        }
    }
}
