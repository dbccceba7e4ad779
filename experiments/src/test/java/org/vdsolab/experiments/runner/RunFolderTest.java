package org.vdsolab.experiments.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheRunnersOwnFilesAreCleanedAndCopied() throws Exception {
        List<String> ours = List.of("summary.json", "summary.csv", "config.yaml", "index.html", "cell-1.hlog", "cell-12.hlog",
                "cell-3-error.txt", "throughput.png", "throughput.svg", "latency-percentiles-2.png", "latency-vs-load.svg",
                "batch-size.png", "counter-torn_per_million.svg", "counter-lost-3.png");
        List<String> theirs = List.of("notes.txt", "diagram.png", "summary.json.bak", "cell-x.hlog", "my-plot.svg");
        for (String f : ours) {
            assertTrue(RunFolder.isRunFile(f), f);
            Files.writeString(dir.resolve(f), f);
        }
        for (String f : theirs) {
            assertFalse(RunFolder.isRunFile(f), f);
            Files.writeString(dir.resolve(f), f);
        }
        Path copy = dir.resolve("published");
        assertEquals(ours.size(), RunFolder.copy(dir, copy).size());
        assertEquals(ours.size(), RunFolder.clean(dir).size());
        for (String f : theirs) {
            assertTrue(Files.exists(dir.resolve(f)), f + " was not the runner's to delete");
        }
        for (String f : ours) {
            assertFalse(Files.exists(dir.resolve(f)), f);
            assertEquals(f, Files.readString(copy.resolve(f)));
        }
        assertEquals(List.of(), RunFolder.clean(dir.resolve("missing")));
    }
}
