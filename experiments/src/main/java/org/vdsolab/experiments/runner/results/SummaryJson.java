package org.vdsolab.experiments.runner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vdsolab.experiments.runner.AtomicFiles;
import org.vdsolab.experiments.runner.config.ConfigWriter;

import java.io.IOException;
import java.math.BigDecimal;
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
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }

    /**
     * Reads a summary written by {@link #write}, checking every cell's fields. Latency sample counts
     * are not in the file and read back as 0.
     *
     * @throws IOException when the file is missing, not a summary, or a cell's field is malformed;
     *                     the message names the file and the field ({@code cells[1].repetitions})
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
        JsonNode all = root.get("cells");
        for (int i = 0; i < all.size(); i++) {
            cells.add(cell(file, i, all.get(i)));
        }
        return new RunSummary(root.get("experiment").asText(), environment, root.path("config"), cells,
                complete(file, root.path("complete")));
    }

    /** Absent in folders written before runs could be interrupted: those are complete. */
    private static boolean complete(Path file, JsonNode complete) throws IOException {
        if (complete.isMissingNode()) {
            return true;
        }
        if (!complete.isBoolean()) {
            String text = complete.toString();
            throw new IOException(file + ": complete: expected true or false, got " + (text.length() > 60 ? text.substring(0, 57) + "..." : text));
        }
        return complete.booleanValue();
    }

    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p999", "max"};

    /** Cell {@code i} (0-based in the array, cell {@code i + 1}), every field checked. */
    private static CellSummary cell(Path file, int i, JsonNode cell) throws IOException {
        String at = "cells[" + i + "]";
        if (!cell.isObject()) {
            throw malformed(file, at, i, "an object", cell);
        }
        JsonNode paramsNode = cell.path("params");
        if (!paramsNode.isObject()) {
            throw malformed(file, at + ".params", i, "an object of swept keys", paramsNode);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : paramsNode.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw malformed(file, at + ".params." + e.getKey(), i, "a number, boolean or string", e.getValue());
            }
            params.put(e.getKey(), typed(e.getValue()));
        }
        JsonNode reps = cell.path("repetitions");
        if (!reps.isIntegralNumber() || !reps.canConvertToInt() || reps.asInt() < 0) {
            throw malformed(file, at + ".repetitions", i, "a whole number >= 0", reps);
        }
        JsonNode tp = cell.path("throughput_ops_per_s");
        if (!tp.isObject()) {
            throw malformed(file, at + ".throughput_ops_per_s", i, "an object with 'mean' and 'each'", tp);
        }
        JsonNode eachNode = tp.path("each");
        if (!eachNode.isArray()) {
            throw malformed(file, at + ".throughput_ops_per_s.each", i, "an array of numbers", eachNode);
        }
        List<Double> each = new ArrayList<>();
        for (int j = 0; j < eachNode.size(); j++) {
            if (!eachNode.get(j).isNumber()) {
                throw malformed(file, at + ".throughput_ops_per_s.each[" + j + "]", i, "a number", eachNode.get(j));
            }
            each.add(eachNode.get(j).asDouble());
        }
        JsonNode lat = cell.path("latency_ns");
        LatencySummary latency = null;
        if (!lat.isMissingNode() && !lat.isNull()) {
            if (!lat.isObject()) {
                throw malformed(file, at + ".latency_ns", i, "an object of percentiles", lat);
            }
            if (!lat.path("p50").isMissingNode() && !lat.path("p50").isNull()) {
                long[] v = new long[PERCENTILES.length];
                for (int k = 0; k < v.length; k++) {
                    JsonNode n = lat.path(PERCENTILES[k]);
                    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                        throw malformed(file, at + ".latency_ns." + PERCENTILES[k], i, "a whole number of nanoseconds", n);
                    }
                    v[k] = n.asLong();
                }
                latency = new LatencySummary(v[0], v[1], v[2], v[3], v[4], 0);
            }
        }
        JsonNode countersNode = cell.path("counters");
        if (!countersNode.isMissingNode() && !countersNode.isObject()) {
            throw malformed(file, at + ".counters", i, "an object of numbers", countersNode);
        }
        Map<String, Number> counters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : countersNode.properties()) {
            if (!e.getValue().isNumber()) {
                throw malformed(file, at + ".counters." + e.getKey(), i, "a number", e.getValue());
            }
            counters.put(e.getKey(), e.getValue().isIntegralNumber() ? (Number) e.getValue().asLong()
                    : (Number) e.getValue().asDouble());
        }
        JsonNode errorNode = cell.path("error");
        if (!errorNode.isMissingNode() && !errorNode.isNull() && !errorNode.isTextual()) {
            throw malformed(file, at + ".error", i, "a string", errorNode);
        }
        String error = errorNode.isTextual() ? errorNode.asText() : null;
        JsonNode notesNode = cell.path("notes");
        if (!notesNode.isMissingNode() && !notesNode.isArray()) {
            throw malformed(file, at + ".notes", i, "an array of strings", notesNode);
        }
        List<String> notes = new ArrayList<>();
        for (int j = 0; j < notesNode.size(); j++) {
            if (!notesNode.get(j).isTextual()) {
                throw malformed(file, at + ".notes[" + j + "]", i, "a string", notesNode.get(j));
            }
            notes.add(notesNode.get(j).asText());
        }
        return new CellSummary(i + 1, params, reps.asInt(), each, latency, counters, error, notes);
    }

    private static IOException malformed(Path file, String field, int i, String expected, JsonNode got) {
        String text = got.isMissingNode() ? "nothing (the field is missing)" : got.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return new IOException(file + ": " + field + " (cell " + (i + 1) + "): expected " + expected + ", got " + text);
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
