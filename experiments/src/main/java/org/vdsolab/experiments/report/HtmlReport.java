package org.vdsolab.experiments.report;

import org.vdsolab.experiments.runner.AtomicFiles;
import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.results.CellMetric;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.EventRate;
import org.vdsolab.experiments.runner.results.IntervalLog;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.MachineInfo;
import org.vdsolab.experiments.runner.results.MetricSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's {@code index.html}: title and description, environment, a warning listing failed cells,
 * every chart (PNG, linking to its SVG), the summary table and links to the raw files. One static
 * file with relative links and inline CSS: it opens straight from the disk, with no network.
 * Stateless.
 */
public final class HtmlReport {

    public static final String FILE = "index.html";

    private HtmlReport() { }

    public static Path write(RunData data, List<ChartSpec> charts, Path directory) throws IOException {
        StringBuilder h = new StringBuilder(16_384);
        String name = data.summary().experiment();
        String description = data.summary().config().path("description").asText("");
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(name)).append(" · vdsolab</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(name)).append("</h1>\n");
        if (!description.isEmpty()) {
            h.append("<p class=\"lead\">").append(esc(description)).append("</p>\n");
        }
        var env = data.summary().environment();
        h.append("<table class=\"env\">\n");
        row(h, "started", env.started());
        row(h, "workload", data.summary().config().path("workload").asText(""));
        row(h, "JDK", env.jdk());
        row(h, "OS", env.os());
        row(h, "CPUs", Integer.toString(env.cpus()));
        machineRows(h, env.machine());
        row(h, "commit", env.commit());
        row(h, "cells", data.cells().size() + (data.sweptKeys().isEmpty() ? "" : " (sweeping " + String.join(", ", data.sweptKeys()) + ")"));
        h.append("</table>\n");

        if (!data.summary().complete()) {
            h.append("<div class=\"failed\"><strong>This run is incomplete:</strong> it was interrupted (SIGINT or SIGTERM)"
                    + " after the " + data.cells().size() + " cells shown; the rest did not run.</div>\n");
        }

        if (!data.warnings().isEmpty()) {
            h.append("<div class=\"failed\"><strong>").append(data.warnings().size()).append(" problem")
                    .append(data.warnings().size() == 1 ? "" : "s").append(" with this folder's files.</strong><ul>\n");
            for (String w : data.warnings()) {
                h.append("<li>").append(esc(w)).append("</li>\n");
            }
            h.append("</ul></div>\n");
        }

        List<CellSummary> failed = data.cells().stream().filter(CellSummary::failed).toList();
        if (!failed.isEmpty()) {
            h.append("<div class=\"failed\"><strong>").append(failed.size()).append(" of ").append(data.cells().size())
                    .append(" cells failed or did not run.</strong> Their numbers are missing from the charts.<ul>\n");
            for (CellSummary c : failed) {
                h.append("<li>cell ").append(c.index()).append(" (").append(esc(params(data, c))).append("): ")
                        .append(esc(c.error())).append("</li>\n");
            }
            h.append("</ul></div>\n");
        }

        for (ChartSpec chart : charts) {
            h.append("<figure>\n<a href=\"").append(chart.file()).append(".svg\"><img src=\"").append(chart.file())
                    .append(".png\" alt=\"").append(esc(chart.title())).append("\" width=\"").append(ChartRenderer.WIDTH)
                    .append("\"></a>\n<figcaption>").append(esc(chart.caption())).append(" <a href=\"").append(chart.file())
                    .append(".svg\">SVG</a></figcaption>\n</figure>\n");
        }

        table(h, data);

        h.append("<h2>Files</h2>\n<ul class=\"files\">\n");
        link(h, SummaryJson.FILE, "every number above, with stable keys");
        link(h, SummaryCsv.FILE, "one row per cell");
        link(h, ExperimentRunner.CONFIG_FILE, "the config as run");
        for (CellSummary c : data.cells()) {
            if (Files.exists(directory.resolve(IntervalLog.fileName(c.index())))) {
                link(h, IntervalLog.fileName(c.index()), "HdrHistogram interval log of cell " + c.index());
            }
        }
        h.append("</ul>\n");
        if (!data.configText().isEmpty()) {
            h.append("<h2>Config as run</h2>\n<pre>").append(esc(data.configText())).append("</pre>\n");
        }
        h.append("<p class=\"foot\">Generated by vdsolab from the files in this folder; <code>./vdsolab report")
                .append(" &lt;this folder&gt;</code> redraws it.</p>\n</body>\n</html>\n");
        Path file = directory.resolve(FILE);
        AtomicFiles.writeString(file, h);
        return file;
    }

