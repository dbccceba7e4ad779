package org.vdsolab.experiments.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds this JVM's descendant processes by their command line, read in full from
 * {@code /proc/<pid>/cmdline}. {@code ProcessHandle.Info.commandLine()} is not enough: the JDK reads
 * only the first page of that file, and a child JVM's test class path pushes the main class and its
 * arguments past it, so the marker a test looks for is cut off.
 *
 * <p>Thread-safety: stateless; safe from any thread. Linux only (as are the tests that use it).
 */
public final class ChildProcesses {

    private ChildProcesses() { }

    /** A live descendant whose command line (arguments joined by spaces) contains {@code marker}. */
    public static Optional<ProcessHandle> descendant(String marker) {
        return ProcessHandle.current().descendants().filter(h -> commandLine(h).contains(marker)).findFirst();
    }

    /** The process's whole command line, arguments joined by spaces; empty once it has exited. */
    public static String commandLine(ProcessHandle h) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // it has exited
        }
    }
}
