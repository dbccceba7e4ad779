package org.vdsolab.experiments.bench;

import org.vdsolab.experiments.runner.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ratio table of the JMH suite, {@code ratios.csv} with columns {@code target,ours,peer,ratio,goal}:
 * one row per performance target (ratio = ours / peer, or the cost ratio the target defines),
 * then the method checks: our measured LMAX Disruptor / ArrayBlockingQueue ratios beside the
 * LMAX Disruptor paper's (Thompson et al.). A figure that was not measured in the run is left
 * empty and its ratio reads {@code not measured}. Stateless; thread-safe.
 */
public final class RatioTable {

    /** The columns, in order. */
    public static final String HEADER = "target,ours,peer,ratio,goal";

    /** fio's null-engine floor, IOPS per submitter. */
    public static final double FIO_NULL_IOPS = 3.78e6;

    /** One row. {@code ours} and {@code peer} are NaN when not measured. */
    public record Row(String target, double ours, double peer, String goal) {

        /** ours / peer, NaN if either is missing. */
        public double ratio() {
            return ours / peer;
        }

        String csv() {
            String r = Double.isNaN(ratio()) ? "not measured" : String.format(Locale.ROOT, "%.3f", ratio());
            return String.join(",", quote(target), number(ours), number(peer), r, quote(goal));
        }
    }

    private RatioTable() { }

    /** The rows for a run: the targets, then the method checks. */
    public static List<Row> rows(JmhResults r) {
        List<Row> rows = new ArrayList<>();
        String p1c1 = Shapes.P1C1.benchmark();
        String p2c1 = Shapes.P2C1.benchmark();
        rows.add(new Row("vsched 1P1C records/s vs Agrona ManyToOneRingBuffer (mapped file)",
                r.headline(p1c1, "vsched"), r.headline(p1c1, "agrona-m2o"), ">= 1.0"));
        rows.add(new Row("vsched 1P1C records/s vs JCTools MpmcArrayQueue",
                r.headline(p1c1, "vsched"), r.headline(p1c1, "jctools-mpmc"), ">= 0.8"));
        rows.add(new Row("disruptor 1P1C records/s vs LMAX Disruptor 4 multi-producer RingBuffer",
                r.headline(p1c1, "disruptor"), r.headline(p1c1, "lmax-multi"), ">= 0.8"));
        for (String q : List.of("vsched", "disruptor")) {
            rows.add(new Row(q + " batch-32 ns per record vs batch-1 ns per record",
                    r.headline("BatchBench.batch032", q), r.headline("BatchBench.batch001", q),
                    "<= 0.3 (DPDK: 0.26 = batch 32 vs batch 8)"));
        }
        for (String q : List.of("spsc", "disruptor", "vsched", "vsched-classic")) {
            rows.add(new Row("io_uring null device QD32 batch IOPS on " + q + " vs fio null engine",
                    r.headline("UringBench.qd32", q), r.find("UringBench.qd32", q).isPresent() ? FIO_NULL_IOPS : Double.NaN,
                    ">= 1.0 (3.78 M IOPS per submitter)"));
        }
        rows.add(new Row("check: LMAX Disruptor single-producer / ArrayBlockingQueue 1P1C",
                r.headline(p1c1, "lmax-single"), r.headline(p1c1, "abq"),
                "paper 7.66 (160 / 20.9 M ops/s; EPYC 9374F; JDK 11); 4.91 in 2011 (26.0 / 5.3 M; Nehalem)"));
        rows.add(new Row("check: LMAX Disruptor multi-producer / ArrayBlockingQueue 2P1C",
                r.headline(p2c1, "lmax-multi"), r.headline(p2c1, "abq"),
                "paper 3P1C: 1.58 (29.7 / 18.8 M ops/s); 2.44 in 2011 (13.4 / 5.5 M)"));
        return rows;
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
