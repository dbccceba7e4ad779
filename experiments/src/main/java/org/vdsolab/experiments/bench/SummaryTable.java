package org.vdsolab.experiments.bench;

import org.vdsolab.experiments.runner.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every result of a run in one CSV, {@code summary.csv}: {@code benchmark,queue,params,score,error,
 * unit,alloc_bytes_per_op}, where score is the headline figure ({@link JmhResult#headline()}:
 * records per second for producer/consumer benchmarks, ns per record for batches, IOPS for
 * io_uring) and the last column is JMH's {@code gc.alloc.rate.norm} (empty without {@code -prof gc}).
 * Stateless; thread-safe.
 */
public final class SummaryTable {

    public static final String HEADER = "benchmark,queue,params,score,error,unit,alloc_bytes_per_op";

    private SummaryTable() { }

    public static String csv(JmhResults results) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (JmhResult r : results.all()) {
            StringBuilder params = new StringBuilder();
            r.params().entrySet().stream().filter(e -> !e.getKey().equals("queue")).sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> params.append(params.isEmpty() ? "" : ";").append(e.getKey()).append('=').append(e.getValue()));
            JmhResult.Metric h = r.headline();
            JmhResult.Metric alloc = r.allocation();
            b.append(String.join(",", r.benchmark(), RatioTable.quote(String.valueOf(r.param("queue"))),
                    RatioTable.quote(params.toString()), RatioTable.number(h.score()), RatioTable.number(h.error()), h.unit(),
                    alloc == null ? "" : String.format(Locale.ROOT, "%.3f", alloc.score()))).append('\n');
        }
        return b.toString();
    }

    public static Path write(JmhResults results, Path directory) throws IOException {
        Path file = directory.resolve("summary.csv");
        AtomicFiles.writeString(file, csv(results));
        return file;
    }
}
