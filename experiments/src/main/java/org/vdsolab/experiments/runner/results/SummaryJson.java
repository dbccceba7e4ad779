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
 *   "environment": {"jdk", "os", "cpus", "commit", "started",
 *                   "machine": {"cpu_model", "physical_cores", "smt", "governor", "kernel", "jvm_flags"}},
 *   "config": the config as run,
 *   "cells": [ { "params": {swept key: value},
 *                "repetitions": n,
 *                "throughput_ops_per_s": {"mean": x, "each": [x, ...]},
 *                "latency_ns": {"p50", "p90", "p99", "p999", "max"},
 *                "counters": {name: value},
 *                "error": "..." (only when the cell failed),
 *                "notes": ["...", ...] (only when the workload noted something),
 *                "metrics": {metric: {"median", "ci95_low", "ci95_high", "n"}} (see {@link CellMetric}),
 *                "events": {counter: {"count", "operations", "per_million", "per_million_ci95_low",
 *                           "per_million_ci95_high", "text"}} (see {@link EventRate}),
 *                "runs": [ {"repetition", "seed", "operations", "elapsed_ns", "throughput_ops_per_s",
 *                           "latency_ns" (when sampled), "cpu_ns", "wall_ns", "voluntary_switches",
 *                           "involuntary_switches" (where readable), "counters"}, ... ] } ] }
 * </pre>
 * {@code metrics} and {@code events} are derived from {@code runs} and are not read back:
 * {@link #read} recomputes them.
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
        MachineInfo host = summary.environment().machine();
        ObjectNode machine = env.putObject("machine");
        machine.put("cpu_model", host.cpuModel());
        machine.put("physical_cores", host.physicalCores());
        machine.put("smt", host.smt());
        machine.put("governor", host.governor());
        machine.put("kernel", host.kernel());
        ArrayNode flags = machine.putArray("jvm_flags");
        host.jvmFlags().forEach(flags::add);
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
            putLatency(cell.putObject("latency_ns"), c.latency());
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
            ObjectNode metrics = cell.putObject("metrics");
            c.metrics().forEach((metric, m) -> {
                ObjectNode node = metrics.putObject(metric.key());
                node.put("median", round(m.median()));
                node.put("ci95_low", round(m.ci95Low()));
                node.put("ci95_high", round(m.ci95High()));
                node.put("n", m.n());
            });
            ObjectNode events = cell.putObject("events");
            c.events().forEach((name, rate) -> {
                ObjectNode node = events.putObject(name);
                node.put("count", rate.events());
                node.put("operations", rate.operations());
                node.put("per_million", significant(rate.perMillion()));
                node.put("per_million_ci95_low", significant(rate.perMillionLow()));
                node.put("per_million_ci95_high", significant(rate.perMillionHigh()));
                node.put("text", rate.describe());
            });
            ArrayNode runs = cell.putArray("runs");
            c.runs().forEach(run -> writeRun(runs.addObject(), run));
        }
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }

    /** One repetition as a JSON object, the way {@code runs} holds it. */
    public static ObjectNode runNode(RunRecord run) {
        ObjectNode node = F.objectNode();
        writeRun(node, run);
        return node;
    }

    private static void writeRun(ObjectNode node, RunRecord run) {
        node.put("repetition", run.repetition());
        node.put("position", run.position());
        node.put("seed", run.seed());
        node.put("operations", run.operations());
        node.put("elapsed_ns", run.elapsedNanos());
        node.put("throughput_ops_per_s", round(run.throughputOpsPerSecond()));
        if (run.latency() != null) {
            putLatency(node.putObject("latency_ns"), run.latency());
        }
        ResourceUsage usage = run.usage();
        if (usage != null) {
            node.put("cpu_ns", usage.cpuNanos());
            node.put("wall_ns", usage.wallNanos());
            node.put("voluntary_switches", usage.voluntarySwitches());
            node.put("involuntary_switches", usage.involuntarySwitches());
        }
        ObjectNode counters = node.putObject("counters");
        run.counters().forEach(counters::put);
    }

    private static void putLatency(ObjectNode lat, LatencySummary l) {
        putOrNull(lat, "p50", l == null ? null : l.p50());
        putOrNull(lat, "p90", l == null ? null : l.p90());
        putOrNull(lat, "p99", l == null ? null : l.p99());
        putOrNull(lat, "p999", l == null ? null : l.p999());
        putOrNull(lat, "max", l == null ? null : l.max());
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
                env.path("cpus").asInt(), env.path("commit").asText("unknown"), env.path("started").asText(),
                machine(file, env.path("machine")));
        List<CellSummary> cells = new ArrayList<>();
        JsonNode all = root.get("cells");
        for (int i = 0; i < all.size(); i++) {
            cells.add(cell(file, i, all.get(i)));
        }
        return new RunSummary(root.get("experiment").asText(), environment, root.path("config"), cells,
                complete(file, root.path("complete")));
    }

    /** Absent in summaries written before machines were described: {@link MachineInfo#UNKNOWN}. */
    private static MachineInfo machine(Path file, JsonNode m) throws IOException {
        if (m.isMissingNode()) {
            return MachineInfo.UNKNOWN;
        }
        String at = "environment.machine";
        if (!m.isObject()) {
            throw malformed(file, at, "an object", m);
        }
        for (String key : List.of("cpu_model", "smt", "governor", "kernel")) {
            if (!m.path(key).isTextual()) {
                throw malformed(file, at + "." + key, "a string", m.path(key));
            }
        }
        JsonNode cores = m.path("physical_cores");
        if (!cores.isIntegralNumber() || !cores.canConvertToInt() || cores.asInt() < 0) {
            throw malformed(file, at + ".physical_cores", "a whole number >= 0", cores);
        }
        JsonNode flagsNode = m.path("jvm_flags");
        if (!flagsNode.isArray()) {
            throw malformed(file, at + ".jvm_flags", "an array of strings", flagsNode);
        }
        List<String> flags = new ArrayList<>();
        for (int j = 0; j < flagsNode.size(); j++) {
            if (!flagsNode.get(j).isTextual()) {
                throw malformed(file, at + ".jvm_flags[" + j + "]", "a string", flagsNode.get(j));
            }
            flags.add(flagsNode.get(j).asText());
        }
        return new MachineInfo(m.path("cpu_model").asText(), cores.asInt(), m.path("smt").asText(),
                m.path("governor").asText(), m.path("kernel").asText(), flags);
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
        LatencySummary latency = latency(file, at + ".latency_ns", i, cell.path("latency_ns"));
        JsonNode countersNode = cell.path("counters");
        if (!countersNode.isMissingNode() && !countersNode.isObject()) {
            throw malformed(file, at + ".counters", i, "an object of numbers", countersNode);
        }
        List<RunRecord> runs = runs(file, at + ".runs", i, cell.path("runs"));
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
        return new CellSummary(i + 1, params, reps.asInt(), each, latency, counters, error, notes, runs);
    }

    /** A latency object: null when absent or all null, else every percentile a whole number. */
    private static LatencySummary latency(Path file, String at, int i, JsonNode lat) throws IOException {
        if (lat.isMissingNode() || lat.isNull()) {
            return null;
        }
        if (!lat.isObject()) {
            throw malformed(file, at, i, "an object of percentiles", lat);
        }
        if (lat.path("p50").isMissingNode() || lat.path("p50").isNull()) {
            return null;
        }
        long[] v = new long[PERCENTILES.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = whole(file, at + "." + PERCENTILES[k], i, lat.path(PERCENTILES[k]), "a whole number of nanoseconds");
        }
        return new LatencySummary(v[0], v[1], v[2], v[3], v[4], 0);
    }

    /** The kept repetitions; absent in summaries written before they were kept. */
    private static List<RunRecord> runs(Path file, String at, int i, JsonNode node) throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        if (node.isMissingNode()) {
            return runs;
        }
        if (!node.isArray()) {
            throw malformed(file, at, i, "an array of repetitions", node);
        }
        for (int j = 0; j < node.size(); j++) {
            runs.add(run(file, at + "[" + j + "]", i, node.get(j)));
        }
        return runs;
    }

    /**
     * One repetition as {@link #write} writes it into {@code runs} (the object {@link #runNode} makes).
     *
     * @param here where it is, for messages ({@code cells[0].runs[2]})
     * @param i    0-based index of its cell, for messages
     * @throws IOException naming the file and the field when a field is malformed
     */
    public static RunRecord run(Path file, String here, int i, JsonNode run) throws IOException {
        if (!run.isObject()) {
            throw malformed(file, here, i, "an object", run);
        }
        long repetition = whole(file, here + ".repetition", i, run.path("repetition"), "a whole number >= 1");
        if (repetition < 1 || repetition > Integer.MAX_VALUE) {
            throw malformed(file, here + ".repetition", i, "a whole number >= 1", run.path("repetition"));
        }
        JsonNode tp = run.path("throughput_ops_per_s");
        if (!tp.isNumber() && !tp.isNull()) {
            throw malformed(file, here + ".throughput_ops_per_s", i, "a number (null when not finite)", tp);
        }
        ResourceUsage usage = null;
        if (!run.path("cpu_ns").isMissingNode()) {
            usage = new ResourceUsage(whole(file, here + ".cpu_ns", i, run.path("cpu_ns"), "a whole number of nanoseconds"),
                    whole(file, here + ".voluntary_switches", i, run.path("voluntary_switches"), "a whole number"),
                    whole(file, here + ".involuntary_switches", i, run.path("involuntary_switches"), "a whole number"),
                    whole(file, here + ".wall_ns", i, run.path("wall_ns"), "a whole number of nanoseconds"));
        }
        JsonNode countersNode = run.path("counters");
        if (!countersNode.isObject()) {
            throw malformed(file, here + ".counters", i, "an object of whole numbers", countersNode);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : countersNode.properties()) {
            counters.put(e.getKey(), whole(file, here + ".counters." + e.getKey(), i, e.getValue(), "a whole number"));
        }
        long position = run.path("position").isMissingNode() ? 0
                : whole(file, here + ".position", i, run.path("position"), "a whole number >= 0");
        if (position < 0 || position > Integer.MAX_VALUE) {
            throw malformed(file, here + ".position", i, "a whole number >= 0", run.path("position"));
        }
        return new RunRecord((int) repetition, (int) position,
                whole(file, here + ".seed", i, run.path("seed"), "a whole number"),
                whole(file, here + ".operations", i, run.path("operations"), "a whole number"),
                whole(file, here + ".elapsed_ns", i, run.path("elapsed_ns"), "a whole number of nanoseconds"),
                tp.isNull() ? Double.NaN : tp.asDouble(), latency(file, here + ".latency_ns", i, run.path("latency_ns")), usage, counters);
    }

    private static long whole(Path file, String field, int i, JsonNode n, String expected) throws IOException {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw malformed(file, field, i, expected, n);
        }
        return n.asLong();
    }

    private static IOException malformed(Path file, String field, int i, String expected, JsonNode got) {
        return malformed(file, field + " (cell " + (i + 1) + ")", expected, got);
    }

    private static IOException malformed(Path file, String field, String expected, JsonNode got) {
        String text = got.isMissingNode() ? "nothing (the field is missing)" : got.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return new IOException(file + ": " + field + ": expected " + expected + ", got " + text);
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

    /** Four significant digits: rates per million of rare events are far below three decimals. */
    private static BigDecimal significant(double v) {
        return new BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros();
    }

    /** Three decimals: enough for ops/s and rates, without binary noise in the file. */
    private static BigDecimal round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
