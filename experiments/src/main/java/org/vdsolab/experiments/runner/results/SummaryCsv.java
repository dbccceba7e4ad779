package org.vdsolab.experiments.runner.results;

import org.vdsolab.experiments.runner.AtomicFiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code summary.csv}: one row per cell, for spreadsheets. Columns: {@code cell}, the swept keys,
 * {@code repetitions}, {@code throughput_ops_per_s_mean}, {@code latency_p50_ns} ..
 * {@code latency_max_ns}, every counter (in order of first appearance), {@code error}, then for
 * every {@link CellMetric} some cell has: {@code <metric>_median}, {@code <metric>_ci95_low},
 * {@code <metric>_ci95_high}, {@code <metric>_n} (after {@code error}, so that the columns before
 * it keep their places). Empty fields for values a cell does not have. RFC 4180 quoting. Stateless.
 */
public final class SummaryCsv {

    public static final String FILE = "summary.csv";

    private static final List<String> METRIC_SUFFIXES = List.of("_median", "_ci95_low", "_ci95_high", "_n");

    private SummaryCsv() { }

    public static void write(RunSummary summary, List<String> sweptKeys, Path file) throws IOException {
        Set<String> counterKeys = new LinkedHashSet<>();
        summary.cells().forEach(c -> counterKeys.addAll(c.counters().keySet()));
        List<String> header = new ArrayList<>();
        header.add("cell");
        header.addAll(sweptKeys);
        header.addAll(List.of("repetitions", "throughput_ops_per_s_mean", "latency_p50_ns", "latency_p90_ns",
                "latency_p99_ns", "latency_p999_ns", "latency_max_ns"));
        header.addAll(counterKeys);
        header.add("error");
        List<Map<CellMetric, MetricSummary>> metrics = summary.cells().stream().map(CellSummary::metrics).toList();
        Set<CellMetric> metricKeys = EnumSet.noneOf(CellMetric.class);
        metrics.forEach(m -> metricKeys.addAll(m.keySet()));
        for (CellMetric metric : metricKeys) {
            for (String suffix : METRIC_SUFFIXES) {
                header.add(metric.key() + suffix);
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header);
        for (int ci = 0; ci < summary.cells().size(); ci++) {
            CellSummary c = summary.cells().get(ci);
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(c.index()));
            for (String k : sweptKeys) {
                Object v = c.params().get(k);
                row.add(v == null ? "" : text(v));
            }
            row.add(Integer.toString(c.repetitions()));
            row.add(Double.isNaN(c.throughputMean()) ? "" : String.format(Locale.ROOT, "%.1f", c.throughputMean()));
            LatencySummary l = c.latency();
            for (Long v : l == null ? java.util.Arrays.<Long>asList(null, null, null, null, null)
                    : List.of(l.p50(), l.p90(), l.p99(), l.p999(), l.max())) {
                row.add(v == null ? "" : Long.toString(v));
            }
            for (String k : counterKeys) {
                Number v = c.counters().get(k);
                row.add(v == null ? "" : text(v));
            }
            row.add(c.error() == null ? "" : c.error());
            for (CellMetric metric : metricKeys) {
                MetricSummary m = metrics.get(ci).get(metric);
                if (m == null) {
                    row.addAll(List.of("", "", "", ""));
                } else {
                    row.addAll(List.of(text(m.median()), text(m.ci95Low()), text(m.ci95High()), Integer.toString(m.n())));
                }
            }
            appendRow(out, row);
        }
        AtomicFiles.writeString(file, out);
    }

    /** A parameter or counter value as text: plain notation for decimals. */
    public static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).setScale(3, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    /** Appends one CSV row of {@code fields} (RFC 4180 quoting) and its CRLF. */
    public static void appendRow(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }
}
