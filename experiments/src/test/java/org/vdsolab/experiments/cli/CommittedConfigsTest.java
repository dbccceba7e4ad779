package org.vdsolab.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configs committed under experiments/configs/ (tests run in the module folder): every one
 * is valid as it stands and with --quick, against the providers on the class path; the suite has
 * exactly the questions this issue delivers; and the quickstart runs end to end with --quick.
 */
class CommittedConfigsTest {

    private static final Path CONFIGS = Path.of("configs");

    @TempDir
    Path out;

    private String stdout;
    private String stderr;

    private int main(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = new Main(new CliContext(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Path.of(""), false)).execute(args);
        stdout = o.toString(StandardCharsets.UTF_8);
        stderr = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    private static List<Path> configs() throws Exception {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(CONFIGS), Files.list(CONFIGS.resolve("suite")))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(all::add);
        }
        return all;
    }

    @Test
    void everyCommittedConfigIsValidWithAndWithoutQuick() throws Exception {
        List<Path> all = configs();
        assertTrue(all.contains(CONFIGS.resolve("quickstart.yaml")));
        assertTrue(all.contains(CONFIGS.resolve("example.yaml")));
        for (Path config : all) {
            assertEquals(0, main("run", config.toString(), "--dry-run"), config + ": " + stderr);
            assertTrue(stdout.contains(": valid; "), stdout);
            assertEquals(0, main("run", config.toString(), "--dry-run", "--quick"), config + " --quick: " + stderr);
        }
    }

    @Test
    void theSuiteHasTheQuestionsThisIssueDelivers() throws Exception {
        try (Stream<Path> files = Files.list(CONFIGS.resolve("suite"))) {
            assertEquals(List.of("q1-percpu-vs-global.yaml", "q2-spsc-rings-vs-shared-mpmc.yaml", "q3-staging-batch.yaml",
                    "q4-queue-designs.yaml", "q5-cq-routing.yaml", "q6-scheduler.yaml", "q7-shared-spsc-race.yaml"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void theExampleUsesEveryKeyOfTheSchema() throws Exception {
        String example = Files.readString(CONFIGS.resolve("example.yaml"));
        for (String key : List.of("experiment:", "description:", "workload:", "queue:", "producers:", "consumers:", "mode:",
                "records:", "capacity:", "record_bytes:", "batch:", "push:", "load:", "type:", "rate:", "arrival:", "run:",
                "warmup:", "repetitions:", "seed:", "duration_s:", "timeout_s:", "report:", "series:", "x:", "counters:",
                "quick:")) {
            assertTrue(example.contains("\n" + key) || example.contains(" " + key), key);
        }
    }

    @Test
    void theQuickstartRunsEndToEndWithQuick() throws Exception {
        Path run = out.resolve("quickstart");
        int status = main("run", CONFIGS.resolve("quickstart.yaml").toString(), "--quick", "--out", run.toString());
        assertEquals(0, status, stdout + stderr);
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertEquals("quickstart", summary.get("experiment").asText());
        assertEquals(10, summary.get("cells").size());
        for (JsonNode cell : summary.get("cells")) {
            assertFalse(cell.has("error"), cell.toString());
            for (String counter : List.of("records", "lost", "duplicated", "torn", "torn_per_million")) {
                assertTrue(cell.get("counters").has(counter), counter + " in " + cell);
            }
            assertTrue(cell.get("counters").get("records").asLong() > 0, cell.toString());
            assertTrue(cell.get("throughput_ops_per_s").get("mean").asDouble() > 0, cell.toString());
        }
        for (String f : List.of("index.html", "throughput.png", "throughput.svg", "latency-percentiles.png",
                "counter-torn_per_million.png")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
    }
}
