package org.vdsolab.experiments.runner;

import org.vdsolab.api.process.CorePinning;
import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.config.RunControl;
import org.vdsolab.experiments.runner.results.LatencySummary;
import org.vdsolab.experiments.runner.results.RunRecord;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main class of a JVM that runs one measured repetition of one cell for {@code run.fork}: it
 * loads the run folder's {@code config.yaml} (the config as run), runs the cell's warm-ups and
 * then the one measured repetition in this fresh JVM, each as the runner would in its own
 * ({@link Repetition}), and writes a {@link ForkedResult}. A warm-up or repetition that fails is a
 * result too (its error), written before exiting 0; exit code 1 means the child itself could not
 * run (its reason on stderr). It ends itself when the runner is gone ({@link ParentWatch}), and on
 * SIGTERM its {@link RunShutdown} hook removes what the repetition registered (children, region
 * and temp files).
 *
 * <p>Arguments: {@code CONFIG_YAML CELL REPETITION POSITION RESULT_FILE [key=value...]}, with
 * {@code CELL} the 1-based cell index, {@code REPETITION} the 1-based measured repetition,
 * {@code POSITION} its place in the run's order (0 for a saturation run) and, when given, the
 * parameters the workload gets instead of the cell's (a {@code load.fraction} cell's closed-loop
 * twin or the cell at its resolved rate, see {@link org.vdsolab.experiments.runner.config.LoadFraction}).
 */
public final class ForkedRepetition {

    private ForkedRepetition() { }

    public static void main(String[] args) {
        ParentWatch.start();
        RunShutdown.global().install(null, System.err, RunShutdown.GRACE); // inside the runner's SHUTDOWN_GRACE
        int code;
        try {
            run(args);
            code = 0;
        } catch (Throwable t) {
            System.err.println("forked repetition " + String.join(" ", args) + " failed: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.exit(code); // ends the threads a timed-out repetition left behind
    }

    static void run(String[] args) throws IOException {
        if (args.length < 5) {
            throw new IllegalArgumentException("usage: ForkedRepetition CONFIG_YAML CELL REPETITION POSITION RESULT_FILE"
                    + " [key=value...]; got " + args.length + " argument(s)");
        }
        Experiment experiment = new ExperimentLoader().load(Path.of(args[0]), List.of(), false);
        int index = Integer.parseInt(args[1]);
        int repetition = Integer.parseInt(args[2]);
        int position = Integer.parseInt(args[3]);
        Path resultFile = Path.of(args[4]);
        List<Cell> cells = experiment.cells();
        if (index < 1 || index > cells.size()) {
            throw new IllegalArgumentException(args[0] + " has " + cells.size() + " cell(s); got cell " + index);
        }
        RunControl control = experiment.run();
        // a saturation run (position 0) has its own count of repetitions
        if (repetition < 1 || (position > 0 && repetition > control.repetitions())) {
            throw new IllegalArgumentException(args[0] + " has " + control.repetitions() + " repetition(s) per cell; got "
                    + repetition);
        }
        Cell cell = cells.get(index - 1);
        Map<String, String> params = cell.params();
        if (args.length > 5) {
            params = new LinkedHashMap<>();
            for (String kv : List.of(args).subList(5, args.length)) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("parameter argument '" + kv + "' is not key=value");
                }
                params.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        CorePinning.set(control.pin()); // this JVM's children: the workload's parties
        measure(experiment, cell, params, repetition, position).write(resultFile);
    }

    /**
     * Runs the cell's warm-ups and then measured repetition {@code repetition} in this JVM, with
     * {@code params}, and returns the measured repetition or the error of the first that failed.
     * What the child does; the runner calls it too, for a saturation run of {@code run.fork: false}.
     */
    static ForkedResult measure(Experiment experiment, Cell cell, Map<String, String> params, int repetition, int position) {
        RunControl control = experiment.run();
        for (int w = 0; w < control.warmup(); w++) {
            Repetition.Outcome warm = Repetition.run(experiment, cell, params, w, "warm-up " + (w + 1));
            if (warm.failed()) {
                return ForkedResult.failed(warm.error(), stackTrace(warm.failure()));
            }
        }
        int r = control.warmup() + repetition - 1;
        Repetition.Outcome outcome = Repetition.run(experiment, cell, params, r, "repetition " + repetition);
        if (outcome.failed()) {
            return ForkedResult.failed(outcome.error(), stackTrace(outcome.failure()));
        }
        var result = outcome.result();
        RunRecord record = new RunRecord(repetition, position, control.seedOf(r), result.operations(), result.elapsedNanos(),
                result.throughputOpsPerSecond(), LatencySummary.of(outcome.latency()), outcome.usage(), result.counters());
        return ForkedResult.measured(record, outcome.latency(), result.notes());
    }

    private static String stackTrace(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            t.printStackTrace(w);
        }
        return text.toString();
    }
}
