package org.vdsolab.experiments.bench;

import org.vdsolab.experiments.runner.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ratio table of the JMH suite, {@code ratios.csv} with columns
 * {@code target,ours,ours_error,peer,peer_error,ratio,ratio_low,ratio_high,forks,goal}: one row
 * per performance target (ratio = ours / peer, or the cost ratio the target defines; the
 * scheduler's rows are costs in ns per hand-off against the JDK's, {@link SchedulerBench}), then the
 * method checks: our measured LMAX Disruptor / ArrayBlockingQueue ratios beside the LMAX
 * Disruptor paper's (Thompson et al.). Each score comes with JMH's 99.9% error, and the ratio
 * with the interval those errors allow: from (ours - error) / (peer + error) to
 * (ours + error) / (peer - error), "unbounded" when the peer's interval reaches 0, empty when JMH
 * gave no error (a single iteration). {@code forks} says "bimodal" when either score's forks fall
 * into two groups ({@link JmhResult.Metric#bimodal()}), listing their means: such a ratio
 * compares two behaviours, not two designs. A figure that was not measured in the run is left
 * empty and its ratio reads {@code not measured}. Stateless; thread-safe.
 */
public final class RatioTable {

    /** The columns, in order. */
    public static final String HEADER = "target,ours,ours_error,peer,peer_error,ratio,ratio_low,ratio_high,forks,goal";

    /** fio's null-engine floor, IOPS per submitter. */
    public static final double FIO_NULL_IOPS = 3.78e6;

    /** One row. {@code ours} and {@code peer} are null when not measured. */
    public record Row(String target, JmhResult.Metric ours, JmhResult.Metric peer, String goal) {

        /** ours / peer, NaN if either is missing. */
        public double ratio() {
            return ours == null || peer == null ? Double.NaN : ours.score() / peer.score();
        }

        /** The lowest ratio the two scores' errors allow; NaN without errors. */
        public double ratioLow() {
            return ours == null || peer == null ? Double.NaN : ours.low() / peer.high();
        }

        /** The highest ratio the two scores' errors allow; infinite when the peer's interval reaches 0. */
        public double ratioHigh() {
            if (ours == null || peer == null) {
                return Double.NaN;
            }
            return peer.low() <= 0 ? Double.POSITIVE_INFINITY : ours.high() / peer.low();
        }

        /** "bimodal: ours 3.1e6 | 8.9e6" when a score's forks split into two groups, else "". */
        public String forks() {
            List<String> notes = new ArrayList<>();
            if (ours != null && ours.bimodal()) {
                notes.add("ours " + forkMeans(ours));
            }
            if (peer != null && peer.bimodal()) {
                notes.add("peer " + forkMeans(peer));
            }
            return notes.isEmpty() ? "" : "bimodal: " + String.join("; ", notes);
        }

        String csv() {
            boolean measured = !Double.isNaN(ratio());
            String r = measured ? String.format(Locale.ROOT, "%.3f", ratio()) : "not measured";
            double high = ratioHigh();
            return String.join(",", quote(target), score(ours), error(ours), score(peer), error(peer), r,
                    ratioNumber(ratioLow()), Double.isInfinite(high) ? "unbounded" : ratioNumber(high), quote(forks()),
                    quote(goal));
        }
    }

    private RatioTable() { }

    /** The rows for a run, in the order of the targets. */
    public static List<Row> rows(JmhResults r) {
        List<Row> rows = new ArrayList<>();
        String p1c1 = Shapes.P1C1.benchmark();
        String p2c1 = Shapes.P2C1.benchmark();
        for (String q : List.of("vsched", "disruptor")) {
            rows.add(new Row(q + " 1P1C records/s vs Agrona ManyToOneRingBuffer (mapped file)",
                    r.headlineMetric(p1c1, q), r.headlineMetric(p1c1, "agrona-m2o"), ">= 1.2"));
        }
        rows.add(new Row("vsched 1P1C records/s vs JCTools MpmcArrayQueue",
                r.headlineMetric(p1c1, "vsched"), r.headlineMetric(p1c1, "jctools-mpmc"), ">= 0.8"));
        rows.add(new Row("disruptor 1P1C records/s vs LMAX Disruptor 4 multi-producer RingBuffer",
                r.headlineMetric(p1c1, "disruptor"), r.headlineMetric(p1c1, "lmax-multi"), ">= 0.8"));
        for (String q : List.of("vsched", "disruptor")) {
            rows.add(new Row(q + " batch-32 ns per record vs batch-1 ns per record",
                    r.headlineMetric("BatchBench.batch032", q), r.headlineMetric("BatchBench.batch001", q), "<= 0.3"));
            rows.add(new Row(q + " batch-32 ns per record vs batch-8 ns per record",
                    r.headlineMetric("BatchBench.batch032", q), r.headlineMetric("BatchBench.batch008", q),
                    "<= 0.5 (DPDK: 0.26 = batch 32 vs batch 8)"));
        }
        for (String q : List.of("spsc", "disruptor", "vsched", "vsched-classic")) {
            JmhResult.Metric ours = r.headlineMetric("UringBench.qd32", q);
            rows.add(new Row("io_uring null device QD32 batch IOPS on " + q + " vs fio null engine", ours,
                    ours == null ? null : new JmhResult.Metric(FIO_NULL_IOPS, 0, "ops/s"),
                    ">= 1.32 in every fork (5 M IOPS; fio's null engine: 3.78 M per submitter)"));
        }
        JmhResult.Metric forkJoin = r.primaryMetric("SchedulerPeerBench.forkJoin", null, null);
        for (String s : List.of("global", "percpu", "percpu-steal")) {
            rows.add(new Row("scheduler (" + s + ") block+unblock+pickNext ns vs ForkJoinPool fork+join ns",
                    r.primaryMetric("SchedulerBench.blockUnblockPick", "scheduler", s), forkJoin, "<= 2.0"));
            rows.add(new Row("scheduler (" + s + ") spawn+pickNext+exit ns vs ForkJoinPool fork+join ns",
                    r.primaryMetric("SchedulerBench.spawnPickExit", "scheduler", s), forkJoin, "<= 2.0"));
        }
        rows.add(new Row("scheduler (percpu) spawn+pickNext+exit ns vs ArrayBlockingQueue offer+take+run ns",
                r.primaryMetric("SchedulerBench.spawnPickExit", "scheduler", "percpu"),
                r.primaryMetric("SchedulerPeerBench.executorQueue", null, null), "(a ThreadPoolExecutor's queue hand-off)"));
        rows.add(new Row("check: LMAX Disruptor single-producer / ArrayBlockingQueue 1P1C",
                r.headlineMetric(p1c1, "lmax-single"), r.headlineMetric(p1c1, "abq"),
                "paper 7.66 (160 / 20.9 M ops/s; EPYC 9374F; JDK 11); 4.91 in 2011 (26.0 / 5.3 M; Nehalem)"));
        rows.add(new Row("check: LMAX Disruptor multi-producer / ArrayBlockingQueue 2P1C",
                r.headlineMetric(p2c1, "lmax-multi"), r.headlineMetric(p2c1, "abq"),
                "paper 3P1C: 1.58 (29.7 / 18.8 M ops/s); 2.44 in 2011 (13.4 / 5.5 M)"));
        return rows;
    }

    private static String score(JmhResult.Metric m) {
        return m == null ? "" : number(m.score());
    }

    private static String error(JmhResult.Metric m) {
        return m == null ? "" : number(m.error());
    }

    private static String ratioNumber(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String forkMeans(JmhResult.Metric m) {
        return String.join(" | ", m.forks().stream().map(RatioTable::number).toList());
    }

    /** The CSV text: header, then one line per row. */
    public static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Row row : rows) {
            b.append(row.csv()).append('\n');
        }
        return b.toString();
    }

    /** Writes {@code ratios.csv} into {@code directory}; returns its path. */
    public static Path write(JmhResults results, Path directory) throws IOException {
        Path file = directory.resolve("ratios.csv");
        AtomicFiles.writeString(file, csv(rows(results)));
        return file;
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
