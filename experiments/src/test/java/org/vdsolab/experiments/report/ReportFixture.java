package org.vdsolab.experiments.report;

import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.ProgressListener;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs the synthetic workload into a folder, as a report's input. */
final class ReportFixture {

    private ReportFixture() { }

    /** Runs {@code yaml} into {@code dir/run} and returns the run folder (no report drawn yet). */
    static Path run(Path dir, String yaml) throws IOException {
        Path config = TestConfigs.write(dir, "exp.yaml", yaml);
        Path out = dir.resolve("run");
        new ExperimentRunner(ProgressListener.QUIET).run(new ExperimentLoader().load(config, List.of(), false), out, "test");
        return out;
    }

    static RunData data(Path dir, String yaml) throws IOException {
        return RunDataReader.read(run(dir, yaml));
    }
}
