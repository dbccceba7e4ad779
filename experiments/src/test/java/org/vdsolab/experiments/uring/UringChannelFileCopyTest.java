package org.vdsolab.experiments.uring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.nio.AsyncRingFileChannel;
import org.vdsolab.api.uring.nio.RingFileChannel;

import org.vdsolab.api.testing.StallGuard;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A file copied through the ring with the real {@code file} device: code that only knows
 * {@link SeekableByteChannel} (and the CompletableFuture variant) reads one backing file and writes
 * another; the bytes on disk must match.
 */
class UringChannelFileCopyTest {

    private static final int BYTES = 1_000_003; // not a multiple of any chunk
    private static final long DEVICE = 2L << 20;

    @Test
    void seekableByteChannelCopiesAFile(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src.bin");
        Path dst = dir.resolve("dst.bin");
        byte[] data = new byte[BYTES];
        new Random(11).nextBytes(data);
        Files.write(src, data);
        UringSpec spec = UringSpec.simple("vsched", 32, 32);
        UringKernel.Builder b = UringKernel.builder(spec).regionFile(SharedRegion.defaultPath("uring-copy-" + ProcessHandle.current().pid()));
        int in = b.device("src", fileDevice(src));
        int out = b.device("dst", fileDevice(dst));
        try (UringKernel k = b.build().startPollers()) {
            var user = k.user(0);
            try (SeekableByteChannel r = new RingFileChannel(user, in, DEVICE, BYTES, 0, 16384, false);
                 RingFileChannel w = new RingFileChannel(user, out, DEVICE, 0, 16384, 16384, true)) {
                copy(r, w);
                w.force();
                assertEquals(BYTES, w.size());
            }
        }
        byte[] copied = Files.readAllBytes(dst);
        assertArrayEquals(data, Arrays.copyOf(copied, BYTES));
    }

    @Test
    void asyncChannelCopiesAFile(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src.bin");
        Path dst = dir.resolve("dst.bin");
        byte[] data = new byte[BYTES];
        new Random(12).nextBytes(data);
        Files.write(src, data);
        UringSpec spec = UringSpec.simple("disruptor", 32, 32).withDomains(2).withRouting(RoutingPolicy.PER_DOMAIN, 1);
        UringKernel.Builder b = UringKernel.builder(spec).regionFile(SharedRegion.defaultPath("uring-acopy-" + ProcessHandle.current().pid()));
        int in = b.device("src", fileDevice(src), 0);
        int out = b.device("dst", fileDevice(dst), 1);
        int chunk = 8192;
        try (UringKernel k = b.build().startPollers();
             AsyncRingFileChannel reader = new AsyncRingFileChannel(k.user(0), in, DEVICE, 0, chunk, 4);
             AsyncRingFileChannel writer = new AsyncRingFileChannel(k.user(1), out, DEVICE, 0, chunk, 4)) {
            int chunks = (BYTES + chunk - 1) / chunk;
            CompletableFuture<?>[] all = new CompletableFuture<?>[chunks];
            for (int i = 0; i < chunks; i++) {
                ByteBuffer buf = ByteBuffer.allocate(Math.min(chunk, BYTES - i * chunk));
                long pos = (long) i * chunk;
                all[i] = reader.read(buf, pos).thenCompose(n -> writer.write(buf.flip(), pos));
            }
            CompletableFuture.allOf(all).get(StallGuard.EVENT_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        byte[] copied = Files.readAllBytes(dst);
        assertArrayEquals(data, Arrays.copyOf(copied, BYTES));
    }

    private static void copy(SeekableByteChannel r, SeekableByteChannel w) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(7000);
        while (r.read(buf.clear()) >= 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                w.write(buf);
            }
        }
    }

    /** A file device of {@link #DEVICE} bytes over {@code path}: the kernel takes its bound from the model. */
    private static DeviceModel fileDevice(Path path) {
        return Providers.find(DeviceProvider.class, "file")
                .open(new DeviceSpec(null, Map.of("path", path.toString(), "size", Long.toString(DEVICE)), 1));
    }
}
