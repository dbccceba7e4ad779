package org.vdsolab.experiments.cli;

import org.vdsolab.experiments.report.HtmlReport;
import org.vdsolab.experiments.report.ReportGenerator;
import org.vdsolab.experiments.runner.AtomicFiles;
import org.vdsolab.experiments.runner.ExperimentRunner;
import org.vdsolab.experiments.runner.PlanOutcome;
import org.vdsolab.experiments.runner.ProgressListener;
import org.vdsolab.experiments.runner.RunFolder;
import org.vdsolab.experiments.runner.RunLock;
import org.vdsolab.experiments.runner.RunOutcome;
import org.vdsolab.experiments.runner.RunShutdown;
import org.vdsolab.experiments.runner.TerminalProgress;
import org.vdsolab.experiments.runner.config.ConfigWriter;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.ExperimentPart;
import org.vdsolab.experiments.runner.config.ExperimentPlan;
import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one validated config into a folder, draws its report and prints what happened: a line per
 * cell and where the page is. A multi-part config runs its parts in order, each into its own
 * sub-folder (as a single-workload run writes its folder), then gets a top-level config.yaml (the
 * file as given) and index.html showing every part. The run holds the folder's {@link RunLock}
 * throughout, so a second run into the same folder is refused instead of mixing its files in.
 * Installs {@link RunShutdown}'s hook, so SIGINT or SIGTERM ends the children, removes region and
 * temp files and marks the folder incomplete. Shared by {@code run} and {@code suite}. Stateless.
 */
final class RunSession {

    private RunSession() { }

    static PlanOutcome runAndReport(ExperimentPlan plan, Path directory, String invocation, CliContext context)
            throws IOException {
        try (RunLock ignored = RunLock.acquire(directory, invocation, context.err()::println)) {
            return runLocked(plan, directory, invocation, context);
        }
    }

    private static PlanOutcome runLocked(ExperimentPlan plan, Path directory, String invocation, CliContext context)
            throws IOException {
        if (!plan.multiPart()) {
            return new PlanOutcome(directory, plan, List.of(runAndReport(plan.only(), directory, invocation, context)));
        }
        List<String> names = plan.parts().stream().map(ExperimentPart::name).toList();
        RunFolder.clean(directory, names);
        Files.createDirectories(directory);
        AtomicFiles.writeString(directory.resolve(ExperimentRunner.CONFIG_FILE), ConfigWriter.toYaml(plan.file(), List.of(
                "The config of experiment '" + plan.name() + "' as given, with parts " + String.join(", ", names) + ";",
                "each part's folder holds its own config.yaml as run (after --quick and --set).", invocation)));
        context.out().printf(Locale.ROOT, "%s: %d parts, %d cells in all%n", plan.name(), names.size(), plan.cellCount());
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            context.out().printf(Locale.ROOT, "part %d of %d: %s%n", i + 1, names.size(), names.get(i));
            outcomes.add(runAndReport(plan.parts().get(i).experiment(), directory.resolve(names.get(i)), invocation
                    + " (part " + names.get(i) + ")", context));
        }
        context.out().println("report of every part: " + ReportGenerator.writePartsIndex(directory));
        return new PlanOutcome(directory, plan, outcomes);
    }

    private static RunOutcome runAndReport(Experiment experiment, Path directory, String invocation, CliContext context)
            throws IOException {
        PrintStream out = context.out();
        RunFolder.clean(directory);
        out.printf(Locale.ROOT, "%s: %d cell%s x (%d warm-up + %d measured) repetitions of workload '%s'%n",
                experiment.name(), experiment.cells().size(), experiment.cells().size() == 1 ? "" : "s",
                experiment.run().warmup(), experiment.run().repetitions(), experiment.workload().name());
        out.println("output: " + directory);
        out.flush();
        ProgressListener progress = context.terminal() ? new TerminalProgress(out) : ProgressListener.QUIET;
        RunShutdown.global().install(ReportGenerator::generate, context.err());
        RunOutcome outcome = new ExperimentRunner(progress).run(experiment, directory, invocation);
        for (CellSummary c : outcome.summary().cells()) {
            out.println(line(experiment, c));
        }
        ReportGenerator.Report[] report = new ReportGenerator.Report[1];
        if (RunShutdown.global().unlessStopping(() -> report[0] = ReportGenerator.generate(directory))) {
            report[0].warnings().forEach(w -> context.err().println("warning: " + w));
            out.println("report: " + directory.resolve(HtmlReport.FILE));
        }
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
