package org.vdsolab.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One CLI invocation in a test: {@link Main} run in {@code work} with captured output, no terminal.
 *
 * @param status the exit status
 * @param out    what it printed on stdout
 * @param err    what it printed on stderr
 */
record CliRun(int status, String out, String err) {

    static CliRun of(Path work, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = new Main(new CliContext(new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), work, false)).execute(args);
        return new CliRun(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
