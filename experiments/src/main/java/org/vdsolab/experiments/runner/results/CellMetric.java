package org.vdsolab.experiments.runner.results;

import java.util.function.ToDoubleFunction;

/**
 * The metrics summarised over a cell's repetitions ({@link CellSummary#metrics}), each read from
 * one {@link RunRecord}; NaN where a repetition does not have it (no latency samples, no
 * resource counters). The order is the order of {@code summary.json}'s {@code metrics} and of
 * the metric columns in {@code summary.csv}.
 */
public enum CellMetric {

    /** Wall-clock operations per second, as the workload measured them. */
    THROUGHPUT("throughput_ops_per_s", RunRecord::throughputOpsPerSecond),
    /** CPU time of the whole repetition per operation ({@link RunRecord#usage}). */
    CPU_NS_PER_OP("cpu_ns_per_op", RunRecord::cpuNanosPerOperation),
    /** CPU time over wall time of the repetition: more than the machine's cores is impossible, less means waiting. */
    BUSY_CORES("busy_cores", r -> r.usage() == null ? Double.NaN : r.usage().busyCores()),
    LATENCY_P50("latency_p50_ns", r -> r.latency() == null ? Double.NaN : r.latency().p50()),
    LATENCY_P99("latency_p99_ns", r -> r.latency() == null ? Double.NaN : r.latency().p99()),
    LATENCY_P999("latency_p999_ns", r -> r.latency() == null ? Double.NaN : r.latency().p999()),
    /** Context switches in the repetition because a thread blocked or yielded. */
    VOLUNTARY_SWITCHES("voluntary_switches", r -> r.usage() == null ? Double.NaN : r.usage().voluntarySwitches()),
    /** Context switches in the repetition because a thread was preempted: oversubscription shows here. */
    INVOLUNTARY_SWITCHES("involuntary_switches", r -> r.usage() == null ? Double.NaN : r.usage().involuntarySwitches());

    private final String key;
    private final ToDoubleFunction<RunRecord> read;

    CellMetric(String key, ToDoubleFunction<RunRecord> read) {
        this.key = key;
        this.read = read;
    }

    /** The metric's name in summary.json and summary.csv. */
    public String key() {
        return key;
    }

    /** This metric of one repetition, NaN when it does not have it. */
    public double of(RunRecord run) {
        return read.applyAsDouble(run);
    }
}
