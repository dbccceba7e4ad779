package org.vdsolab.experiments.bench;

import org.vdsolab.experiments.runner.AtomicFiles;
import org.vdsolab.experiments.runner.results.EnvironmentInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a JMH JSON result file into the published files, written next to each other in one
 * folder: {@code ratios.csv} ({@link RatioTable}), {@code summary.csv} ({@link SummaryTable}),
 * the charts ({@link BenchCharts}) and {@code machine.txt} (JDK, OS, CPUs, commit, time).
 * Stateless; thread-safe for distinct folders.
 */
public final class BenchReport {

    private BenchReport() { }

    /**
     * Reads {@code json} and writes the report into {@code directory} (created if missing).
     *
     * @param settings the JMH arguments of the run, recorded in machine.txt
     * @return the files written
     * @throws IOException naming the file that could not be read or written
     */
    public static List<Path> write(Path json, Path directory, String settings) throws IOException {
        JmhResults results = JmhResults.read(json);
        if (results.all().isEmpty()) {
            throw new IOException(json + ": holds no benchmark results (did every benchmark fail?)");
        }
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        files.add(RatioTable.write(results, directory));
        files.add(SummaryTable.write(results, directory));
        files.addAll(BenchCharts.write(results, directory));
        EnvironmentInfo env = EnvironmentInfo.capture();
        Path machine = directory.resolve("machine.txt");
        AtomicFiles.writeString(machine, "jdk: " + env.jdk() + "\nos: " + env.os() + "\ncpus: " + env.cpus() + "\ncommit: "
                + env.commit() + "\nreported: " + env.started() + "\njmh arguments: " + settings + "\n");
        files.add(machine);
        return files;
    }
}
