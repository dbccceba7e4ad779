package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.experiments.report.ReportGenerator;
import org.vdsolab.experiments.runner.RunLock;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code report DIR}: redraws a run's charts and index.html from its files, without re-running;
 * for a multi-part run, every part's and then the top-level index.html. Holds the folder's
 * {@link RunLock} while it draws (a run writing there refuses it). Exits with 1 when a file is
 * missing or damaged: a malformed summary.json fails before any chart is touched; a cell's missing
 * or unreadable .hlog is a warning, and every other chart is still drawn.
 */
final class ReportCommand implements Command {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "Redraw a run's charts (PNG, SVG) and index.html from its summary.json, config.yaml and .hlog files.";
    }

    @Override
    public String syntax() {
        return "DIR";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public String helpFooter() {
        return "\nDIR is a run folder, such as out/<experiment>/<timestamp> or results/<experiment>. Edit the\n"
                + "report: block of its config.yaml (series, x) to change which parameter the charts group by.\n"
                + "Exit status 1: a file is missing or damaged (a cell's .hlog: the other charts are still drawn;\n"
                + "a malformed summary.json: nothing is redrawn), or a run is writing DIR.\n";
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws IOException {
        List<String> args = line.getArgList();
        if (args.size() != 1) {
            throw new UsageException(args.isEmpty() ? "report needs a run folder DIR" : "report takes one DIR, got "
                    + args.size() + ": " + String.join(" ", args));
        }
        Path dir = context.resolve(args.getFirst());
        List<String> parts;
        try {
            parts = ReportGenerator.partsOf(dir);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        ReportGenerator.Report report;
        try (RunLock ignored = RunLock.acquire(dir, "./vdsolab report " + args.getFirst(), context.err()::println)) {
            report = ReportGenerator.generate(dir);
        }
        List<Path> written = report.written();
        long charts = written.stream().filter(p -> p.getFileName().toString().endsWith(".png")).count();
        context.out().println("redrew " + charts + " charts" + (parts.isEmpty() ? "" : " in " + parts.size() + " parts")
                + "; report: " + written.getLast());
        if (!report.warnings().isEmpty()) {
            report.warnings().forEach(w -> context.err().println("warning: " + w));
            boolean one = report.warnings().size() == 1;
            context.err().println("error: " + report.warnings().size() + (one ? " file is" : " files are")
                    + " missing or damaged; the report left out what " + (one ? "it holds" : "they hold")
                    + " (listed above and in the page)");
            return ExitCodes.RUN_FAILURE;
        }
        return ExitCodes.OK;
    }
}
