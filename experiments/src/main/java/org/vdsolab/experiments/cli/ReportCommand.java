package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.experiments.report.ReportGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code report DIR}: redraws a run's charts and index.html from its files, without re-running;
 * for a multi-part run, every part's and then the top-level index.html.
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
                + "report: block of its config.yaml (series, x) to change which parameter the charts group by.\n";
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
        List<Path> written = ReportGenerator.generate(dir);
        long charts = written.stream().filter(p -> p.getFileName().toString().endsWith(".png")).count();
        context.out().println("redrew " + charts + " charts" + (parts.isEmpty() ? "" : " in " + parts.size() + " parts")
                + "; report: " + written.getLast());
        return ExitCodes.OK;
    }
}
