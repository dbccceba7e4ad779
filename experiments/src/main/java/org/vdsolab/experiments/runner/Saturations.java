package org.vdsolab.experiments.runner;

import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.LoadFraction;
import org.vdsolab.experiments.runner.results.Bootstrap;
import org.vdsolab.experiments.runner.results.RunRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The saturation throughput of the cells that give {@code load.fraction}: the median throughput of
 * {@link #REPETITIONS} measured repetitions (each after the cell's warm-ups, in the way the run
 * measures everything else) of the cell's closed-loop twin. Cells that differ only in their load
 * share one measurement. Not thread-safe: the runner's thread only.
 */
final class Saturations {

    /** Closed-loop repetitions whose median is a saturation. */
    static final int REPETITIONS = 3;
    /** Counters added to every repetition of a {@code load.fraction} cell. */
    static final String SATURATION = "saturation_ops_per_s";
    static final String OFFERED = "offered_ops_per_s";

    /** Runs one measured repetition (after the warm-ups) with the given parameters. */
    interface Measure {
        ForkedResult run(Cell cell, Map<String, String> params, int repetition) throws IOException;
    }

    /** A saturation, or why there is none. */
    record Saturation(double opsPerSecond, String error) { }

    private final Measure measure;
    private final Map<Map<String, String>, Saturation> known = new HashMap<>();

    Saturations(Measure measure) {
        this.measure = measure;
    }

    /** The saturation of {@code cell}'s closed-loop twin, measured on first use. */
    Saturation of(Cell cell) throws IOException {
        Map<String, String> twin = LoadFraction.saturationParams(cell.params());
        Saturation s = known.get(twin);
        if (s == null) {
            s = measure(cell, twin);
            known.put(twin, s);
        }
        return s;
    }

    private Saturation measure(Cell cell, Map<String, String> twin) throws IOException {
        double[] throughput = new double[REPETITIONS];
        for (int m = 1; m <= REPETITIONS; m++) {
            ForkedResult r = measure.run(cell, twin, m);
            if (r.failed()) {
                return new Saturation(Double.NaN, "its saturation run (closed loop) failed: " + r.error());
            }
            throughput[m - 1] = r.run().throughputOpsPerSecond();
        }
        return new Saturation(Bootstrap.median(throughput), null);
    }

    /**
     * The parameters of a {@code load.fraction} cell at its fraction of {@code saturation}, or the
     * cell's own when it gives no fraction.
     */
    static Map<String, String> params(Cell cell, Saturation saturation) {
        OptionalDouble fraction = LoadFraction.of(cell.params());
        return fraction.isEmpty() ? cell.params() : LoadFraction.atRate(cell.params(), fraction.getAsDouble() * saturation.opsPerSecond());
    }

    /** {@code run} with the saturation and the offered rate added to its counters. */
    static RunRecord withLoad(RunRecord run, Cell cell, Saturation saturation) {
        double fraction = LoadFraction.of(cell.params()).orElseThrow();
        Map<String, Long> counters = new LinkedHashMap<>(run.counters());
        counters.put(SATURATION, Math.round(saturation.opsPerSecond()));
        counters.put(OFFERED, Math.round(Math.max(1, fraction * saturation.opsPerSecond())));
        return new RunRecord(run.repetition(), run.position(), run.seed(), run.operations(), run.elapsedNanos(),
                run.throughputOpsPerSecond(), run.latency(), run.usage(), counters);
    }
}
