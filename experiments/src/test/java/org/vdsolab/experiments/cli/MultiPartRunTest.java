package org.vdsolab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A multi-part config end to end through the CLI with the runner's synthetic test workloads: one
 * run folder with a sub-folder per part and a top-level index.html; {@code report} redraws it;
 * {@code suite --publish} copies the parts.
 */
class MultiPartRunTest {

    @TempDir
    Path work;

    private String out;
    private String err;

    private static final String PARTS = """
            experiment: two-parts
            description: a synthetic part and a stalling open-loop part
            run: {warmup: 0, repetitions: 2}
            parts:
              - name: queues
                workload: synthetic
                description: the synthetic queues
                queue: [beta, gamma]
                ops: 300
              - name: stall
                workload: stalling-open-loop
                ops: 400
                stall_ms: 5
                run: {repetitions: 1}
            """;

    private int main(String... args) {
        CliRun run = CliRun.of(work, args);
        out = run.out();
        err = run.err();
        return run.status();
    }

    private static List<String> charts(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png") || n.endsWith(".svg"))
                    .sorted().toList();
        }
    }

    @Test
    void aTwoPartRunWritesBothPartsAndTheIndexAndReportReproducesIt() throws Exception {
        TestConfigs.write(work, "parts.yaml", PARTS);
        assertEquals(0, main("run", "parts.yaml", "--out", "r"), out + err);
        Path run = work.resolve("r");
        assertTrue(out.startsWith("two-parts: 2 parts, 3 cells in all\npart 1 of 2: queues\n"), out);
        assertTrue(out.contains("part 2 of 2: stall\n"), out);
        assertTrue(out.endsWith("report of every part: " + run.resolve("index.html") + "\n"), out);

        ObjectMapper json = new ObjectMapper();
        JsonNode queues = json.readTree(run.resolve("queues/summary.json").toFile());
        assertEquals("two-parts-queues", queues.get("experiment").asText());
        assertEquals("the synthetic queues", queues.get("config").get("description").asText());
        assertEquals(2, queues.get("cells").size());
        assertEquals(2, queues.get("cells").get(0).get("repetitions").asInt());
        JsonNode stall = json.readTree(run.resolve("stall/summary.json").toFile());
        assertEquals("two-parts-stall", stall.get("experiment").asText());
        assertEquals("a synthetic part and a stalling open-loop part", stall.get("config").get("description").asText());
        assertEquals(1, stall.get("cells").size());
        assertEquals(1, stall.get("cells").get(0).get("repetitions").asInt());
        for (String part : List.of("queues", "stall")) {
            for (String f : List.of("summary.json", "summary.csv", "config.yaml", "index.html", "cell-1.hlog",
                    "latency-percentiles.png", "latency-percentiles.svg")) {
                assertTrue(Files.exists(run.resolve(part).resolve(f)), part + "/" + f);
            }
        }
        assertTrue(Files.exists(run.resolve("queues/cell-2.hlog")));
        assertTrue(Files.exists(run.resolve("queues/throughput.png")));
        assertFalse(Files.exists(run.resolve("summary.json")), "the top level holds no part's results");
        String config = Files.readString(run.resolve("config.yaml"));
        assertTrue(config.contains("parts:") && config.contains("stall_ms: 5"), config);

        String index = Files.readString(run.resolve("index.html"));
        assertTrue(index.contains("<h1>two-parts</h1>"), index);
        assertTrue(index.contains("<section id=\"queues\">") && index.contains("<section id=\"stall\">"), index);
        assertTrue(index.indexOf("id=\"queues\"") < index.indexOf("id=\"stall\""), "parts in config order");
        assertTrue(index.contains("<a href=\"queues/index.html\">its page</a>"), index);
        assertTrue(Files.readString(run.resolve("queues/index.html")).contains("<a href=\"../index.html\">&uarr; two-parts</a>"),
                "a part's page links up to its experiment's");
        assertTrue(index.contains("<img src=\"queues/throughput.png\""), index);
        assertTrue(index.contains("<img src=\"stall/latency-percentiles.png\""), index);
        assertTrue(index.contains("<table class=\"summary\">"), index);

        List<String> queueCharts = charts(run.resolve("queues"));
        List<String> stallCharts = charts(run.resolve("stall"));
        String queuesPage = Files.readString(run.resolve("queues/index.html"));
        for (String f : queueCharts) {
            Files.delete(run.resolve("queues").resolve(f));
        }
        for (String f : stallCharts) {
            Files.delete(run.resolve("stall").resolve(f));
        }
        Files.delete(run.resolve("index.html"));
        Files.delete(run.resolve("queues/index.html"));
        assertEquals(0, main("report", "r"), err);
        assertEquals("redrew " + (queueCharts.size() + stallCharts.size()) / 2 + " charts in 2 parts; report: "
                + run.resolve("index.html") + "\n", out);
        assertEquals(queueCharts, charts(run.resolve("queues")));
        assertEquals(stallCharts, charts(run.resolve("stall")));
        assertEquals(index, Files.readString(run.resolve("index.html")));
        assertEquals(queuesPage, Files.readString(run.resolve("queues/index.html")));
    }

    @Test
    void dryRunListsEveryPartsCells() {
        TestConfigs.write(work, "parts.yaml", PARTS);
        assertEquals(0, main("run", "parts.yaml", "--dry-run"), err);
        assertTrue(out.startsWith("two-parts: valid; 2 parts, 3 cells in all\n  part queues: two-parts-queues: valid; 2 cells"),
                out);
        assertTrue(out.contains("  part stall: two-parts-stall: valid; 1 cell x (0 warm-up + 1 measured)"), out);
        assertFalse(Files.exists(work.resolve("out")), "nothing ran");
    }

    @Test
    void aConfigErrorInAPartStopsTheRunBeforeAnythingRuns() {
        TestConfigs.write(work, "parts.yaml", PARTS.replace("stall_ms: 5", "stall_ms: 5\n    queue: beta"));
        assertEquals(2, main("run", "parts.yaml", "--out", "r"));
        assertTrue(err.startsWith("error: part 'stall': " + work.resolve("parts.yaml") + ":14: queue: unknown key"), err);
        assertFalse(Files.exists(work.resolve("r")), "nothing ran");
    }

    @Test
    void suitePublishCopiesEveryPart() throws Exception {
        TestConfigs.write(work, "suite/a.yaml", PARTS);
        assertEquals(0, main("suite", "--configs", "suite", "--out", "sout", "--publish", "--results", "published"), err);
        Path published = work.resolve("published/two-parts");
        for (String f : List.of("config.yaml", "index.html", "queues/summary.json", "queues/throughput.png",
                "stall/summary.json", "stall/cell-1.hlog")) {
            assertTrue(Files.exists(published.resolve(f)), f);
        }
        String index = Files.readString(work.resolve("published/index.html"));
        assertTrue(index.contains("<a href=\"two-parts/index.html\">two-parts</a>"), index);
        assertTrue(index.contains("2 parts, 3 cells"), index);
        assertTrue(index.contains("<img src=\"two-parts/queues/throughput.png\""), index);
    }
}
