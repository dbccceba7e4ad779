package org.vdsolab.api.queue.testkit;

import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two {@link WordMemory} backends every queue check runs over: a heap {@code long[]} (what
 * Lincheck's model checker can see) and a file mapped through a shared arena (what real runs
 * use). Stateless; {@link #open} hands out memory the caller must close.
 */
public enum Backend {

    /** {@link HeapWordMemory}: a heap {@code long[]} accessed through array VarHandles. */
    HEAP {
        @Override
        public TestMemory open(long bytes) {
            return new TestMemory(new HeapWordMemory(bytes), () -> { });
        }
    },

    /** {@link SegmentWordMemory} over a temp file mapped READ_WRITE in an {@code Arena.ofShared()}. */
    MAPPED {
        @Override
        public TestMemory open(long bytes) {
            try {
                Path file = Files.createTempFile(directory(), "vdsolab-testkit-", ".vvar");
                Arena arena = Arena.ofShared();
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    MemorySegment segment = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                    return new TestMemory(new SegmentWordMemory(segment), () -> {
                        arena.close();
                        Files.deleteIfExists(file);
                    });
                } catch (IOException | RuntimeException e) {
                    arena.close();
                    Files.deleteIfExists(file);
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map a " + bytes + "-byte temp file for the MAPPED backend", e);
            }
        }
    };

    /**
     * Allocates {@code bytes} (a multiple of 8) of zeroed memory of this kind.
     *
     * @throws UncheckedIOException if the MAPPED backend cannot create or map its temp file
     */
    public abstract TestMemory open(long bytes);

    private static Path directory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Memory from a {@link Backend}; closing unmaps it and deletes its file. Not thread-safe to close. */
    public static final class TestMemory implements AutoCloseable {

        /** What closing does: unmap, delete. */
        @FunctionalInterface
        interface Release {
            void run() throws IOException;
        }

        private final WordMemory memory;
        private final Release release;

        TestMemory(WordMemory memory, Release release) {
            this.memory = memory;
            this.release = release;
        }

        public WordMemory memory() { return memory; }

        @Override
        public void close() {
            try {
                release.run();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release test memory", e);
            }
        }
    }
}
