package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.vdsolab.experiments.report.SuiteIndexPage;
import org.vdsolab.experiments.runner.OutputDirectory;
import org.vdsolab.experiments.runner.RunFolder;
import org.vdsolab.experiments.runner.RunLock;
import org.vdsolab.experiments.runner.PlanOutcome;
import org.vdsolab.experiments.runner.config.ConfigException;
import org.vdsolab.experiments.runner.config.ExperimentLoader;
import org.vdsolab.experiments.runner.config.ExperimentPart;
import org.vdsolab.experiments.runner.config.ExperimentPlan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code suite [--quick] [--publish] | --index}: runs every config of experiments/configs/suite/ in name
 * order, after validating all of them; {@code --publish} then replaces each experiment's folder
 * under results/ with the new run (a multi-part run with its part sub-folders) and rewrites
 * results/index.html, listing every experiment published there, rerun or not. {@code --index}
 * runs nothing and only rewrites results/index.html (after an edit of results/README.md, which
 * the index shows). Each run holds its folder's {@link RunLock}, and publishing holds results/'s.
 */
final class SuiteCommand implements Command {

    static final String DEFAULT_CONFIGS = "experiments/configs/suite";
    static final String DEFAULT_RESULTS = "results";

    @Override
    public String name() {
        return "suite";
    }

    @Override
    public String summary() {
        return "Run the standard suite: every config in " + DEFAULT_CONFIGS + "/; --publish refreshes "
                + DEFAULT_RESULTS + "/.";
    }

    @Override
    public String syntax() {
        return "[--quick] [--publish] | --index";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("p").longOpt("publish")
                        .desc("copy each run into " + DEFAULT_RESULTS + "/<experiment>/ (replacing the earlier one) and"
                                + " rewrite " + DEFAULT_RESULTS + "/index.html").get())
                .addOption(Option.builder("q").longOpt("quick").desc("run each config with --quick (not with --publish)").get())
                .addOption(Option.builder().longOpt("index").desc("run nothing: rewrite " + DEFAULT_RESULTS
                        + "/index.html from the published folders and " + DEFAULT_RESULTS + "/README.md").get())
                .addOption(Option.builder().longOpt("configs").hasArg().argName("DIR")
                        .desc("the suite's configs (default " + DEFAULT_CONFIGS + ")").get())
                .addOption(Option.builder().longOpt("results").hasArg().argName("DIR")
                        .desc("where --publish writes (default " + DEFAULT_RESULTS + ")").get())
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("base folder of the runs (default out): each goes to DIR/<experiment>/<timestamp>/").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help").get());
    }

    @Override
    public String helpFooter() {
        return "\nEvery config is validated before the first one runs. Published results must come from full\n"
                + "runs, so --publish and --quick do not go together.\n";
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws IOException {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("suite takes no arguments, got: " + String.join(" ", line.getArgList()));
        }
        boolean quick = line.hasOption("quick");
        boolean publish = line.hasOption("publish");
        if (quick && publish) {
            throw new UsageException("--publish publishes full runs; drop --quick to publish, or --publish to smoke-test");
        }
        if (line.hasOption("index")) {
            if (quick || publish) {
                throw new UsageException("--index runs nothing; give it alone (with --results DIR at most)");
            }
            Path results = context.resolve(line.getOptionValue("results", DEFAULT_RESULTS));
            try (RunLock ignored = RunLock.acquire(results, "./vdsolab suite --index", context.err()::println)) {
                context.out().println("index: " + SuiteIndexPage.write(results));
            }
            return ExitCodes.OK;
        }
        Path configs = context.resolve(line.getOptionValue("configs", DEFAULT_CONFIGS));
        List<Path> files = configFiles(configs);
        List<ExperimentPlan> experiments = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ExperimentLoader loader = new ExperimentLoader();
        for (Path f : files) {
            try {
                experiments.add(loader.loadPlan(f, List.of(), quick));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.size() + " of " + files.size() + " suite configs are not valid:\n  "
                    + String.join("\n  ", problems));
        }
        Path outBase = context.resolve(line.getOptionValue("out", "out"));
        List<PlanOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i++) {
            ExperimentPlan e = experiments.get(i);
            context.out().println("[" + (i + 1) + "/" + experiments.size() + "] " + files.get(i));
            Path dir = OutputDirectory.createFresh(outBase, e.name(), LocalDateTime.now());
            outcomes.add(RunSession.runAndReport(e, dir, "./vdsolab suite" + (quick ? " --quick" : "") + " ("
                    + files.get(i) + ")", context));
        }
        if (publish) {
            Path results = context.resolve(line.getOptionValue("results", DEFAULT_RESULTS));
            try (RunLock ignored = RunLock.acquire(results, "./vdsolab suite --publish", context.err()::println)) {
                for (PlanOutcome o : outcomes) {
                    Path target = results.resolve(o.plan().name());
                    List<String> parts = o.plan().multiPart()
                            ? o.plan().parts().stream().map(ExperimentPart::name).toList() : List.of();
                    RunFolder.clean(target, parts);
                    RunFolder.copy(o.directory(), target, parts);
                }
                Path index = SuiteIndexPage.write(results);
                context.out().println("published " + outcomes.size() + " runs; index: " + index);
            }
        }
        long failed = outcomes.stream().filter(o -> !o.succeeded()).count();
        if (failed > 0) {
            context.err().println("error: " + failed + " of " + outcomes.size() + " experiments had failed cells");
            return ExitCodes.RUN_FAILURE;
        }
        return ExitCodes.OK;
    }

    private static List<Path> configFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no suite folder " + dir + "; run from the repository root or pass --configs DIR");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            s.forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new UsageException("no *.yaml config in " + dir);
        }
        files.sort(null);
        return files;
    }
}
