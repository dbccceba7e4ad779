package org.vdsolab.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.RunLock;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run folder through the CLI: one run per folder, a config in the folder is never
 * overwritten, I/O errors name the path and the reason, and {@code report} says what is missing
 * or damaged instead of dropping it.
 */
class RunOutputTest {

    @TempDir
    Path work;

    private String out;
    private String err;

    private static final String GOOD = """
            experiment: output-test
            workload: synthetic
            queue: [alpha, beta, gamma]
            ops: 200
            run: {warmup: 0, repetitions: 1, fork: false}
            """;

    private int main(String... args) {
        CliRun run = CliRun.of(work, args);
        out = run.out();
        err = run.err();
        return run.status();
    }

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Map<String, byte[]> charts(Path dir) throws IOException {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        for (String f : files(dir)) {
            if (f.endsWith(".png") || f.endsWith(".svg")) {
                charts.put(f, Files.readAllBytes(dir.resolve(f)));
            }
        }
        return charts;
    }

    @Test
    void aSecondRunIntoAFolderInUseIsRefusedNamingTheFolderAndThePid() throws IOException {
        TestConfigs.write(work, "good.yaml", GOOD);
        Path folder = work.resolve("busy");
        try (RunLock other = RunLock.acquire(folder, "./vdsolab run other.yaml", s -> { })) {
            assertEquals(ExitCodes.RUN_FAILURE, main("run", "good.yaml", "--out", "busy"));
            assertTrue(err.startsWith("error: " + folder + " is in use by another run (pid " + ProcessHandle.current().pid()
                    + ", started "), err);
            assertTrue(err.contains("writing ./vdsolab run other.yaml"), err);
            assertEquals(List.of(RunLock.FILE), files(folder), "the refused run wrote nothing");
        }
        assertEquals(ExitCodes.OK, main("run", "good.yaml", "--out", "busy"), err);
        assertEquals("", err);
        assertTrue(Files.exists(folder.resolve("summary.json")));
        try (RunLock other = RunLock.acquire(folder, "./vdsolab run other.yaml", s -> { })) {
            assertEquals(ExitCodes.RUN_FAILURE, main("report", "busy"));
            assertTrue(err.startsWith("error: " + folder + " is in use by another run (pid "), err);
        }
    }

    @Test
    void aConfigInTheOutFolderUnderARunFileNameIsNeverOverwritten() throws IOException {
        TestConfigs.write(work, "good.yaml", GOOD);
        assertEquals(ExitCodes.OK, main("run", "good.yaml", "--out", "o"), err);
        Path config = work.resolve("o/config.yaml");
        byte[] before = Files.readAllBytes(config);
        Map<String, byte[]> charts = charts(work.resolve("o"));
        assertEquals(ExitCodes.USAGE, main("run", "o/config.yaml", "--out", "o", "--set", "ops=300"));
        assertEquals("error: " + config + ": this config is " + config.toRealPath() + ", a file the run writes in its output"
                + " folder " + work.resolve("o") + ", so the run would overwrite it; nothing ran. Copy the config out of the"
                + " folder and run the copy, or choose another --out\n", err);
        assertArrayEquals(before, Files.readAllBytes(config));
        assertEquals(charts.keySet(), charts(work.resolve("o")).keySet(), "nothing was cleaned");

        // a config in the folder under a name the runner does not write is fine
        Files.copy(config, work.resolve("o/again.yaml"));
        assertEquals(ExitCodes.OK, main("run", "o/again.yaml", "--out", "o"), err);
        assertTrue(Files.exists(work.resolve("o/again.yaml")));
    }

    @Test
    void anOutFolderThatCannotBeCreatedIsNamedWithTheReason() {
        TestConfigs.write(work, "good.yaml", GOOD);
        assertEquals(ExitCodes.RUN_FAILURE, main("run", "good.yaml", "--out", "/proc/vdsolab-test/x"));
        assertEquals("error: cannot create output folder /proc/vdsolab-test/x: No such file or directory"
                + " (NoSuchFileException at /proc/vdsolab-test)\n", err);
    }

    @Test
    void reportWarnsAndFailsOnAMissingOrCorruptHlogAndStillDrawsTheOtherCharts() throws IOException {
        TestConfigs.write(work, "good.yaml", GOOD);
        assertEquals(ExitCodes.OK, main("run", "good.yaml", "--out", "r"), err);
        Path run = work.resolve("r");
        Files.delete(run.resolve("cell-1.hlog"));
        Files.writeString(run.resolve("cell-2.hlog"), "this is not an interval log\n1.0,2.0,3.0,garbage\n");
        Files.delete(run.resolve("throughput.png"));
        Files.delete(run.resolve("latency-percentiles.png"));

        assertEquals(ExitCodes.RUN_FAILURE, main("report", "r"));
        assertTrue(err.contains("warning: " + run.resolve("cell-1.hlog") + ": missing, though summary.json has latency"
                + " percentiles for cell 1; the latency charts leave out cell 1\n"), err);
        assertTrue(err.contains("warning: " + run.resolve("cell-2.hlog") + ": holds no readable latency samples (empty, cut"
                + " short or not an interval log), though summary.json has latency percentiles for cell 2"), err);
        assertTrue(err.contains("the latency charts leave out cell 2\n"), err);
        assertFalse(err.contains("leave out cell 3"), err);
        assertTrue(err.endsWith("error: 2 files are missing or damaged; the report left out what they hold (listed above"
                + " and in the page)\n"), err);
        assertTrue(Files.exists(run.resolve("throughput.png")), "the other charts are drawn");
        assertTrue(Files.exists(run.resolve("latency-percentiles.png")), "cell 3's latency is still drawn");
        String page = Files.readString(run.resolve("index.html"));
        assertTrue(page.contains("2 problems with this folder's files."), page);
    }

    @Test
    void aMalformedSummaryFailsNamingFileAndFieldAndKeepsTheCharts() throws IOException {
        TestConfigs.write(work, "good.yaml", GOOD);
        assertEquals(ExitCodes.OK, main("run", "good.yaml", "--out", "m"), err);
        Path run = work.resolve("m");
        Map<String, byte[]> before = charts(run);
        assertTrue(before.containsKey("throughput.png") && before.containsKey("latency-percentiles.svg"), before.keySet().toString());
        Files.setLastModifiedTime(run.resolve("throughput.png"), FileTime.fromMillis(0));
        Path summary = run.resolve("summary.json");
        String json = Files.readString(summary);
        int second = json.indexOf("\"repetitions\"", json.indexOf("\"repetitions\"", json.indexOf("\"cells\"")) + 1);
        Files.writeString(summary, json.substring(0, second) + "\"repetitions\" : \"two\","
                + json.substring(json.indexOf(',', second) + 1));

        assertEquals(ExitCodes.RUN_FAILURE, main("report", "m"));
        assertEquals("error: " + summary + ": cells[1].repetitions (cell 2): expected a whole number >= 0, got \"two\"\n", err);
        Map<String, byte[]> after = charts(run);
        assertEquals(before.keySet(), after.keySet(), "no chart deleted");
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), f + " was rewritten");
        }
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(run.resolve("throughput.png")), "not even rewritten");
    }
}
