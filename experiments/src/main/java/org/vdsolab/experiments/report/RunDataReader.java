package org.vdsolab.experiments.report;

import org.HdrHistogram.Histogram;
import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.config.ConfigException;
import org.vdsolab.experiments.runner.config.ConfigMap;
import org.vdsolab.experiments.runner.config.ReportHints;
import org.vdsolab.experiments.runner.config.YamlConfigReader;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.IntervalLog;
import org.vdsolab.experiments.runner.results.RunSummary;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run folder back: summary.json, config.yaml and every {@code cell-<n>.hlog}. This is the
 * only input of a report, so a report drawn right after a run and one redrawn later by
 * {@code report DIR} are the same. A cell's .hlog that is unreadable, or missing or empty while
 * summary.json has latency percentiles for the cell, is a warning in {@link RunData#warnings()}:
 * the report leaves that cell out of the latency charts and says so. Stateless.
 */
public final class RunDataReader {

    private RunDataReader() { }

    /**
     * @throws IOException when the folder, its summary.json or its config.yaml cannot be read or is
     *                     malformed; the message names the file (and the field)
     */
    public static RunData read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + ": no such folder; give a run folder such as out/<experiment>/<timestamp>");
        }
        Path summaryFile = directory.resolve(SummaryJson.FILE);
        if (!Files.exists(summaryFile)) {
            throw new IOException(directory + ": no " + SummaryJson.FILE + " here; give a run folder such as"
                    + " out/<experiment>/<timestamp>");
        }
        RunSummary summary = SummaryJson.read(summaryFile);
        Path configFile = directory.resolve(ExperimentRunner.CONFIG_FILE);
        String configText = Files.exists(configFile) ? Files.readString(configFile, StandardCharsets.UTF_8) : "";
        ReportHints hints = configText.isEmpty() ? ReportHints.none() : hints(configFile);
        List<String> swept = summary.cells().isEmpty() ? List.of() : new ArrayList<>(summary.cells().getFirst().params().keySet());
        Map<Integer, Histogram> latency = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (CellSummary cell : summary.cells()) {
            Path log = directory.resolve(IntervalLog.fileName(cell.index()));
            String leftOut = "; the latency charts leave out cell " + cell.index();
            Histogram h;
            try {
                h = IntervalLog.readMerged(log);
            } catch (IOException e) {
                warnings.add(e.getMessage() + leftOut);
                continue;
            }
            if (h != null && h.getTotalCount() > 0) {
                latency.put(cell.index(), h);
            } else if (cell.latency() != null) {
                String what = h == null && !Files.exists(log) ? "missing"
                        : "holds no readable latency samples (empty, cut short or not an interval log)";
                warnings.add(log + ": " + what
                        + ", though " + SummaryJson.FILE + " has latency percentiles for cell " + cell.index() + leftOut);
            }
        }
        return new RunData(directory, summary, swept, hints, configText, latency, warnings);
    }

    private static ReportHints hints(Path configFile) throws IOException {
        ConfigMap root;
        try {
            root = new YamlConfigReader().readFile(configFile);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            return ReportHints.parse(root.get("report"), null);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
