package org.vdsolab.vsched;

import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.memory.WordMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/** The two backends every algorithm test runs on: a heap long[] and a mapped temp file. */
final class Memories {

    private Memories() { }

    static WordMemory heap(long bytes) {
        return new HeapWordMemory(bytes);
    }

    /** A fresh file mapped read-write with a GC-managed arena; the file is deleted at once (the mapping stays). */
    static WordMemory mapped(long bytes) {
        try {
            Path file = Files.createTempFile("vsched-test-", ".vvar");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
                return new SegmentWordMemory(channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, Arena.ofAuto()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map a temp file of " + bytes + " bytes", e);
        }
    }

    /** A named backend factory, for parameterized tests. */
    record Backend(String name, LongFunction<WordMemory> factory) {
        WordMemory allocate(long bytes) {
            return factory.apply(bytes);
        }

        @Override public String toString() {
            return name;
        }
    }

    static Stream<Backend> backends() {
        return Stream.of(new Backend("heap", Memories::heap), new Backend("mapped", Memories::mapped));
    }
}
