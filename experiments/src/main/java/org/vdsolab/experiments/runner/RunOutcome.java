package org.vdsolab.experiments.runner;

import org.vdsolab.experiments.runner.results.RunSummary;

import java.nio.file.Path;

/**
 * What a finished run left: its folder and its summary. Immutable.
 *
 * @param directory where summary.json, summary.csv, config.yaml and the .hlog files are
 * @param summary   the summary as written
 */
public record RunOutcome(Path directory, RunSummary summary) {

    /** True when every cell ran and none failed. */
    public boolean succeeded() {
        return summary.failedCells() == 0;
    }
}
