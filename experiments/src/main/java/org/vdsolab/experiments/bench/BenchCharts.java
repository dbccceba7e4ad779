package org.vdsolab.experiments.bench;

import org.vdsolab.experiments.report.ChartRenderer;
import org.vdsolab.experiments.report.ChartSpec;
import org.vdsolab.experiments.report.SeriesSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the charts of a JMH run as {@link ChartSpec}s, drawn by the report package's
 * {@link ChartRenderer}: {@code throughput} (records per second per queue and peer, one bar series
 * per shape), {@code batch} (ns per record against batch size, one line per queue) and
 * {@code uring} (io_uring null-device IOPS per provider at QD 1 and 32). A chart with no data in
 * the run is left out. Stateless; thread-safe.
 */
public final class BenchCharts {

    /** Batch sizes of {@link BatchBench}, with the method that measures each. */
    static final int[] BATCHES = {1, 8, 32, 128, 256};

    private BenchCharts() { }

    /** The charts this run's results support. */
    public static List<ChartSpec> plan(JmhResults results) {
        List<ChartSpec> charts = new ArrayList<>();
        throughput(results, charts);
        batch(results, charts);
        uring(results, charts);
        return charts;
    }

    /** Draws every planned chart into {@code directory} (PNG and SVG); returns the files written. */
    public static List<Path> write(JmhResults results, Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ChartSpec spec : plan(results)) {
            files.addAll(ChartRenderer.write(spec, directory));
        }
        return files;
    }

    private static Set<String> queuesOf(JmhResults results, List<String> benchmarks) {
        Set<String> queues = new LinkedHashSet<>();
        for (JmhResult r : results.all()) {
            if (benchmarks.contains(r.benchmark()) && r.param("queue") != null) {
                queues.add(r.param("queue"));
            }
        }
        return queues;
    }

    private static void throughput(JmhResults results, List<ChartSpec> charts) {
        List<String> benchmarks = new ArrayList<>();
        for (Shapes s : Shapes.values()) {
            benchmarks.add(s.benchmark());
        }
        List<Object> queues = new ArrayList<>(queuesOf(results, benchmarks));
        if (queues.isEmpty()) {
            return;
        }
        List<SeriesSpec> series = new ArrayList<>();
        for (Shapes s : Shapes.values()) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            boolean any = false;
            for (Object q : queues) {
                double v = results.headline(s.benchmark(), (String) q);
                y.add(Double.isNaN(v) ? null : v);
                err.add(error(results, s.benchmark(), (String) q));
                any |= !Double.isNaN(v);
            }
            if (any) {
                series.add(SeriesSpec.symmetric(s.label(), queues, y, err));
            }
        }
        charts.add(new ChartSpec("throughput", "Records moved per second, 64-byte records", "queue", "records/s",
                ChartSpec.Kind.BARS, false, false, false, series,
                "Ours (spsc, disruptor, vsched, vsched-classic; /slot = push_slot) over a mapped /dev/shm file against "
                        + "JCTools, LMAX Disruptor 4, Agrona (mapped file; /claim = tryClaim) and ArrayBlockingQueue, "
                        + "per shape; a missing point is a shape the queue does not serve. " + ERROR_BARS
                        + forksNote(results, benchmarks)));
    }

    private static void batch(JmhResults results, List<ChartSpec> charts) {
        List<String> benchmarks = new ArrayList<>();
        for (int n : BATCHES) {
            benchmarks.add(batchBenchmark(n));
        }
        List<SeriesSpec> series = new ArrayList<>();
        for (String q : queuesOf(results, benchmarks)) {
            List<Object> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int n : BATCHES) {
                double v = results.headline(batchBenchmark(n), q);
                if (!Double.isNaN(v)) {
                    x.add((double) n);
                    y.add(v);
                    err.add(error(results, batchBenchmark(n), q));
                }
            }
            series.add(SeriesSpec.symmetric(q, x, y, err));
        }
        if (series.isEmpty()) {
            return;
        }
        charts.add(new ChartSpec("batch", "Batch amortisation: ns per record (push + pop), one thread", "batch size (records)",
                "ns per record", ChartSpec.Kind.LINES, true, true, false, series,
                "One batch push then one batch pop of n records, single-threaded; DPDK's published MP/MC curve falls "
                        + "to 0.26x from batch 8 to batch 32. " + ERROR_BARS + forksNote(results, benchmarks)));
    }

    /** The {@link BatchBench} method for batch size {@code n}. */
    static String batchBenchmark(int n) {
        return String.format("BatchBench.batch%03d", n);
    }

    private static void uring(JmhResults results, List<ChartSpec> charts) {
        List<Object> queues = new ArrayList<>(queuesOf(results, List.of("UringBench.qd01", "UringBench.qd32")));
        if (queues.isEmpty()) {
            return;
        }
        List<SeriesSpec> series = new ArrayList<>();
        for (String m : List.of("qd01", "qd32")) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Object q : queues) {
                double v = results.headline("UringBench." + m, (String) q);
                y.add(Double.isNaN(v) ? null : v);
                err.add(error(results, "UringBench." + m, (String) q));
            }
            series.add(SeriesSpec.symmetric(m.equals("qd01") ? "QD 1" : "QD 32 (one batch)", queues, y, err));
        }
        charts.add(new ChartSpec("uring", "io_uring round trips on the null device", "SQ/CQ queue provider", "requests/s",
                ChartSpec.Kind.BARS, false, false, false, series,
                "Stage QD reads, submit once, reap QD completions; one kernel poller thread. fio's null engine floor: "
                        + "3.78 M IOPS per submitter. " + ERROR_BARS
                        + forksNote(results, List.of("UringBench.qd01", "UringBench.qd32"))));
    }

    /** What the error bars of every chart are. */
    static final String ERROR_BARS = "Whiskers: JMH's 99.9% confidence interval (score ± error) over every measured iteration"
            + " of every fork (none where one iteration ran); ratios.csv flags forks that disagree.";

    /** " n = 3 forks per score.", or the range when the chart's scores differ; empty without fork data. */
    static String forksNote(JmhResults results, List<String> benchmarks) {
        java.util.IntSummaryStatistics forks = results.all().stream().filter(r -> benchmarks.contains(r.benchmark()))
                .map(JmhResult::primary).filter(m -> m != null && !m.forks().isEmpty()) // every score of a result has its forks
                .mapToInt(m -> m.forks().size()).summaryStatistics();
        if (forks.getCount() == 0) {
            return "";
        }
        String n = forks.getMin() == forks.getMax() ? Integer.toString(forks.getMax()) : forks.getMin() + " to " + forks.getMax();
        return " n = " + n + " fork" + (forks.getMax() == 1 ? "" : "s") + " per score.";
    }

    /** JMH's error of the headline score, 0 where there is none (a single iteration) or no score. */
    private static double error(JmhResults results, String benchmark, String queue) {
        JmhResult.Metric m = results.headlineMetric(benchmark, queue);
        return m == null || Double.isNaN(m.error()) ? 0 : m.error();
    }
}
