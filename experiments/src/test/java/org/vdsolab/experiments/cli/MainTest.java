package org.vdsolab.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, in this JVM: exit statuses, messages, files. */
class MainTest {

    @TempDir
    Path work;

    private String out;
    private String err;

    private int main(String... args) {
        CliRun run = CliRun.of(work, args);
        out = run.out();
        err = run.err();
        return run.status();
    }

    private void config(String name, String yaml) {
        TestConfigs.write(work, name, yaml);
    }

    private static final String GOOD = """
            experiment: cli-test
            workload: synthetic
            queue: [beta, gamma]
            ops: 200
            run: {warmup: 1, repetitions: 2, fork: false}
            quick:
              run: {warmup: 0, repetitions: 1, fork: false}
            """;

    private void assertNoStackTrace() {
        assertFalse(err.contains("\tat ") || out.contains("\tat "), err);
    }

    @Test
    void helpForEveryCommand() {
        for (String command : List.of("run", "list", "report", "compare", "suite", "bench")) {
            assertEquals(0, main(command, "--help"), command);
            assertTrue(out.startsWith("usage: ./vdsolab " + command), out);
        }
        assertEquals(0, main("run", "-h"));
        assertTrue(out.contains("--set <key=value>"), out);
        assertTrue(out.contains("--quick"), out);
        assertTrue(out.contains("--out <DIR>"), out);
        assertEquals(0, main("--help"));
        for (String command : List.of("run", "list", "report", "compare", "suite", "bench")) {
            assertTrue(out.contains("  " + command + " "), out);
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, main());
        assertTrue(err.startsWith("usage: ./vdsolab <command>"), err);
        assertEquals(2, main("frobnicate"));
        assertEquals("error: unknown command 'frobnicate'; commands: run, list, report, compare, suite, bench\n"
                + "(./vdsolab --help lists them)\n", err);
        assertEquals(2, main("run"));
        assertTrue(err.startsWith("error: run: run needs a CONFIG file\n"), err);
        assertEquals(2, main("run", "a.yaml", "b.yaml"));
        assertTrue(err.startsWith("error: run: run takes one CONFIG file, got 2: a.yaml b.yaml"), err);
        assertEquals(2, main("run", "a.yaml", "--bogus"));
        assertTrue(err.startsWith("error: run: Unrecognized option: --bogus"), err);
        assertEquals(2, main("run", "a.yaml", "--qu"));
        assertTrue(err.contains("Unrecognized option: --qu"), "no partial option matching: " + err);
        assertEquals(2, main("list", "extra"));
        assertNoStackTrace();
    }

    @Test
    void configErrorsNameFileAndKeyAndExitWithTwoBeforeRunning() {
        config("bad.yaml", "experiment: bad\nworkload: synthetic\nqueue: [beta, delta]\n");
        assertEquals(2, main("run", "bad.yaml"));
        assertEquals("error: " + work.resolve("bad.yaml") + ":3: queue: no queue provider named 'delta'; available: alpha,"
                + " beta, gamma\n", err);
        assertFalse(Files.exists(work.resolve("out")), "nothing ran");
        config("good.yaml", GOOD);
        assertEquals(2, main("run", "good.yaml", "--set", "opps=1"));
        assertTrue(err.startsWith("error: --set opps=1: opps: unknown key; workload 'synthetic' accepts "), err);
        assertEquals(2, main("run", "good.yaml", "--set", "noequals"));
        assertTrue(err.startsWith("error: --set noequals: expected key=value"), err);
        assertEquals(2, main("run", "missing.yaml"));
        assertEquals("error: " + work.resolve("missing.yaml") + ": no such file\n", err);
        config("nowl.yaml", "experiment: x\nworkload: nope\n");
        assertEquals(2, main("run", "nowl.yaml"));
        assertTrue(err.startsWith("error: " + work.resolve("nowl.yaml") + ":2: workload: no workload provider named 'nope';"
                + " available: "), err);
        assertTrue(err.contains("synthetic"), err);
        assertNoStackTrace();
    }

