package org.vdsolab.experiments.runner.config;

/**
 * Where a config value came from, so every error can name it: a file and line, or a command-line
 * override such as {@code --set load.rate=100000}. Immutable.
 *
 * @param source the file as the user named it, or the {@code --set} argument
 * @param line   1-based line in {@code source}, or 0 when the source has no lines
 */
public record Origin(String source, int line) {

    /** {@code file:line}, or just the source when it has no line. */
    public String describe() {
        return line > 0 ? source + ":" + line : source;
    }

    @Override
    public String toString() {
        return describe();
    }
}
