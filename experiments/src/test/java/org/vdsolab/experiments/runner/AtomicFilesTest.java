package org.vdsolab.experiments.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Atomic result files: all or nothing, no temp file left, errors naming the file and the reason. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriterThatThrowsLeavesNeitherATempFileNorAnEmptyTarget() throws IOException {
        Path chart = dir.resolve("throughput.png");
        FileActionException e = assertThrows(FileActionException.class, () -> AtomicFiles.write(chart, out -> {
            out.write(new byte[1000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + chart + ": No space left on device (IOException)", e.getMessage());
        assertEquals(chart, e.path());
        assertEquals(List.of(), names(), "no target, no temp file");

        Files.writeString(chart, "old chart");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(chart, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("encoder bug");
        }));
        assertEquals("old chart", Files.readString(chart), "the earlier file is kept whole");
        assertEquals(List.of("throughput.png"), names());
    }

    @Test
    void aWriteReplacesTheTargetWhole() throws IOException {
        Path summary = dir.resolve("summary.json");
        Files.writeString(summary, "{\"old\": true}");
        AtomicFiles.writeString(summary, "{\"new\": true}");
        assertEquals("{\"new\": true}", Files.readString(summary));
        AtomicFiles.write(summary, out -> {
            out.write('x');
            out.close();   // a content that closes its stream (Jackson does) still gets the file finished
        });
        assertEquals("x", Files.readString(summary));
        assertEquals(List.of("summary.json"), names());
    }

    @Test
    void aMissingFolderIsNamedWithTheReason() {
        Path target = dir.resolve("gone/summary.csv");
        FileActionException e = assertThrows(FileActionException.class, () -> AtomicFiles.writeString(target, "a"));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": No such file or directory (NoSuchFileException at "
                + dir.resolve("gone") + "/.summary.csv."), e.getMessage());
    }

    @Test
    void cleaningARunFolderRemovesTheTempFileOfAKilledWrite() throws IOException {
        Files.writeString(dir.resolve(".summary.json.8127361287.tmp"), "{\"half");
        Files.writeString(dir.resolve(".notes.txt.1.tmp"), "not ours");
        Files.writeString(dir.resolve("summary.json"), "{}");
        RunFolder.clean(dir);
        assertEquals(List.of(".notes.txt.1.tmp"), names());
    }

    @Test
    void errorsOfTheJdkWithoutAReasonGetOne() {
        assertEquals("/proc/x: No such file or directory (NoSuchFileException)",
                FileErrors.describe(new NoSuchFileException("/proc/x")));
        assertEquals("cannot create output folder /proc/x/y: No such file or directory (NoSuchFileException at /proc/x)",
                FileErrors.wrap("create output folder", Path.of("/proc/x/y"), new NoSuchFileException("/proc/x")).getMessage());
        assertFalse(FileErrors.describe(new IOException("plain")).contains("IOException"), "a message of ours stays as it is");
    }
}
