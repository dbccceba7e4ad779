package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * {@code bench [--quick] [JMH args...]}: runs JMH ({@code org.openjdk.jmh.Main}) over the
 * benchmarks compiled into the class path (their list is {@code META-INF/BenchmarkList}, written by
 * JMH's annotation processor). Says so and fails when there are none.
 */
final class BenchCommand implements Command {

    /** JMH settings for {@code --quick}: one fork, one short warm-up and one short measurement. */
    static final List<String> QUICK_ARGS = List.of("-f", "1", "-wi", "1", "-i", "1", "-w", "1s", "-r", "1s");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run the JMH benchmarks of the experiments module (any other argument goes to JMH).";
    }

    @Override
    public String syntax() {
        return "[--quick] [JMH args...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("q").longOpt("quick").desc("short smoke settings: " + String.join(" ", QUICK_ARGS)).get())
                .addOption(Option.builder("h").longOpt("help").desc("show this help (JMH's own: ./vdsolab bench -- -h)").get());
    }

    @Override
    public String helpFooter() {
        return "\nExamples: ./vdsolab bench --quick;  ./vdsolab bench -prof gc 'Spsc.*'\n";
    }

    @Override
    public boolean passesUnknownOptions() {
        return true;
    }

    @Override
    public int execute(CommandLine line, CliContext context) throws Exception {
        int benchmarks = countBenchmarks();
        if (benchmarks == 0) {
            context.err().println("error: this build contains no JMH benchmarks (no META-INF/BenchmarkList entries on the"
                    + " class path); the benchmark suite comes with issue 8");
            return ExitCodes.RUN_FAILURE;
        }
        List<String> args = new ArrayList<>();
        if (line.hasOption("quick")) {
            args.addAll(QUICK_ARGS);
        }
        for (String a : line.getArgList()) {
            if (!a.equals("--")) {
                args.add(a);
            }
        }
        context.out().println("JMH over " + benchmarks + " benchmark" + (benchmarks == 1 ? "" : "s") + ": "
                + String.join(" ", args));
        context.out().flush();
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
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
