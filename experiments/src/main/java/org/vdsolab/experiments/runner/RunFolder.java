package org.vdsolab.experiments.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    /** Our files and the temp files an interrupted {@link AtomicFiles} write of one of them leaves. */
    private static final Pattern OURS_OR_TEMP = Pattern.compile("(?:" + OURS.pattern() + ")|\\.(?:" + OURS.pattern()
            + ")\\.\\d+\\.tmp");
    private static final Pattern CHART_OR_TEMP = Pattern.compile("(?:" + CHART.pattern() + ")|\\.(?:" + CHART.pattern()
            + ")\\.\\d+\\.tmp");

    private RunFolder() { }

    /** True when {@code fileName} is one the runner or the report writes. */
    public static boolean isRunFile(String fileName) {
        return OURS.matcher(fileName).matches();
    }

    /** True when {@code fileName} is a chart the report draws. */
    public static boolean isChartFile(String fileName) {
        return CHART.matcher(fileName).matches();
    }

    /**
     * Deletes the chart files directly in {@code directory} except {@code keep} (file names), after a
     * report has drawn {@code keep}: a chart the new plan no longer draws must not linger. Also
     * deletes temp files of interrupted chart writes; returns what it deleted.
     */
    public static List<Path> cleanChartsExcept(Path directory, Set<String> keep) throws IOException {
        return delete(directory, CHART_OR_TEMP, keep);
    }

    /**
     * Deletes the run files directly in {@code directory} (no recursion), and temp files of
     * interrupted writes of them; returns what it deleted.
     */
    public static List<Path> clean(Path directory) throws IOException {
        return delete(directory, OURS_OR_TEMP, Set.of());
    }

    private static List<Path> delete(Path directory, Pattern names, Set<String> keep) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && names.matcher(name).matches() && !keep.contains(name)) {
                    try {
                        Files.delete(f);
                    } catch (IOException e) {
                        throw FileErrors.wrap("delete the earlier run's file", f, e);
                    }
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

    /**
     * The run file that {@code input} (a config about to be run) is, when a run into
     * {@code directory} with part sub-folders {@code parts} would clean or write over it: it lives
     * directly in the folder or in a part's folder under a name the runner writes (config.yaml, say).
     * Symbolic links are followed, and a link in the folder counts too. Empty when there is no clash
     * (the folder does not exist yet, say).
     */
    public static Optional<Path> wouldOverwrite(Path directory, List<String> parts, Path input) throws IOException {
        if (!Files.isDirectory(directory) || !Files.exists(input)) {
            return Optional.empty();
        }
        Path folder = directory.toRealPath();
        List<Path> folders = new ArrayList<>(List.of(folder));
        parts.forEach(p -> folders.add(folder.resolve(p)));
        Path absolute = input.toAbsolutePath().normalize();
        List<Path> candidates = new ArrayList<>(List.of(input.toRealPath()));
        if (absolute.getParent() != null && Files.isDirectory(absolute.getParent())) {
            candidates.add(absolute.getParent().toRealPath().resolve(absolute.getFileName()));
        }
        for (Path c : candidates) {
            if (isRunFile(c.getFileName().toString()) && folders.contains(c.getParent())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
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
                    copied.add(AtomicFiles.copy(f, to.resolve(f.getFileName())));
                }
            }
        }
        return copied;
    }
}
