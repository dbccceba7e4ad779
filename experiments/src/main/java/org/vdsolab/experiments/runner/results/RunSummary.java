package org.vdsolab.experiments.runner.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A run's {@code summary.json}: the experiment, its environment, the config as run, one entry
 * per cell, and whether the run got to its end ({@code complete}; false when it was interrupted,
 * with the cells finished until then). Immutable apart from the config tree, which callers must
 * not modify.
 */
public record RunSummary(String experiment, EnvironmentInfo environment, JsonNode config, List<CellSummary> cells,
                         boolean complete) {

    public RunSummary {
        cells = List.copyOf(cells);
    }

    /** A complete run's summary. */
    public RunSummary(String experiment, EnvironmentInfo environment, JsonNode config, List<CellSummary> cells) {
        this(experiment, environment, config, cells, true);
    }

    /** This summary, marked incomplete: the run was interrupted after these cells. */
    public RunSummary incomplete() {
        return new RunSummary(experiment, environment, config, cells, false);
    }

    /** Cells that failed or did not run. */
    public long failedCells() {
        return cells.stream().filter(CellSummary::failed).count();
    }
}
