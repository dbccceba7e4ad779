package org.vdsolab.experiments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one JMH run, read from its JSON result file ({@code -rf json}), with look-ups by
 * benchmark and queue. Immutable and thread-safe.
 */
public final class JmhResults {

    private final List<JmhResult> results;

    public JmhResults(List<JmhResult> results) {
        this.results = List.copyOf(results);
    }

    /**
     * Reads a JMH JSON result file.
     *
     * @throws IOException naming the file when it cannot be read or is not a JMH JSON array
     */
    public static JmhResults read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not readable as JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException(file + ": expected a JMH JSON result file (a JSON array of benchmark results)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (JsonNode b : root) {
            String full = b.path("benchmark").asText("");
            if (full.isEmpty() || !b.has("primaryMetric")) {
                throw new IOException(file + ": entry " + out.size() + " has no 'benchmark' or 'primaryMetric'");
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = b.path("secondaryMetrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                secondary.put(e.getKey(), metric(e.getValue()));
            }
            out.add(new JmhResult(simpleName(full), b.path("mode").asText(""), params, metric(b.get("primaryMetric")), secondary));
        }
        return new JmhResults(out);
    }

    private static JmhResult.Metric metric(JsonNode m) {
        JsonNode err = m.path("scoreError");
        double error = err.isNumber() ? err.asDouble() : Double.NaN;   // JMH writes "NaN" as a string
        List<Double> forks = new ArrayList<>();
        for (JsonNode fork : m.path("rawData")) {   // one array of iteration scores per fork
            double sum = 0;
            int n = 0;
            for (JsonNode iteration : fork) {
                if (iteration.isNumber()) {
                    sum += iteration.asDouble();
                    n++;
                }
            }
            if (n > 0) {
                forks.add(sum / n);
            }
        }
        return new JmhResult.Metric(m.path("score").asDouble(Double.NaN), error, m.path("scoreUnit").asText(""), forks);
    }

    /** {@code org.x.OneToOneBench.p1c1} → {@code OneToOneBench.p1c1}. */
    static String simpleName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    public List<JmhResult> all() {
        return results;
    }

    /** The first result of {@code benchmark} (simple name) whose {@code queue} parameter is {@code queue}. */
    public Optional<JmhResult> find(String benchmark, String queue) {
        return find(benchmark, "queue", queue);
    }

    /**
     * The first result of {@code benchmark} (simple name) whose parameter {@code param} is
     * {@code value}; with a null {@code param}, the first result of {@code benchmark}.
     */
    public Optional<JmhResult> find(String benchmark, String param, String value) {
        for (JmhResult r : results) {
            if (r.benchmark().equals(benchmark) && (param == null || value.equals(r.param(param)))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The primary metric of {@link #find(String, String, String)}'s result, or null when it was not run. */
    public JmhResult.Metric primaryMetric(String benchmark, String param, String value) {
        return find(benchmark, param, value).map(JmhResult::primary).orElse(null);
    }

    /** The headline metric of {@code benchmark} for {@code queue}, or null when it was not run. */
    public JmhResult.Metric headlineMetric(String benchmark, String queue) {
        return find(benchmark, queue).map(JmhResult::headline).orElse(null);
    }

    /** The headline score of {@code benchmark} for {@code queue}, or NaN when it was not run. */
    public double headline(String benchmark, String queue) {
        return find(benchmark, queue).map(r -> r.headline().score()).orElse(Double.NaN);
    }
}
