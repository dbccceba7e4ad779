package org.vdsolab.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * exactly the research questions Q1-Q7; and the quickstart runs both its parts (the queue
 * designs, io_uring round trips on the null device) end to end with --quick.
 */
class CommittedConfigsTest {

    private static final Path CONFIGS = Path.of("configs");

    @TempDir
    Path out;

    private String stdout;
    private String stderr;

    private int main(String... args) {
        CliRun run = CliRun.of(Path.of(""), args);
        stdout = run.out();
        stderr = run.err();
        return run.status();
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
        ObjectMapper json = new ObjectMapper();
        JsonNode queues = json.readTree(run.resolve("queues/summary.json").toFile());
        assertEquals("quickstart-queues", queues.get("experiment").asText());
        assertEquals(10, queues.get("cells").size());
        for (JsonNode cell : queues.get("cells")) {
            assertFalse(cell.has("error"), cell.toString());
            for (String counter : List.of("records", "lost", "duplicated", "torn", "torn_per_million")) {
                assertTrue(cell.get("counters").has(counter), counter + " in " + cell);
            }
            assertTrue(cell.get("counters").get("records").asLong() > 0, cell.toString());
            assertTrue(cell.get("throughput_ops_per_s").get("mean").asDouble() > 0, cell.toString());
        }
        JsonNode uring = json.readTree(run.resolve("uring/summary.json").toFile());
        assertEquals("quickstart-uring", uring.get("experiment").asText());
        assertEquals(10, uring.get("cells").size());
        List<String> providers = new ArrayList<>();
        for (JsonNode cell : uring.get("cells")) {
            assertFalse(cell.has("error"), cell.toString());
            providers.add(cell.get("params").get("queue").asText() + "/" + cell.get("params").get("depth").asInt());
            assertEquals(2000, cell.get("counters").get("records").asLong(), cell.toString());
            assertEquals(0, cell.get("counters").get("lost").asLong(), cell.toString());
            assertEquals(0, cell.get("counters").get("duplicated").asLong(), cell.toString());
            assertTrue(cell.get("throughput_ops_per_s").get("mean").asDouble() > 0, cell.toString());
            assertTrue(cell.get("latency_ns").get("p99").asLong() > 0, cell.toString());
        }
        assertEquals(List.of("spsc/1", "spsc/16", "spsc-shared/1", "spsc-shared/16", "disruptor/1", "disruptor/16",
                "vsched-classic/1", "vsched-classic/16", "vsched/1", "vsched/16"), providers);
        for (String f : List.of("index.html", "config.yaml", "queues/index.html", "queues/throughput.png",
                "queues/throughput.svg", "queues/latency-percentiles.png", "queues/counter-torn_per_million.png",
                "uring/index.html", "uring/throughput.png", "uring/latency-percentiles.png", "uring/cell-10.hlog")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        String index = Files.readString(run.resolve("index.html"));
        assertTrue(index.contains("<section id=\"queues\">") && index.contains("<section id=\"uring\">"), index);
    }
}
