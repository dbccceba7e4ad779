package org.vdsolab.experiments.runner.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A run's {@code summary.json}: the experiment, its environment, the config as run and one entry
 * per cell. Immutable apart from the config tree, which callers must not modify.
 */
public record RunSummary(String experiment, EnvironmentInfo environment, JsonNode config, List<CellSummary> cells) {

    public RunSummary {
        cells = List.copyOf(cells);
    }

    /** Cells that failed or did not run. */
    public long failedCells() {
        return cells.stream().filter(CellSummary::failed).count();
    }
}
