package org.vdsolab.experiments.runner.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of an experiment's sweep: every workload parameter with its value for this cell.
 * Immutable.
 *
 * @param index  1-based position in the experiment's cell order (also the {@code cell-<n>.hlog} name)
 * @param params every parameter as the workload receives it, in config key order
 * @param swept  the swept keys only, with their typed scalar for this cell, in config key order
 */
public record Cell(int index, Map<String, String> params, Map<String, ConfigScalar> swept) {

    public Cell {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        swept = Collections.unmodifiableMap(new LinkedHashMap<>(swept));
    }

    /** {@code queue=vsched, producers=2}: the swept values, for progress lines and errors. */
    public String label() {
        if (swept.isEmpty()) {
            return "(no sweep)";
        }
        return swept.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().text())
                .collect(Collectors.joining(", "));
    }
}
