package org.vdsolab.experiments.report;

import org.HdrHistogram.Histogram;
import org.vdsolab.experiments.runner.config.ReportHints;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.RunSummary;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything a report is drawn from, as read back from a run folder: the summary, the swept keys
 * (those in the cells' {@code params}), the {@code report:} hints of config.yaml, the config as run
 * (text), and each cell's latency histogram merged from its {@code .hlog}. Immutable.
 *
 * @param directory  the run folder
 * @param summary    summary.json
 * @param sweptKeys  swept parameter keys in config order
 * @param hints      config.yaml's report hints (fields null when absent)
 * @param configText config.yaml as written, shown in the page
 * @param latency    cell index to merged latency histogram (cells without samples are absent)
 * @param warnings   what is missing or damaged in the folder, one sentence each naming the file (a
 *                   cell's .hlog missing or unreadable); the report is drawn without it
 */
public record RunData(Path directory, RunSummary summary, List<String> sweptKeys, ReportHints hints, String configText,
                      Map<Integer, Histogram> latency, List<String> warnings) {

    public RunData {
        sweptKeys = List.copyOf(sweptKeys);
        warnings = List.copyOf(warnings);
        latency = Collections.unmodifiableMap(latency);
    }

    public List<CellSummary> cells() {
        return summary.cells();
    }
}
