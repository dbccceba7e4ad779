package org.vdsolab.experiments.runner;

import org.vdsolab.experiments.runner.config.ExperimentPlan;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished config left: its run folder, its plan and one {@link RunOutcome} per part (in
 * part order; a single-workload config has one, in the run folder itself, a multi-part config one
 * per sub-folder). Immutable.
 *
 * @param directory the run folder
 * @param plan      the plan that ran
 * @param parts     each part's outcome
 */
public record PlanOutcome(Path directory, ExperimentPlan plan, List<RunOutcome> parts) {

    public PlanOutcome {
        parts = List.copyOf(parts);
    }

    /** True when every cell of every part ran and none failed. */
    public boolean succeeded() {
        return parts.stream().allMatch(RunOutcome::succeeded);
    }

    /** Failed or not-run cells over every part. */
    public long failedCells() {
        return parts.stream().mapToLong(p -> p.summary().failedCells()).sum();
    }

    /** Cells over every part. */
    public int cells() {
        return parts.stream().mapToInt(p -> p.summary().cells().size()).sum();
    }
}
