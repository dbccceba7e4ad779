package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.experiments.runner.OutputDirectory;
import org.vdsolab.experiments.runner.PlanOutcome;
import org.vdsolab.experiments.runner.RunFolder;
import org.vdsolab.experiments.runner.config.ConfigException;
import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.config.ExperimentPart;
import org.vdsolab.experiments.runner.config.ExperimentPlan;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code run CONFIG [--set key=value]... [--out DIR] [--quick]}: runs one experiment, single-workload or multi-part. */
final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "Run an experiment config: every cell of its sweep, then its charts and index.html.";
    }

    @Override
    public String syntax() {
        return "CONFIG [--set key=value]... [--out DIR] [--quick] [--dry-run]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("s").longOpt("set").hasArg().argName("key=value")
                        .desc("override a config key (repeatable); dotted for nested keys: --set load.rate=100000,"
                                + " --set run.repetitions=1; a list sweeps: --set queue=[vsched,disruptor]").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("write the run here instead of out/<experiment>/<timestamp>/").get())
                .addOption(Option.builder("q").longOpt("quick")
                        .desc("smoke run: apply the config's quick: block (or the default shrink: 1 repetition,"
                                + " no warm-up, durations capped at 1 s, numeric sweeps cut to first and last)").get())
                .addOption(Option.builder("n").longOpt("dry-run")
                        .desc("check the config and list its cells, then stop without running").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public String helpFooter() {
        return """

                CONFIG is an experiment file (schema: experiments/configs/README.md). Every key, the
                command-line overrides included, is checked before anything runs; an error names the
                file, the key and what is allowed, and exits with status 2, as does a config that lives
                in the --out folder under a name the run writes (config.yaml). Exit status 1 means a cell
                failed (its error is in summary.json and the report), a file could not be written (the
                error names it and the reason), or another run is writing the --out folder (the error
                names its pid); 0 means every cell ran.
                Examples:
                  ./vdsolab run experiments/configs/quickstart.yaml
                  ./vdsolab run experiments/configs/quickstart.yaml --quick --set 'queue=[vsched,disruptor]'
                """;
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws Exception {
        List<String> args = line.getArgList();
        if (args.size() != 1) {
            throw new UsageException(args.isEmpty() ? "run needs a CONFIG file" : "run takes one CONFIG file, got "
                    + args.size() + ": " + String.join(" ", args));
        }
        List<String> sets = line.hasOption("set") ? Arrays.asList(line.getOptionValues("set")) : List.of();
        boolean quick = line.hasOption("quick");
        Path config = context.resolve(args.getFirst());
        ExperimentPlan plan = new ExperimentLoader().loadPlan(config, sets, quick);
        if (line.hasOption("dry-run")) {
            printCells(plan, context);
            return ExitCodes.OK;
        }
        Path directory = line.hasOption("out") ? context.resolve(line.getOptionValue("out"))
                : OutputDirectory.createFresh(context.resolve("out"), plan.name(), LocalDateTime.now());
        List<String> parts = plan.multiPart() ? plan.parts().stream().map(ExperimentPart::name).toList() : List.of();
        Optional<Path> clash = RunFolder.wouldOverwrite(directory, parts, config);
        if (clash.isPresent()) {
            throw new ConfigException(config + ": this config is " + clash.get() + ", a file the run writes in its output"
                    + " folder " + directory + ", so the run would overwrite it; nothing ran. Copy the config out of the"
                    + " folder and run the copy, or choose another --out");
        }
        StringBuilder invocation = new StringBuilder("./vdsolab run ").append(args.getFirst());
        if (quick) {
            invocation.append(" --quick");
        }
        sets.forEach(s -> invocation.append(" --set ").append(s));
        PlanOutcome outcome = RunSession.runAndReport(plan, directory, invocation.toString(), context);
        return outcome.succeeded() ? ExitCodes.OK : ExitCodes.RUN_FAILURE;
    }

    private static void printCells(ExperimentPlan plan, CliContext context) {
        if (!plan.multiPart()) {
            printCells(plan.only(), "", context);
            return;
        }
        context.out().println(plan.name() + ": valid; " + plan.parts().size() + " parts, " + plan.cellCount() + " cells in all");
        for (ExperimentPart p : plan.parts()) {
            context.out().print("  part " + p.name() + ": ");
            printCells(p.experiment(), "  ", context);
        }
    }

    private static void printCells(Experiment e, String indent, CliContext context) {
        context.out().println(e.name() + ": valid; " + e.cells().size() + " cell" + (e.cells().size() == 1 ? "" : "s") + " x ("
                + e.run().warmup() + " warm-up + " + e.run().repetitions() + " measured) repetitions of workload '"
                + e.workload().name() + "'");
        for (Cell c : e.cells()) {
            context.out().println(indent + "  cell " + c.index() + ": " + c.params());
        }
    }
}
