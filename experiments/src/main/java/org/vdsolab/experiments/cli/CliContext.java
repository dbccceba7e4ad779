package org.vdsolab.experiments.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command runs with: its output streams, the folder relative paths are resolved against
 * (the repository root when started by ./vdsolab) and whether stdout is a terminal (progress
 * lines only then). Immutable.
 *
 * @param out      results and help
 * @param err      errors and warnings
 * @param workDir  base of relative paths; {@code Path.of("")} keeps them relative in messages
 * @param terminal whether to draw progress lines
 */
public record CliContext(PrintStream out, PrintStream err, Path workDir, boolean terminal) {

    /** {@code path} resolved against {@link #workDir()} (an absolute path stays as it is). */
    public Path resolve(String path) {
        return workDir.resolve(path);
    }
}
