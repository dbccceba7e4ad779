package org.vdsolab.experiments.runner.config;

/**
 * The {@code run:} block: how the runner repeats each cell. Not passed to the workload as
 * parameters and never swept. Immutable.
 *
 * @param warmup          repetitions run first and discarded (JIT, caches), {@code >= 0}
 * @param repetitions     measured repetitions per cell, {@code >= 1}
 * @param seed            base seed; repetition {@code r} (counting warm-ups from 0) gets
 *                        {@code seed + r}, the same in every cell, so cells see the same arrivals
 * @param durationSeconds measurement length per repetition; 0 = bounded by the workload's own
 *                        count (for example {@code records})
 * @param timeoutSeconds  wall-clock limit per repetition, after which the cell fails with a
 *                        timeout error; 0 = no limit
 * @param fork            true: every measured repetition runs in a fresh JVM of its own (after
 *                        the cell's warm-ups in that JVM), and all cells' repetitions run in one
 *                        shuffled, interleaved order, so that neither JIT state, heap history nor a
 *                        burst of outside load is shared by one cell's repetitions; false: every
 *                        repetition in the runner's JVM, cell by cell
 * @param orderSeed       seed of that shuffle (only used when {@code fork})
 * @param pin             place the child processes a workload starts on cores, round robin, with
 *                        {@code taskset} ({@link org.vdsolab.api.process.CorePinning}); each
 *                        repetition then reports {@code pinned} (1, or 0 where taskset is missing)
 */
public record RunControl(int warmup, int repetitions, long seed, double durationSeconds, double timeoutSeconds,
                         boolean fork, long orderSeed, boolean pin) {

    public static final int DEFAULT_WARMUP = 1;
    public static final int DEFAULT_REPETITIONS = 3;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_TIMEOUT_S = 600;
    public static final boolean DEFAULT_FORK = true;

    public RunControl {
        if (warmup < 0 || repetitions < 1 || durationSeconds < 0 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("invalid run control " + warmup + "/" + repetitions + "/"
                    + durationSeconds + "/" + timeoutSeconds);
        }
    }

    /** A run control with the default {@code fork}, an order seed equal to {@code seed} and no pinning. */
    public RunControl(int warmup, int repetitions, long seed, double durationSeconds, double timeoutSeconds) {
        this(warmup, repetitions, seed, durationSeconds, timeoutSeconds, DEFAULT_FORK, seed, false);
    }

    /** The defaults used for every key the {@code run:} block leaves out. */
    public static RunControl defaults() {
        return new RunControl(DEFAULT_WARMUP, DEFAULT_REPETITIONS, DEFAULT_SEED, 0, DEFAULT_TIMEOUT_S);
    }

    /** Warm-up plus measured repetitions. */
    public int totalRepetitions() {
        return warmup + repetitions;
    }

    /** The seed of repetition {@code r}, counting warm-ups from 0. */
    public long seedOf(int r) {
        return seed + r;
    }

    public long durationNanos() {
        return Math.round(durationSeconds * 1e9);
    }

    /** The timeout in nanoseconds, 0 for none. */
    public long timeoutNanos() {
        return Math.round(timeoutSeconds * 1e9);
    }
}
