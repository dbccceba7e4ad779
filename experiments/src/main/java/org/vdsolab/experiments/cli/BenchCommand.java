package org.vdsolab.experiments.cli;

import org.vdsolab.experiments.runner.AtomicFiles;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.vdsolab.experiments.bench.BenchReport;
import org.vdsolab.experiments.runner.OutputDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

/**
 * {@code bench [--quick] [--no-gc] [--out DIR] [--publish] [--from JSON] [JMH args...]}: runs JMH
 * over the benchmarks compiled into the class path (their list is {@code META-INF/BenchmarkList},
 * written by JMH's annotation processor), with JMH's gc profiler and a JSON result file in
 * {@code out/bench/<timestamp>/jmh.json}, then turns the JSON into the report of
 * {@link BenchReport} (ratios.csv, summary.csv, charts, machine.txt) in the same folder.
 * {@code --publish} also copies the report and the JSON to {@code results/jmh/}; {@code --from}
 * reports an existing JSON file without running anything. Every other argument goes to JMH.
 */
final class BenchCommand implements Command {

    /** JMH settings for {@code --quick}: one fork, one warm-up and two measured iterations of one second. */
    static final List<String> QUICK_ARGS = List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "1s", "-r", "1s");

    /** Where {@code --publish} puts the report, relative to the working directory. */
    static final String PUBLISHED = "results/jmh";

    /** JMH options that only list or explain, and run nothing: passed straight to JMH's own main. */
    private static final Set<String> JMH_INFO = Set.of("-h", "-l", "-lp", "-lprof", "-lrf");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run the JMH benchmarks of the experiments module and report them (any other argument goes to JMH).";
    }

    @Override
    public String syntax() {
        return "[--quick] [--no-gc] [--out DIR] [--publish] [--from JSON] [JMH args...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("q").longOpt("quick").desc("short settings: " + String.join(" ", QUICK_ARGS)).get())
                .addOption(Option.builder().longOpt("no-gc").desc("do not add JMH's gc profiler (-prof gc)").get())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                        .desc("folder for jmh.json and the report (default out/bench/<timestamp>)").get())
                .addOption(Option.builder().longOpt("publish").desc("also copy the report and jmh.json to " + PUBLISHED + "/").get())
                .addOption(Option.builder().longOpt("from").hasArg().argName("JSON")
                        .desc("run nothing: report this JMH JSON result file").get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help (JMH's own: ./vdsolab bench -- -h)").get());
    }

    @Override
    public String helpFooter() {
        return "\nExamples: ./vdsolab bench --quick;  ./vdsolab bench -p queue=vsched,jctools-mpmc 'OneToOne.*';"
                + "  ./vdsolab bench --from out/bench/20260101-120000/jmh.json --publish\n";
    }

    @Override
    public boolean passesUnknownOptions() {
        return true;
    }

    /** The command line split into this command's settings and JMH's arguments. */
    record Settings(boolean quick, boolean gc, String out, boolean publish, String from, List<String> jmhArgs) {

        /**
         * Reads our options wherever they stand: the parser stops at the first JMH option, so ours
         * may also come after it, in the argument list.
         */
        static Settings of(CommandLine line) {
            boolean quick = line.hasOption("quick");
            boolean gc = !line.hasOption("no-gc");
            String out = line.getOptionValue("out");
            boolean publish = line.hasOption("publish");
            String from = line.getOptionValue("from");
            List<String> jmh = new ArrayList<>();
            List<String> rest = line.getArgList();
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                switch (a) {
                    case "--" -> { }
                    case "--quick", "-q" -> quick = true;
                    case "--no-gc" -> gc = false;
                    case "--publish" -> publish = true;
                    case "--out", "--from" -> {
                        if (i + 1 >= rest.size()) {
                            throw new UsageException("" + a + " needs a value");
                        }
                        if (a.equals("--out")) {
                            out = rest.get(++i);
                        } else {
                            from = rest.get(++i);
                        }
                    }
                    default -> jmh.add(a);
                }
            }
            return new Settings(quick, gc, out, publish, from, List.copyOf(jmh));
        }

        /** The arguments JMH gets: quick settings, the gc profiler, the JSON result file, then the user's. */
        List<String> jmhArguments(Path json) {
            List<String> args = new ArrayList<>();
            if (quick) {
                for (int i = 0; i < QUICK_ARGS.size(); i += 2) {
                    if (!jmhArgs.contains(QUICK_ARGS.get(i))) {   // JMH refuses an option given twice: the user's wins
                        args.add(QUICK_ARGS.get(i));
                        args.add(QUICK_ARGS.get(i + 1));
                    }
                }
            }
            if (gc) {
                args.add("-prof");
                args.add("gc");
            }
            if (!jmhArgs.contains("-rf") && !jmhArgs.contains("-rff")) {
                args.addAll(List.of("-rf", "json", "-rff", json.toString()));
            }
            args.addAll(jmhArgs);
            return args;
        }
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws Exception {
        Settings s = Settings.of(line);
        if (s.from() != null) {
            if (!s.jmhArgs().isEmpty()) {
                throw new UsageException("--from reports an existing file and runs nothing; unexpected arguments "
                        + String.join(" ", s.jmhArgs()));
            }
            Path json = context.resolve(s.from());
            if (!Files.isRegularFile(json)) {
                throw new UsageException("--from " + s.from() + ": no such file");
            }
            Path dir = s.out() != null ? context.resolve(s.out()) : json.toAbsolutePath().getParent();
            return report(json, dir, "(reported from " + s.from() + ")", s.publish(), context);
        }
        if (s.jmhArgs().stream().anyMatch(JMH_INFO::contains)) {
            org.openjdk.jmh.Main.main(s.jmhArgs().toArray(String[]::new));
            return ExitCodes.OK;
        }
        int benchmarks = countBenchmarks();
        if (benchmarks == 0) {
            context.err().println("error: this build contains no JMH benchmarks (no META-INF/BenchmarkList entries on the"
                    + " class path); build the experiments module with its benchmarks (package org.vdsolab.experiments.bench)");
            return ExitCodes.RUN_FAILURE;
        }
        Path dir = s.out() != null ? Files.createDirectories(context.resolve(s.out()))
                : OutputDirectory.createFresh(context.resolve("out"), "bench", LocalDateTime.now());
        Path json = dir.resolve("jmh.json");
        List<String> args = s.jmhArguments(json);
        context.out().println("JMH over " + benchmarks + " benchmark" + (benchmarks == 1 ? "" : "s") + ": " + String.join(" ", args));
        context.out().println("output: " + dir);
        context.out().flush();
        Collection<RunResult> results;
        try {
            results = new Runner(new CommandLineOptions(args.toArray(String[]::new))).run();
        } catch (CommandLineOptionException e) {
            throw new UsageException("JMH rejects the arguments: " + e.getMessage() + " (JMH's help: ./vdsolab bench -- -h)");
        }
        if (results.isEmpty()) {
            context.err().println("error: JMH produced no results (no benchmark matched, or every one failed; see above)");
            return ExitCodes.RUN_FAILURE;
        }
        if (!Files.isRegularFile(json)) {
            context.out().println("no report: the JMH arguments chose their own result file or format (-rf/-rff)");
            return ExitCodes.OK;
        }
        return report(json, dir, String.join(" ", args), s.publish(), context);
    }

    private static int report(Path json, Path dir, String settings, boolean publish, CliContext context) throws IOException {
        List<Path> files = BenchReport.write(json, dir, settings);
        context.out().println("report: " + dir.resolve("ratios.csv") + " (+ summary.csv, charts, machine.txt)");
        if (publish) {
            Path target = Files.createDirectories(context.resolve(PUBLISHED));
            for (Path f : files) {
                AtomicFiles.copy(f, target.resolve(f.getFileName().toString()));
            }
            if (!json.toAbsolutePath().normalize().equals(target.resolve("jmh.json").toAbsolutePath().normalize())) {
                AtomicFiles.copy(json, target.resolve("jmh.json"));
            }
            context.out().println("published: " + target);
        }
        return ExitCodes.OK;
    }

    /** Benchmark entries in every META-INF/BenchmarkList on the class path. */
    static int countBenchmarks() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return countBenchmarks(loader == null ? BenchCommand.class.getClassLoader() : loader);
    }

    /** Benchmark entries in every META-INF/BenchmarkList {@code loader} sees. */
    static int countBenchmarks(ClassLoader loader) throws IOException {
        int count = 0;
        Enumeration<URL> lists = loader.getResources("META-INF/BenchmarkList");
        while (lists.hasMoreElements()) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(lists.nextElement().openStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (!l.isBlank() && !l.startsWith("#")) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
