package org.vdsolab.spsc;

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
import java.util.function.LongFunction;
import java.util.stream.Stream;

/** The two WordMemory backends the tests run over: a heap long[] and a mapped temp file. */
final class TestMemories {

    private TestMemories() { }

    /** A named backend factory, so parameterized tests show which backend failed. */
    record Backend(String name, LongFunction<WordMemory> factory) {
        WordMemory allocate(long bytes) { return factory.apply(bytes); }

        @Override public String toString() { return name; }
    }

    static Stream<Backend> backends() {
        return Stream.of(new Backend("heap", HeapWordMemory::new), new Backend("mapped", TestMemories::mapped));
    }

    /** A fresh file of {@code bytes} zero bytes, mapped read-write (deleted on exit). */
    static WordMemory mapped(long bytes) {
        try {
            Path file = Files.createTempFile("vdsolab-spsc-test", ".vvar");
            file.toFile().deleteOnExit();
            return map(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A (further) mapping of {@code file}, grown to {@code bytes} if needed: a second domain's view. */
    static WordMemory map(Path file, long bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes, Arena.ofAuto());
            return new SegmentWordMemory(segment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
