package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.experiments.runner.results.CellMetric;
import org.vdsolab.experiments.runner.results.MachineInfo;
import org.vdsolab.experiments.runner.results.MetricSummary;
import org.vdsolab.experiments.runner.results.RunComparison;
import org.vdsolab.experiments.runner.results.RunSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code compare A B}: two run folders of the same cells, cell by cell: each metric's median and
 * 95% interval in both, and the ratio B / A with its interval ({@link RunComparison}), marked "no
 * detectable difference" when that interval holds 1. For regressions (A the baseline) and for
 * A/B of designs. {@code --csv} prints the same as CSV. Read-only.
 */
final class CompareCommand implements Command {

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "Compare two run folders cell by cell: medians, 95% intervals and ratios B/A with intervals.";
    }

    @Override
    public String syntax() {
        return "A B [--csv]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("csv").desc("print CSV instead of a table").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public String helpFooter() {
        return "\nA and B are run folders (each with a summary.json; for a multi-part run, one part's folder).\n"
                + "Cells are matched by their swept parameters. A ratio is B's median over A's; its interval is a\n"
                + "bootstrap over both runs' repetitions, and one that holds 1 is no detectable difference.\n";
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws IOException {
        List<String> args = line.getArgList();
        if (args.size() != 2) {
            throw new UsageException("compare needs two run folders A B, got " + args.size()
                    + (args.isEmpty() ? "" : ": " + String.join(" ", args)));
        }
        RunSummary a = SummaryJson.read(summaryOf(context, "A", args.get(0)));
        RunSummary b = SummaryJson.read(summaryOf(context, "B", args.get(1)));
        RunComparison comparison = RunComparison.of(a, b);
        if (line.hasOption("csv")) {
            printCsv(context.out(), comparison);
        } else {
            printTable(context.out(), args, a, b, comparison);
        }
        if (comparison.rows().isEmpty()) {
            context.err().println("error: A and B have no cell in common with results to compare"
                    + " (cells are matched by their swept parameters)");
            return ExitCodes.RUN_FAILURE;
        }
        return ExitCodes.OK;
    }

    private static Path summaryOf(CliContext context, String which, String arg) {
        Path dir = context.resolve(arg);
        Path file = Files.isDirectory(dir) ? dir.resolve(SummaryJson.FILE) : dir;
        if (!Files.isRegularFile(file)) {
            throw new UsageException(which + ": " + dir + " has no " + SummaryJson.FILE
                    + "; give a run folder (for a multi-part run, one of its part folders)");
        }
        return file;
    }

    private static void printTable(PrintStream out, List<String> args, RunSummary a, RunSummary b, RunComparison c) {
        out.println("A: " + args.get(0) + " (" + a.experiment() + ", commit " + a.environment().commit() + ")");
        out.println("B: " + args.get(1) + " (" + b.experiment() + ", commit " + b.environment().commit() + ")");
        MachineInfo ma = a.environment().machine();
        MachineInfo mb = b.environment().machine();
        if (!ma.cpuModel().equals(mb.cpuModel()) || a.environment().cpus() != b.environment().cpus()) {
            out.println("note: A ran on " + ma.cpuModel() + " (" + a.environment().cpus() + " CPUs), B on "
                    + mb.cpuModel() + " (" + b.environment().cpus() + " CPUs): the ratios compare machines too");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"cell", "metric", "A median [95% CI] n", "B median [95% CI] n", "B/A [95% CI]", ""});
        for (RunComparison.Row r : c.rows()) {
            rows.add(new String[] {cell(r.params()), label(r.metric()), summary(r.a()), summary(r.b()),
                String.format(Locale.ROOT, "%.3f [%.3f - %.3f]", r.ratio(), r.ratioInterval().low(), r.ratioInterval().high()),
                r.noDetectableDifference() ? "no detectable difference" : r.ratio() > 1 ? "B higher" : "B lower"});
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(row[i]).append(" ".repeat(width[i] - row[i].length()));
            }
            out.println(sb.toString().stripTrailing());
        }
        c.onlyA().forEach(p -> out.println("only in A: " + cell(p)));
        c.onlyB().forEach(p -> out.println("only in B: " + cell(p)));
    }

    private static void printCsv(PrintStream out, RunComparison c) {
        StringBuilder csv = new StringBuilder();
        SummaryCsv.appendRow(csv, List.of("cell", "metric", "a_median", "a_ci95_low", "a_ci95_high", "a_n", "b_median",
                "b_ci95_low", "b_ci95_high", "b_n", "ratio", "ratio_ci95_low", "ratio_ci95_high", "no_detectable_difference"));
        for (RunComparison.Row r : c.rows()) {
            List<String> row = new ArrayList<>(List.of(cell(r.params()), r.metric().key()));
            row.addAll(csv(r.a()));
            row.addAll(csv(r.b()));
            row.addAll(List.of(SummaryCsv.text(r.ratio()), SummaryCsv.text(r.ratioInterval().low()),
                    SummaryCsv.text(r.ratioInterval().high()), Boolean.toString(r.noDetectableDifference())));
            SummaryCsv.appendRow(csv, row);
        }
        out.print(csv);
    }

    private static List<String> csv(MetricSummary m) {
        return List.of(SummaryCsv.text(m.median()), SummaryCsv.text(m.ci95Low()), SummaryCsv.text(m.ci95High()),
                Integer.toString(m.n()));
    }

    private static String cell(Map<String, Object> params) {
        if (params.isEmpty()) {
            return "(no sweep)";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + SummaryCsv.text(v)));
        return String.join(", ", parts);
    }

    private static String label(CellMetric metric) {
        return switch (metric) {
            case THROUGHPUT -> "throughput (ops/s)";
            case CPU_NS_PER_OP -> "CPU ns/op";
            case LATENCY_P99 -> "p99 latency (ns)";
            default -> metric.key();
        };
    }

    private static String summary(MetricSummary m) {
        return String.format(Locale.ROOT, "%s [%s - %s] %d", number(m.median()), number(m.ci95Low()),
                number(m.ci95High()), m.n());
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