    /** Appends the summary table of {@code data}'s cells and its note. */
    static void table(StringBuilder h, RunData data) {
        Set<String> counters = new LinkedHashSet<>();
        data.cells().forEach(c -> counters.addAll(c.counters().keySet()));
        h.append("<h2>Summary</h2>\n<table class=\"summary\">\n<thead><tr><th>cell</th>");
        data.sweptKeys().forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        // closed loop: the ring runs full, so the percentiles are time spent waiting in it, not an operation's cost
        boolean closed = data.cells().stream().noneMatch(c -> ChartPlanner.openLoop(data, c));
        String lat = closed ? "time in queue " : "";
        h.append("<th>reps</th><th>throughput (ops/s)</th><th>CPU ns/op</th><th>busy cores</th>")
                .append("<th>").append(lat).append("p50 (ns)</th><th>").append(lat).append("p90 (ns)</th><th>")
                .append(lat).append("p99 (ns)</th><th>").append(lat).append("p99.9 (ns)</th><th>").append(lat)
                .append("max (ns)</th>");
        counters.forEach(k -> h.append("<th>").append(esc(k)).append("</th>"));
        h.append("<th>error</th></tr></thead>\n<tbody>\n");
        for (CellSummary c : data.cells()) {
            h.append(c.failed() ? "<tr class=\"bad\">" : "<tr>").append("<td>").append(c.index()).append("</td>");
            for (String k : data.sweptKeys()) {
                h.append("<td>").append(esc(SummaryCsv.text(c.params().get(k)))).append("</td>");
            }
            h.append("<td class=\"n\">").append(c.repetitions()).append("</td><td class=\"n\">");
            Map<CellMetric, MetricSummary> metrics = c.metrics();
            if (metrics.containsKey(CellMetric.THROUGHPUT)) {
                h.append(withInterval(metrics.get(CellMetric.THROUGHPUT), 0));
            } else if (!Double.isNaN(c.throughputMean())) { // a summary written before repetitions were kept
                h.append(grouped(Math.round(c.throughputMean())));
                if (c.repetitions() > 1) {
                    h.append(" ± ").append(grouped(Math.round(c.throughputStdDev()))).append(" (mean ± SD)");
                }
            }
            h.append("</td><td class=\"n\">");
            if (metrics.containsKey(CellMetric.CPU_NS_PER_OP)) {
                h.append(withInterval(metrics.get(CellMetric.CPU_NS_PER_OP), 1));
            }
            h.append("</td><td class=\"n\">");
            if (metrics.containsKey(CellMetric.BUSY_CORES)) {
                h.append(withInterval(metrics.get(CellMetric.BUSY_CORES), 2));
            }
            h.append("</td>");
            LatencySummary l = c.latency();
            for (Long v : l == null ? java.util.Arrays.<Long>asList(null, null, null, null, null)
                    : List.of(l.p50(), l.p90(), l.p99(), l.p999(), l.max())) {
                h.append("<td class=\"n\">").append(v == null ? "" : grouped(v)).append("</td>");
            }
            Map<String, EventRate> events = c.events();
            for (String k : counters) {
                Number v = c.counters().get(k);
                boolean alarm = c.alarms().containsKey(k);
                EventRate rate = events.get(k);
                String title = rate == null ? "" : " title=\"" + esc(rate.describe()) + "\"";
                h.append(alarm ? "<td class=\"n alarm\"" + title + ">" : "<td class=\"n\"" + title + ">")
                        .append(v == null ? "" : v instanceof Long n ? grouped(n) : esc(SummaryCsv.text(v))).append("</td>");
            }
            h.append("<td>").append(c.error() == null ? "" : esc(c.error()));
            c.oversubscription(data.summary().environment().cpus())
                    .ifPresent(n -> h.append("<div class=\"note alarm\">").append(esc(n)).append("</div>"));
            c.notes().forEach(n -> h.append("<div class=\"note\">").append(esc(n)).append("</div>"));
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Throughput, CPU ns/op and busy cores: median over the")
                .append(" measured repetitions and its 95% confidence interval [low – high] (percentile bootstrap);")
                .append(" cells whose intervals overlap show no detectable difference. CPU time is the whole")
                .append(" repetition's, setup included, over the JVM that ran it and its child processes; busy cores")
                .append(" is CPU time over wall time. A cell with more parties than CPUs is marked oversubscribed.")
                .append(closed ? " Time in queue (closed loop): HdrHistogram percentiles over all of them (3 significant"
                        + " digits); producers push as fast as the queue takes records, so these measure waiting in a full"
                        + " ring, not the cost of an operation." : " Latency: HdrHistogram percentiles over all of them"
                        + " (3 significant digits), from each request's scheduled time where the load is open loop.")
                .append(" Counters: mean per repetition (so with 2 repetitions, lost = 0.5 is one record lost in all).")
                .append(" Highlighted: a non-zero count of something an exactly-once queue never does; hover over")
                .append(" such a count for its rate with a 95% Poisson interval over all repetitions (summary.json,")
                .append(" events).</p>\n");
    }

    /** "median [low – high]" with {@code decimals} decimals (grouped digits for whole numbers). */
    static String withInterval(MetricSummary m, int decimals) {
        return number(m.median(), decimals) + " [" + number(m.ci95Low(), decimals) + " – "
                + number(m.ci95High(), decimals) + "]";
    }

    private static String number(double v, int decimals) {
        return decimals == 0 ? grouped(Math.round(v))
                : String.format(Locale.ROOT, "%,." + decimals + "f", v).replace(",", "\u2009");
    }

    static String params(RunData data, CellSummary c) {
        if (data.sweptKeys().isEmpty()) {
            return "no sweep";
        }
        StringBuilder sb = new StringBuilder();
        for (String k : data.sweptKeys()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(SummaryCsv.text(c.params().get(k)));
        }
        return sb.toString();
    }

    /** The machine's rows of an environment table: what makes two runs comparable or not. */
    static void machineRows(StringBuilder h, MachineInfo m) {
        row(h, "CPU model", m.cpuModel());
        row(h, "physical cores", (m.physicalCores() == 0 ? "unknown" : Integer.toString(m.physicalCores()))
                + ", SMT " + m.smt());
        row(h, "frequency governor", m.governor());
        row(h, "kernel", m.kernel());
        row(h, "JVM flags", m.jvmFlags().isEmpty() ? "none" : String.join(" ", m.jvmFlags()));
    }

    static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    static void link(StringBuilder h, String file, String what) {
        h.append("<li><a href=\"").append(esc(file)).append("\">").append(esc(file)).append("</a>: ").append(esc(what))
                .append("</li>\n");
    }

    private static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v).replace(",", "\u2009");
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static final String CSS = """
            body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
            h1 { margin-bottom: .2em; } .lead { margin-top: 0; color: #444; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
            table.env th { background: #f4f4f4; font-weight: 600; }
            table.summary { font-size: 13px; } table.summary thead th { background: #eef2f7; position: sticky; top: 0; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.bad td { background: #fff0f0; } td.alarm { background: #ffd7d7; font-weight: 700; } div.alarm { color: #a00; }
            .failed { border: 2px solid #c33; background: #fff5f5; padding: .5em 1em; margin: 1em 0; }
            figure { margin: 1.5em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { color: #555; font-size: 13px; max-width: 960px; }
            pre { background: #f7f7f7; padding: 1em; overflow-x: auto; font-size: 13px; }
            .note, .foot { color: #666; font-size: 13px; }
            """;
}
