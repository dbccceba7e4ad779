package org.vdsolab.experiments.runner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vdsolab.experiments.runner.config.ConfigWriter;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: writes and reads the stable keys scripts rely on (documented in
 * experiments/configs/README.md, "Results"). Stateless, thread-safe.
 *
 * <pre>
 * { "experiment": name,
 *   "complete": true, or false when the run was interrupted (cells holds those finished),
 *   "environment": {"jdk", "os", "cpus", "commit", "started"},
 *   "config": the config as run,
 *   "cells": [ { "params": {swept key: value},
 *                "repetitions": n,
 *                "throughput_ops_per_s": {"mean": x, "each": [x, ...]},
 *                "latency_ns": {"p50", "p90", "p99", "p999", "max"},
 *                "counters": {name: value},
 *                "error": "..." (only when the cell failed),
 *                "notes": ["...", ...] (only when the workload noted something) } ] }
 * </pre>
 */
public final class SummaryJson {

    public static final String FILE = "summary.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SummaryJson() { }

    public static void write(RunSummary summary, Path file) throws IOException {
        ObjectNode root = F.objectNode();
        root.put("experiment", summary.experiment());
        root.put("complete", summary.complete());
        ObjectNode env = root.putObject("environment");
        env.put("jdk", summary.environment().jdk());
        env.put("os", summary.environment().os());
        env.put("cpus", summary.environment().cpus());
        env.put("commit", summary.environment().commit());
        env.put("started", summary.environment().started());
        root.set("config", summary.config());
        ArrayNode cells = root.putArray("cells");
        for (CellSummary c : summary.cells()) {
            ObjectNode cell = cells.addObject();
            ObjectNode params = cell.putObject("params");
            c.params().forEach((k, v) -> params.set(k, ConfigWriter.scalar(v)));
            cell.put("repetitions", c.repetitions());
            ObjectNode tp = cell.putObject("throughput_ops_per_s");
            double mean = c.throughputMean();
            if (Double.isNaN(mean)) {
                tp.putNull("mean");
            } else {
                tp.put("mean", round(mean));
            }
            ArrayNode each = tp.putArray("each");
            c.throughputEach().forEach(v -> each.add(round(v)));
            ObjectNode lat = cell.putObject("latency_ns");
            LatencySummary l = c.latency();
            putOrNull(lat, "p50", l == null ? null : l.p50());
            putOrNull(lat, "p90", l == null ? null : l.p90());
            putOrNull(lat, "p99", l == null ? null : l.p99());
            putOrNull(lat, "p999", l == null ? null : l.p999());
            putOrNull(lat, "max", l == null ? null : l.max());
            ObjectNode counters = cell.putObject("counters");
            c.counters().forEach((k, v) -> {
                if (v instanceof Long n) {
                    counters.put(k, n);
                } else {
                    counters.put(k, round(v.doubleValue()));
                }
            });
            if (c.error() != null) {
                cell.put("error", c.error());
            }
            if (!c.notes().isEmpty()) {
                ArrayNode notes = cell.putArray("notes");
                c.notes().forEach(notes::add);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a summary written by {@link #write}. Latency sample counts are not in the file and
     * read back as 0.
     *
     * @throws IOException when the file is missing or not a summary; the message names the file
     */
    public static RunSummary read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.has("experiment") || !root.path("cells").isArray()) {
            throw new IOException(file + ": not a vdsolab summary (no 'experiment' or 'cells')");
        }
        JsonNode env = root.path("environment");
        EnvironmentInfo environment = new EnvironmentInfo(env.path("jdk").asText(), env.path("os").asText(),
                env.path("cpus").asInt(), env.path("commit").asText("unknown"), env.path("started").asText());
        List<CellSummary> cells = new ArrayList<>();
        int index = 1;
        for (JsonNode cell : root.path("cells")) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : cell.path("params").properties()) {
                params.put(e.getKey(), typed(e.getValue()));
            }
            List<Double> each = new ArrayList<>();
            cell.path("throughput_ops_per_s").path("each").forEach(v -> each.add(v.asDouble()));
            JsonNode lat = cell.path("latency_ns");
            LatencySummary latency = lat.path("p50").isNumber() ? new LatencySummary(lat.path("p50").asLong(),
                    lat.path("p90").asLong(), lat.path("p99").asLong(), lat.path("p999").asLong(),
                    lat.path("max").asLong(), 0) : null;
            Map<String, Number> counters = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : cell.path("counters").properties()) {
                counters.put(e.getKey(), e.getValue().isIntegralNumber() ? (Number) e.getValue().asLong()
                        : (Number) e.getValue().asDouble());
            }
            String error = cell.hasNonNull("error") ? cell.get("error").asText() : null;
            List<String> notes = new ArrayList<>();
            cell.path("notes").forEach(n -> notes.add(n.asText()));
            cells.add(new CellSummary(index++, params, cell.path("repetitions").asInt(), each, latency, counters, error, notes));
        }
        return new RunSummary(root.get("experiment").asText(), environment, root.path("config"), cells,
                root.path("complete").asBoolean(true));
    }

    private static Object typed(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.asText();
    }

    private static void putOrNull(ObjectNode node, String key, Long value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    /** Three decimals: enough for ops/s and rates, without binary noise in the file. */
    private static BigDecimal round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
