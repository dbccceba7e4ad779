package org.vdsolab.experiments.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed config experiments/configs/stress-exactly-once.yaml: it must name only keys the
 * workload declares (or the runner's own), sweep the four required providers in processes mode,
 * and every cell of its sweep (full and quick) must pass the workload's validation.
 */
class StressExactlyOnceConfigTest {

    private static final Set<String> RUNNER_KEYS = Set.of("experiment", "description", "workload", "run", "quick", "report");

    @Test
    void theConfigSweepsTheRequiredProvidersAndEveryCellValidates() throws Exception {
        Path file = Path.of("configs", "stress-exactly-once.yaml");
        assertTrue(Files.isRegularFile(file), "missing " + file.toAbsolutePath());
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        assertEquals("stress-exactly-once", root.get("experiment").asText());
        assertEquals("queue-stress", root.get("workload").asText());

        QueueStressWorkload workload = new QueueStressWorkload();
        Map<String, List<String>> params = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (RUNNER_KEYS.contains(e.getKey())) {
                continue;
            }
            if (e.getKey().equals("load")) {
                e.getValue().fields().forEachRemaining(l -> params.put("load." + l.getKey(), values(l.getValue())));
            } else {
                params.put(e.getKey(), values(e.getValue()));
            }
        }
        assertTrue(workload.parameters().keySet().containsAll(params.keySet()),
                "undeclared keys: " + params.keySet() + " vs " + workload.parameters().keySet());
        assertEquals(List.of("disruptor", "vsched", "spsc", "spsc-shared"), params.get("queue"));
        assertEquals(List.of("processes"), params.get("mode"));
        assertEquals(List.of("2"), params.get("producers"));
        assertEquals(10_000_000L, (long) Double.parseDouble(params.get("records").get(0)));

        JsonNode quick = root.get("quick");
        assertTrue(quick.get("records").asLong() <= 1_000_000, "quick must be small");
        for (boolean useQuick : new boolean[] {false, true}) {
            for (Map<String, String> cell : cells(params)) {
                if (useQuick) {
                    cell.put("records", quick.get("records").asText());
                }
                workload.validate(cell);
            }
        }
    }

    private static List<String> values(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    private static List<Map<String, String>> cells(Map<String, List<String>> params) {
        List<Map<String, String>> cells = new ArrayList<>(List.of(new HashMap<>()));
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : cells) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new HashMap<>(c);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            cells = next;
        }
        return cells;
    }
}
