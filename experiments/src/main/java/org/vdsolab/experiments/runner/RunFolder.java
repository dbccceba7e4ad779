package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files a run folder holds, so a reused folder ({@code run --out DIR} again, a republished
 * {@code results/<experiment>/}) can be emptied of an earlier run's files without touching
 * anything else a user put there. Stateless.
 */
public final class RunFolder {

    /** Names the runner and the report write (chart names as the report package's ChartPlanner gives them). */
    private static final Pattern CHART = Pattern.compile(
            "(throughput|latency-percentiles|latency-vs-load|batch-size|counter-[A-Za-z0-9_-]+)(-\\d+)?\\.(png|svg)");
    private static final Pattern OURS = Pattern.compile("summary\\.json|summary\\.csv|config\\.yaml|index\\.html"
            + "|cell-\\d+\\.hlog|cell-\\d+-error\\.txt|" + CHART.pattern());

    private RunFolder() { }

    /** True when {@code fileName} is one the runner or the report writes. */
    public static boolean isRunFile(String fileName) {
        return OURS.matcher(fileName).matches();
    }

    /** True when {@code fileName} is a chart the report draws. */
    public static boolean isChartFile(String fileName) {
        return CHART.matcher(fileName).matches();
    }

    /** Deletes the chart files directly in {@code directory}, before a report redraws them. */
    public static List<Path> cleanCharts(Path directory) throws IOException {
        return delete(directory, CHART);
    }

    /** Deletes the run files directly in {@code directory} (no recursion); returns what it deleted. */
    public static List<Path> clean(Path directory) throws IOException {
        return delete(directory, OURS);
    }

    private static List<Path> delete(Path directory, Pattern names) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && names.matcher(f.getFileName().toString()).matches()) {
                    Files.delete(f);
                    deleted.add(f);
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes the run files of a run folder and of its part sub-folders {@code parts} (a multi-part
     * run; empty for a single-workload run); returns what it deleted.
     */
    public static List<Path> clean(Path directory, List<String> parts) throws IOException {
        List<Path> deleted = clean(directory);
        for (String part : parts) {
            deleted.addAll(clean(directory.resolve(part)));
        }
        return deleted;
    }

    /** Copies the run files of {@code from} and of its part sub-folders {@code parts} into {@code to}. */
    public static List<Path> copy(Path from, Path to, List<String> parts) throws IOException {
        List<Path> copied = copy(from, to);
        for (String part : parts) {
            copied.addAll(copy(from.resolve(part), to.resolve(part)));
        }
        return copied;
    }

    /** Copies the run files of {@code from} into {@code to} (created if missing). */
    public static List<Path> copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> copied = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && isRunFile(f.getFileName().toString())) {
                    copied.add(Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING));
                }
            }
        }
        return copied;
    }
}