    @Test
    void runWritesTheRunAndItsReport() throws Exception {
        config("good.yaml", GOOD);
        assertEquals(0, main("run", "good.yaml", "--out", "o1", "--set", "ops=300", "--quick"));
        Path run = work.resolve("o1");
        for (String f : List.of("summary.json", "summary.csv", "config.yaml", "cell-1.hlog", "cell-2.hlog", "index.html",
                "throughput.png", "throughput.svg", "latency-percentiles.png")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(out.startsWith("cli-test: 2 cells x (0 warm-up + 1 measured) repetitions of workload 'synthetic'\noutput: "
                + run + "\n"), out);
        assertTrue(out.contains("  cell 1   queue=beta"), out);
        assertTrue(out.endsWith("report: " + run.resolve("index.html") + "\n"), out);
        assertEquals("", err);
        String asRun = Files.readString(run.resolve("config.yaml"));
        assertTrue(asRun.contains("# ./vdsolab run good.yaml --quick --set ops=300\n"), asRun);
        assertTrue(asRun.contains("ops: 300"), asRun);
        assertFalse(asRun.contains("quick:"), asRun);
    }

    @Test
    void runDefaultsToATimestampedFolderUnderOut() throws Exception {
        config("good.yaml", GOOD);
        assertEquals(0, main("run", "good.yaml", "--quick"));
        try (Stream<Path> runs = Files.list(work.resolve("out/cli-test"))) {
            List<Path> dirs = runs.toList();
            assertEquals(1, dirs.size());
            assertTrue(dirs.getFirst().getFileName().toString().matches("\\d{8}-\\d{6}"), dirs.toString());
            assertTrue(Files.exists(dirs.getFirst().resolve("index.html")));
        }
    }

    @Test
    void aFailedCellExitsWithOneAndKeepsTheOthers() throws Exception {
        config("fail.yaml", "experiment: f\nworkload: synthetic\nfail: [none, throw]\nrun: {warmup: 0, repetitions: 1, fork: false}\n");
        assertEquals(1, main("run", "fail.yaml", "--out", "f"));
        assertEquals("error: 1 of 2 cells of f failed; the report and summary.json say why\n", err);
        assertTrue(out.contains("FAILED: repetition 1: IllegalStateException: synthetic failure"), out);
        assertTrue(Files.exists(work.resolve("f/index.html")));
        assertNoStackTrace();
    }

    @Test
    void reusingAnOutFolderRemovesTheEarlierRunsFiles() throws Exception {
        config("good.yaml", GOOD);
        assertEquals(0, main("run", "good.yaml", "--out", "same", "--quick", "--set", "queue=[beta,gamma,alpha]"));
        assertTrue(Files.exists(work.resolve("same/cell-3.hlog")));
        Files.writeString(work.resolve("same/notes.txt"), "mine");
        assertEquals(0, main("run", "good.yaml", "--out", "same", "--quick"));
        assertFalse(Files.exists(work.resolve("same/cell-3.hlog")), "a stale cell log would be misleading");
        assertTrue(Files.exists(work.resolve("same/notes.txt")), "files the runner did not write are kept");
    }

    @Test
    void listShowsEveryKind() {
        assertEquals(0, main("list"), err);
        for (String kind : List.of("queues:", "devices:", "schedulers:", "loaders:", "workloads:")) {
            assertTrue(out.contains(kind + "\n"), out);
        }
        assertTrue(out.contains("  synthetic        test workload with known latencies and computed throughput\n"), out);
        assertTrue(out.contains("parameters: batch, fail, jitter, load.rate, load.type, ops, producers, queue, threads"), out);
    }

    @Test
    void reportRedrawsAFolderAndRejectsOthers() throws Exception {
        config("good.yaml", GOOD);
        assertEquals(0, main("run", "good.yaml", "--out", "r", "--quick"));
        Files.delete(work.resolve("r/throughput.png"));
        Files.delete(work.resolve("r/index.html"));
        assertEquals(0, main("report", "r"));
        assertTrue(Files.exists(work.resolve("r/throughput.png")));
        assertTrue(Files.exists(work.resolve("r/index.html")));
        assertEquals("redrew 2 charts; report: " + work.resolve("r/index.html") + "\n", out);
        assertEquals(2, main("report", "nowhere"));
        assertTrue(err.startsWith("error: report: " + work.resolve("nowhere") + " is not a run folder (no summary.json there)"), err);
        assertEquals(2, main("report"));
        assertNoStackTrace();
    }

    @Test
    void suiteValidatesEverythingFirstThenRunsAndPublishes() throws Exception {
        config("suite/a.yaml", GOOD.replace("cli-test", "suite-a"));
        config("suite/b.yaml", GOOD.replace("cli-test", "suite-b").replace("[beta, gamma]", "gamma"));
        assertEquals(2, main("suite", "--publish", "--quick", "--configs", "suite"));
        assertTrue(err.startsWith("error: suite: --publish publishes full runs"), err);

        Files.createDirectories(work.resolve("published/jmh"));
        Files.writeString(work.resolve("published/jmh/README.md"), "# JMH\n");
        Files.writeString(work.resolve("published/README.md"), "# Answers\n\n| question | verdict |\n|---|---|\n"
                + "| Q1 | no detectable difference |\n\n<script>x</script>\n");
        assertEquals(0, main("suite", "--configs", "suite", "--out", "sout", "--publish", "--results", "published"));
        assertTrue(Files.exists(work.resolve("published/suite-a/index.html")));
        assertTrue(Files.exists(work.resolve("published/suite-b/summary.json")));
        String index = Files.readString(work.resolve("published/index.html"));
        assertTrue(index.contains("<a href=\"suite-a/index.html\">suite-a</a>"), index);
        assertTrue(index.contains("<a href=\"suite-b/index.html\">suite-b</a>"), index);
        assertTrue(index.contains("<h1>Answers</h1>"), "README.md is rendered first: " + index);
        assertTrue(index.contains("<td>no detectable difference</td>"), "with its tables");
        assertFalse(index.contains("<script>"), "raw HTML in the README is escaped");
        assertTrue(index.contains("<a href=\"jmh/README.md\">jmh</a>"), "every other published folder is linked");
        assertTrue(Files.readString(work.resolve("published/suite-a/index.html"))
                .contains("<a href=\"../index.html\">&uarr; all published results</a>"), "each page links back up");
        assertTrue(out.contains("[1/2] "), out);
        assertTrue(out.contains("published 2 runs; index: " + work.resolve("published/index.html")), out);

        // Republishing one experiment keeps the other listed as an experiment; --index redraws from the files alone.
        Files.delete(work.resolve("suite/b.yaml"));
        assertEquals(0, main("suite", "--configs", "suite", "--out", "sout3", "--publish", "--results", "published"));
        index = Files.readString(work.resolve("published/index.html"));
        assertTrue(index.contains("<a href=\"suite-b/index.html\">suite-b</a></h2>"), "suite-b is still an experiment: " + index);
        Files.writeString(work.resolve("published/README.md"), "# Answers, revised\n");
        assertEquals(0, main("suite", "--index", "--results", "published"));
        index = Files.readString(work.resolve("published/index.html"));
        assertTrue(index.contains("<h1>Answers, revised</h1>"), index);
        assertTrue(index.contains("<a href=\"suite-a/index.html\">suite-a</a></h2>"), index);
        assertTrue(index.contains("<a href=\"jmh/README.md\">jmh</a>"), index);
        assertEquals(2, main("suite", "--index", "--publish"));
        assertTrue(err.startsWith("error: suite: --index runs nothing"), err);

        config("suite/c.yaml", "experiment: suite-c\nworkload: synthetic\nqueue: omega\n");
        assertEquals(2, main("suite", "--configs", "suite", "--out", "sout2", "--quick"));
        assertTrue(err.startsWith("error: 1 of 2 suite configs are not valid:\n  " + work.resolve("suite/c.yaml")
                + ":3: queue: no queue provider named 'omega'"), err);
        assertFalse(Files.exists(work.resolve("sout2")), "nothing ran");
        assertEquals(2, main("suite", "--configs", "nosuch"));
        assertNoStackTrace();
    }

    @Test
    void benchmarksAreCountedFromEveryBenchmarkList() throws Exception {
        Path jar = work.resolve("fake");
        Files.createDirectories(jar.resolve("META-INF"));
        Files.writeString(jar.resolve("META-INF/BenchmarkList"), "# JMH list\nentry one\n\nentry two\n");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(2, BenchCommand.countBenchmarks(loader));
        }
    }

    @Test
    void benchFindsTheBenchmarksAndReportsAPublishedRunWithoutRunningIt() throws Exception {
        assertTrue(BenchCommand.countBenchmarks() > 0, "the experiments module ships its JMH benchmarks");
        Path published = Path.of("..", "results", "jmh", "jmh.json").toAbsolutePath().normalize();
        assertTrue(java.nio.file.Files.isRegularFile(published), "the published JMH run is committed: " + published);
        Path dir = work.resolve("bench-report");
        assertEquals(0, main("bench", "--from", published.toString(), "--out", dir.toString()), err);
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("ratios.csv")), out);
        assertTrue(java.nio.file.Files.readString(dir.resolve("ratios.csv")).startsWith("target,ours,ours_error,peer,peer_error,ratio,"));
        assertEquals(2, main("bench", "--from", work.resolve("missing.json").toString()));
        assertTrue(err.contains("no such file"), err);
    }
}
