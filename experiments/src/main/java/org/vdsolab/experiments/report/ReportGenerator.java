package org.vdsolab.experiments.report;

import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.RunFolder;
import org.vdsolab.experiments.runner.config.ConfigException;
import org.vdsolab.experiments.runner.config.ConfigMap;
import org.vdsolab.experiments.runner.config.PartsConfig;
import org.vdsolab.experiments.runner.config.YamlConfigReader;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Draws a run's report from the files in its folder alone (summary.json, config.yaml, the .hlog
 * files): the charts as PNG and SVG, then index.html. The runner calls it after a run and
 * {@code report DIR} calls it again later, so both give the same files. A multi-part run folder
 * (a top-level config.yaml with {@code parts:}, one sub-folder per part) gets every part's report
 * redrawn, then the top-level index.html that shows every part. Stateless.
 */
public final class ReportGenerator {

    private ReportGenerator() { }

    /**
     * What {@link #generate} drew. Immutable.
     *
     * @param written  every chart's PNG and SVG, then index.html last (for a multi-part run, every
     *                 part's files, then the top-level index.html last)
     * @param warnings what the report had to leave out, one sentence each naming the file (a cell's
     *                 .hlog missing or unreadable); empty when every file was whole
     */
    public record Report(List<Path> written, List<String> warnings) {

        public Report {
            written = List.copyOf(written);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Draws the report. Every input file is read, and checked, before anything is written, so a
     * malformed summary.json fails the report and leaves the folder's charts as they were. Charts
     * are written atomically over the old ones; a chart the new plan no longer draws is deleted
     * after the new ones are written.
     *
     * @throws IOException when the folder cannot be read or written, or summary.json or config.yaml
     *                     is malformed; the message names the file (and the field)
     */
    public static Report generate(Path directory) throws IOException {
        List<String> parts = partsOf(directory);
        if (parts.isEmpty()) {
            RunData data = RunDataReader.read(directory);
            return new Report(draw(data).written(), data.warnings());
        }
        List<RunData> read = new ArrayList<>();
        for (String part : parts) {
            read.add(RunDataReader.read(directory.resolve(part)));
        }
        List<Path> written = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<PartsIndexPage.Part> drawn = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Drawn d = draw(read.get(i));
            written.addAll(d.written());
            warnings.addAll(d.data().warnings());
            drawn.add(new PartsIndexPage.Part(parts.get(i), d.data(), d.charts()));
        }
        written.add(PartsIndexPage.write(directory, drawn));
        return new Report(written, warnings);
    }

    /**
     * Writes only the top-level index.html of a multi-part run folder whose parts are already drawn
     * (the runner draws each part as it finishes).
     *
     * @throws IOException when the folder is not a multi-part run folder or cannot be read or written
     */
    public static Path writePartsIndex(Path directory) throws IOException {
        List<String> parts = partsOf(directory);
        if (parts.isEmpty()) {
            throw new IOException(directory + ": a single-workload run folder has no parts index");
        }
        List<PartsIndexPage.Part> drawn = new ArrayList<>();
        for (String part : parts) {
            RunData data = RunDataReader.read(directory.resolve(part));
            drawn.add(new PartsIndexPage.Part(part, data, ChartPlanner.plan(data)));
        }
        return PartsIndexPage.write(directory, drawn);
    }

    /**
     * The part names of a multi-part run folder, in config order, or an empty list for a
     * single-workload run folder (one with its own summary.json).
     *
     * @throws IOException when the folder is neither: no summary.json and no config.yaml with parts
     */
    public static List<String> partsOf(Path directory) throws IOException {
        if (Files.exists(directory.resolve(SummaryJson.FILE))) {
            return List.of();
        }
        Path config = directory.resolve(ExperimentRunner.CONFIG_FILE);
        if (Files.exists(config)) {
            try {
                ConfigMap root = new YamlConfigReader().readFile(config);
                if (PartsConfig.isMultiPart(root)) {
                    return PartsConfig.names(root);
                }
            } catch (ConfigException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        throw new IOException(directory + " is not a run folder (no " + SummaryJson.FILE + " there); nor a multi-part run"
                + " folder (no " + ExperimentRunner.CONFIG_FILE + " with parts:); give one such as out/<experiment>/<timestamp>");
    }

    private record Drawn(RunData data, List<ChartSpec> charts, List<Path> written) { }

    private static Drawn draw(RunData data) throws IOException {
        Path directory = data.directory();
        List<ChartSpec> charts = ChartPlanner.plan(data);
        List<Path> written = new ArrayList<>();
        for (ChartSpec chart : charts) {
            written.addAll(ChartRenderer.write(chart, directory));
        }
        written.add(HtmlReport.write(data, charts, directory));
        Set<String> names = new HashSet<>();
        written.forEach(p -> names.add(p.getFileName().toString()));
        RunFolder.cleanChartsExcept(directory, names);   // a chart the new plan no longer draws must not linger
        return new Drawn(data, charts, written);
    }
}
