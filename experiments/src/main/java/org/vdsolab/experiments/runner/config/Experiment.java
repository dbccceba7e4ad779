package org.vdsolab.experiments.runner.config;

import org.vdsolab.api.workload.WorkloadProvider;

import java.util.List;

/**
 * A validated experiment, ready to run: every cell has passed the workload's own validation.
 * Immutable.
 *
 * @param source      the config file as the user named it
 * @param name        the {@code experiment} key: {@code [a-z0-9-]+}
 * @param description the {@code description} key, or ""
 * @param workload    the workload provider the config names
 * @param run         the {@code run:} block with defaults filled in
 * @param report      the {@code report:} hints
 * @param sweptKeys   parameter keys written as lists, in config order
 * @param cells       the sweep's cells in expansion order
 * @param asRun       the config after {@code --quick} and {@code --set}: what {@code config.yaml} records
 */
public record Experiment(String source, String name, String description, WorkloadProvider workload, RunControl run,
                         ReportHints report, List<String> sweptKeys, List<Cell> cells, ConfigMap asRun) {

    public Experiment {
        sweptKeys = List.copyOf(sweptKeys);
        cells = List.copyOf(cells);
    }
}
