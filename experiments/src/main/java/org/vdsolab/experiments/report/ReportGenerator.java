package org.vdsolab.experiments.report;

import org.vdsolab.experiments.runner.RunFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a run's report from the files in its folder alone (summary.json, config.yaml, the .hlog
 * files): the charts as PNG and SVG, then index.html. The runner calls it after a run and
 * {@code report DIR} calls it again later, so both give the same files. Stateless.
 */
public final class ReportGenerator {

    private ReportGenerator() { }

    /**
     * @return the files written: every chart's PNG and SVG, then index.html last
     * @throws IOException when the folder cannot be read or written; the message names the file
     */
    public static List<Path> generate(Path directory) throws IOException {
        RunData data = RunDataReader.read(directory);
        List<ChartSpec> charts = ChartPlanner.plan(data);
        RunFolder.cleanCharts(directory);   // a chart the new plan no longer draws must not linger
        List<Path> written = new ArrayList<>();
        for (ChartSpec chart : charts) {
            written.addAll(ChartRenderer.write(chart, directory));
        }
        written.add(HtmlReport.write(data, charts, directory));
        return written;
    }
}
