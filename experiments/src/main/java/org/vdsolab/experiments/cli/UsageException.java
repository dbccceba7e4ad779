package org.vdsolab.experiments.cli;

/**
 * The command line is wrong: unknown command or option, missing argument, impossible flag
 * combination. {@link Main} prints the message with a pointer to {@code --help} and exits with
 * {@link ExitCodes#USAGE}.
 */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
