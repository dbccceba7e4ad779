package org.vdsolab.experiments.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** A subcommand of the CLI ({@code run}, {@code list}, ...). Implementations are stateless. */
interface Command {

    /** The word that selects it. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The argument syntax after the command name, e.g. {@code CONFIG [--set key=value]...}. */
    String syntax();

    /** Its options, {@code --help} included. */
    Options options();

    /** Text after the options in {@code --help}: arguments, examples. */
    String helpFooter();

    /**
     * Whether unrecognised options are passed through as arguments rather than rejected (for
     * {@code bench}, which forwards them to JMH).
     */
    default boolean passesUnknownOptions() {
        return false;
    }

    /**
     * @return the exit status
     * @throws Exception as {@link Main} maps: usage and config errors to 2, everything else to 1
     */
    int execute(CommandLine line, CliContext context) throws Exception;
}
