package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;
import org.vdsolab.experiments.runner.FileErrors;
import org.vdsolab.experiments.runner.TerminalProgress;
import org.vdsolab.experiments.runner.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vdsolab command line, started by ./vdsolab: {@code run}, {@code list}, {@code report},
 * {@code suite}, {@code bench}, each with {@code --help}. Exit status: 0 ok, 1 a run failed
 * (or files could not be written or read: the message names the file and the reason), 2 usage or
 * config error (reported before anything ran, without a stack trace).
 */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final CliContext context;

    public Main(CliContext context) {
        this.context = context;
        for (Command c : new Command[] {new RunCommand(), new ListCommand(), new ReportCommand(), new CompareCommand(),
                new SuiteCommand(), new BenchCommand()}) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status = new Main(new CliContext(System.out, System.err, Path.of(""), TerminalProgress.isTerminal()))
                .execute(args);
        System.out.flush();
        System.err.flush();
        // exit explicitly: a timed-out workload may have left threads running
        System.exit(status);
    }

    /** Runs one command line and returns its exit status; never exits the JVM. */
    public int execute(String[] args) {
        PrintStream err = context.err();
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            printUsage(args.length == 0 ? err : context.out());
            return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'; commands: " + String.join(", ", commands.keySet()));
            err.println("(./vdsolab --help lists them)");
            return ExitCodes.USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            CommandLine line = DefaultParser.builder().setAllowPartialMatching(false)
                    .setStripLeadingAndTrailingQuotes(false).get()
                    .parse(command.options(), rest, command.passesUnknownOptions());
            if (line.hasOption("help")) {
                HelpPrinter.print(command, context.out());
                return ExitCodes.OK;
            }
            return command.execute(line, context);
        } catch (ParseException | UsageException e) {
            err.println("error: " + command.name() + ": " + e.getMessage());
            err.println("(./vdsolab " + command.name() + " --help shows the syntax)");
            return ExitCodes.USAGE;
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("error: " + FileErrors.describe(e));
            return ExitCodes.RUN_FAILURE;
        } catch (UncheckedIOException e) {
            err.println("error: " + FileErrors.describe(e.getCause()));
            return ExitCodes.RUN_FAILURE;
        } catch (Exception e) {
            err.println("internal error in '" + command.name() + "' (a bug; please report it with this trace):");
            e.printStackTrace(err);
            return ExitCodes.RUN_FAILURE;
        } finally {
            context.out().flush();
            err.flush();
        }
    }

    private void printUsage(PrintStream out) {
        out.println("usage: ./vdsolab <command> [options]   (./vdsolab <command> --help for its options)");
        out.println();
        for (Command c : commands.values()) {
            out.printf("  %-7s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("Start with: ./vdsolab run experiments/configs/quickstart.yaml");
        out.flush();
    }
}
