package org.vdsolab.experiments.cli;

import org.vdsolab.experiments.report.HtmlReport;
import org.vdsolab.experiments.report.ReportGenerator;
import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.ProgressListener;
import org.vdsolab.experiments.runner.RunFolder;
import org.vdsolab.experiments.runner.RunOutcome;
import org.vdsolab.experiments.runner.TerminalProgress;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs one validated experiment into a folder, draws its report and prints what happened: a
 * line per cell and where the page is. Shared by {@code run} and {@code suite}. Stateless.
 */
final class RunSession {

    private RunSession() { }

    static RunOutcome runAndReport(Experiment experiment, Path directory, String invocation, CliContext context)
            throws IOException {
        PrintStream out = context.out();
        RunFolder.clean(directory);
        out.printf(Locale.ROOT, "%s: %d cell%s x (%d warm-up + %d measured) repetitions of workload '%s'%n",
                experiment.name(), experiment.cells().size(), experiment.cells().size() == 1 ? "" : "s",
                experiment.run().warmup(), experiment.run().repetitions(), experiment.workload().name());
        out.println("output: " + directory);
        out.flush();
        ProgressListener progress = context.terminal() ? new TerminalProgress(out) : ProgressListener.QUIET;
        RunOutcome outcome = new ExperimentRunner(progress).run(experiment, directory, invocation);
        for (CellSummary c : outcome.summary().cells()) {
            out.println(line(experiment, c));
        }
        ReportGenerator.generate(directory);
        out.println("report: " + directory.resolve(HtmlReport.FILE));
        if (!outcome.succeeded()) {
            context.err().println("error: " + outcome.summary().failedCells() + " of " + outcome.summary().cells().size()
                    + " cells of " + experiment.name() + " failed; the report and summary.json say why");
        }
        return outcome;
    }

    private static String line(Experiment experiment, CellSummary c) {
        String label = experiment.cells().get(c.index() - 1).label();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  cell %-3d %-40s", c.index(), label));
        if (!Double.isNaN(c.throughputMean())) {
            sb.append(String.format(Locale.ROOT, " %12s ops/s", human(c.throughputMean())));
        }
        if (c.latency() != null) {
            sb.append(String.format(Locale.ROOT, "  p50 %s  p99 %s  max %s", nanos(c.latency().p50()),
                    nanos(c.latency().p99()), nanos(c.latency().max())));
        }
        c.alarms().forEach((k, v) -> sb.append("  ").append(k).append('=').append(SummaryCsv.text(v)));
        if (c.failed()) {
            sb.append("  FAILED: ").append(c.error());
        }
        return sb.toString();
    }

    private static String human(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2f M", v / 1e6)
                : v >= 1e3 ? String.format(Locale.ROOT, "%.1f k", v / 1e3) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String nanos(long ns) {
        return ns >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", ns / 1e6)
                : ns >= 1_000 ? String.format(Locale.ROOT, "%.2f us", ns / 1e3) : ns + " ns";
    }
}
