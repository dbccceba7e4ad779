package org.vdsolab.experiments.runner;

import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.results.CellSummary;

/**
 * Told by the {@link ExperimentRunner} where it is, for progress displays. Called on the runner's
 * thread, in order: started, then per cell (repetitionStarted per repetition, then cellFinished),
 * then finished; with {@code run.fork}, started, then forkedRepetitionStarted per measured
 * repetition in the run's shuffled order, with cellFinished once a cell's last one is done or it
 * failed, then finished. The default methods do nothing.
 */
public interface ProgressListener {

    /** A listener that ignores everything (non-terminal output, tests). */
    ProgressListener QUIET = new ProgressListener() { };

    default void started(Experiment experiment) { }

    /**
     * @param repetition 1-based, counting warm-ups first
     * @param warmup     whether this repetition is a discarded warm-up
     */
    default void repetitionStarted(Cell cell, int repetition, boolean warmup) { }

    /**
     * A forked run starts the JVM of one measured repetition (which runs the cell's warm-ups first).
     *
     * @param repetition 1-based measured repetition of {@code cell}
     * @param unit       1-based place in the run's order
     * @param units      measured repetitions in the whole run
     */
    default void forkedRepetitionStarted(Cell cell, int repetition, int unit, int units) { }

    default void cellFinished(Cell cell, CellSummary result) { }

    default void finished() { }
}
