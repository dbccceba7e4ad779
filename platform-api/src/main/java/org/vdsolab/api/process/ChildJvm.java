package org.vdsolab.api.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM: the same {@code java} binary as this one ({@code java.home}/bin/java), this JVM's
 * class path ({@code java.class.path}) unless told otherwise, a main class, its arguments and
 * optional extra JVM flags. How vdsolab runs a user domain as a genuinely separate address space.
 *
 * <p>Standard output and error go to files: ones the caller names, or temp files that this object
 * owns ("captured") and deletes on {@link #close()}. {@link #awaitExit(Duration)} waits for the
 * exit code; on timeout it kills the child and every descendant and throws
 * {@link ChildJvmException} with the tail of the child's stderr, so a hung child never hangs the
 * parent and its last words are not lost. {@link #close()} kills the tree if it still runs.
 *
 * <p>The child is told this JVM's pid (system property {@value ParentWatch#PARENT_PID_PROPERTY})
 * and its stdin is a pipe whose write end this object holds open until {@link #close()}: a child
 * main that calls {@link ParentWatch#start()} ends itself when this JVM is gone, however it died.
 * Every started child is registered with {@link CleanupRegistry#global()} until it is closed, and
 * so are captured output files, so a runner's clean-up finds them all.
 *
 * <p>While {@link CorePinning} is on, the child is started through {@code taskset -c N} on the
 * next core.
 *
 * <p>Thread-safety: the methods may be called from any thread; {@link #close()} is idempotent.
 */
public final class ChildJvm implements AutoCloseable {

    /** Lines of stderr quoted in failure messages. */
    public static final int TAIL_LINES = 20;
    private static final int TAIL_BYTES = 8192;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final List<Path> ownedFiles;
    private final List<String> command;
    /** The write end of the child's stdin, held open so that its end of file means "parent gone". */
    private final OutputStream stdin;

    private ChildJvm(String name, Process process, Path stdout, Path stderr, List<Path> ownedFiles, List<String> command) {
        this.stdin = process.getOutputStream();
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.ownedFiles = ownedFiles;
        this.command = command;
    }

    /** A builder for a child running {@code mainClass}'s {@code main}. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    /** The path of this JVM's {@code java} launcher. */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The name used in messages (the main class's simple name unless set). */
    public String name() { return name; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    /** The full command line the child was started with. */
    public List<String> command() { return command; }

    public Path stdoutFile() { return stdout; }

    public Path stderrFile() { return stderr; }

    /** Everything the child has written to stdout so far. */
    public String stdout() { return read(stdout); }

    /** Everything the child has written to stderr so far. */
    public String stderr() { return read(stderr); }

    /** The last {@code lines} lines of the child's stderr ("(empty)" if none). */
    public String stderrTail(int lines) { return tail(stderr, lines); }

    /**
     * Waits up to {@code timeout} for the child to exit and returns its exit code.
     *
     * @throws ChildJvmException if it has not exited in time; the child and its descendants are
     *                           killed first, and the message quotes the tail of its stderr
     */
    public int awaitExit(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree();
            throw new ChildJvmException("interrupted while waiting for child JVM '" + name + "' (pid " + pid()
                    + "); it was killed. Last stderr lines:\n" + stderrTail(TAIL_LINES));
        }
        killTree();
        throw new ChildJvmException("child JVM '" + name + "' (pid " + pid() + ") did not exit within "
                + timeout.toMillis() + " ms and was killed with its descendants. Last stderr lines:\n" + stderrTail(TAIL_LINES));
    }

    /**
     * Waits up to {@code timeout} for the child to exit and, unlike {@link #awaitExit(Duration)},
     * leaves it running when it has not: the caller decides how to end it.
     *
     * @return whether the child has exited
     */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(Objects.requireNonNull(timeout, "timeout").toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * As {@link #awaitExit(Duration)}, and also fails when the exit code is not 0.
     *
     * @throws ChildJvmException naming the exit code and quoting the tail of stderr
     */
    public void awaitSuccess(Duration timeout) {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw new ChildJvmException("child JVM '" + name + "' (pid " + pid() + ") exited with code " + code
                    + ". Last stderr lines:\n" + stderrTail(TAIL_LINES));
        }
    }

    /** Kills the child and all its descendants (forcibly) and waits briefly for them to go. */
    public void killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle d : descendants) {
                d.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A descendant that outlives destroyForcibly is beyond our reach; nothing more to do.
        }
    }

    /**
     * Kills the child tree if it still runs, closes the child's stdin, deletes captured output
     * files and forgets the child in {@link CleanupRegistry#global()}.
     */
    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            killTree();
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // the pipe is broken already: the child is gone
        }
        CleanupRegistry.global().forget(this);
        try {
            for (Path f : ownedFiles) {
                Files.deleteIfExists(f);
                CleanupRegistry.global().forget(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete captured output of child JVM '" + name + "'", e);
        }
    }

    /**
     * The exit code of a dead child in words: {@code "was killed by signal 9"} for a signal death
     * (Linux reports 128 + N), {@code "halted itself: its parent was gone"} for
     * {@link ParentWatch#ORPHAN_EXIT_CODE}, else {@code "exited with code N"}.
     */
    public static String describeExit(int code) {
        if (isSignalDeath(code)) {
            return "was killed by signal " + (code - 128);
        }
        if (code == ParentWatch.ORPHAN_EXIT_CODE) {
            return "halted itself: its parent was gone";
        }
        return "exited with code " + code;
    }

    /**
     * True if {@code code} is the exit code of a process ended by a signal: Linux reports a child
     * killed by signal N (1..64) as 128 + N, e.g. 137 for SIGKILL. The one place that decodes it.
     */
    public static boolean isSignalDeath(int code) {
        return code > 128 && code <= 128 + 64;
    }

    @Override
    public String toString() {
        return "child JVM '" + name + "' pid " + pid();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read child JVM output " + file, e);
        }
    }

    static String tail(Path file, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int n = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[n];
            f.seek(length - n);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            if (text.isEmpty()) {
                return "(empty)";
            }
            String[] all = text.split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Collects what the child needs; not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmFlags = new ArrayList<>();
        private String classPath = System.getProperty("java.class.path");
        private String name;
        private Path stdout;
        private Path stderr;
        private Path workingDirectory;

        private Builder(String mainClass) {
            Objects.requireNonNull(mainClass, "mainClass");
            if (mainClass.isBlank()) {
                throw new IllegalArgumentException("child JVM main class must not be blank");
            }
            this.mainClass = mainClass;
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** Program arguments passed to {@code main}, appended. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Builder args(List<String> more) {
            args.addAll(more);
            return this;
        }

        /** JVM flags placed before the main class (e.g. {@code -Xmx256m}, {@code -Dkey=value}), appended. */
        public Builder jvmFlags(String... flags) {
            jvmFlags.addAll(List.of(flags));
            return this;
        }

        /** Class path for the child; defaults to this JVM's {@code java.class.path}. */
        public Builder classPath(String path) {
            this.classPath = Objects.requireNonNull(path, "classPath");
            return this;
        }

        /** Name used in messages; defaults to the main class's simple name. */
        public Builder name(String childName) {
            this.name = Objects.requireNonNull(childName, "name");
            return this;
        }

        /** Sends stdout to this file (created or truncated) instead of a captured temp file. */
        public Builder stdout(Path file) {
            this.stdout = file;
            return this;
        }

        /** Sends stderr to this file (created or truncated) instead of a captured temp file. */
        public Builder stderr(Path file) {
            this.stderr = file;
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /**
         * Starts the child.
         *
         * @throws ChildJvmException if the process cannot be started (message names the command)
         */
        public ChildJvm start() {
            List<String> command = new ArrayList<>(CorePinning.nextPrefix()); // taskset execs: the pid stays the JVM's
            command.add(javaBinary().toString());
            command.add("-D" + ParentWatch.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
            command.addAll(jvmFlags);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            command.addAll(args);
            List<Path> owned = new ArrayList<>();
            Path out = stdout;
            Path err = stderr;
            try {
                if (out == null) {
                    out = Files.createTempFile("vdsolab-child-" + name + "-", ".out");
                    owned.add(out);
                }
                if (err == null) {
                    err = Files.createTempFile("vdsolab-child-" + name + "-", ".err");
                    owned.add(err);
                }
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                if (workingDirectory != null) {
                    pb.directory(workingDirectory.toFile());
                }
                Process p = pb.start();
                // stdin stays open: the child reads nothing from it, and its end of file tells ParentWatch we are gone
                ChildJvm child = new ChildJvm(name, p, out, err, List.copyOf(owned), List.copyOf(command));
                owned.forEach(CleanupRegistry.global()::register);
                CleanupRegistry.global().register(child);
                return child;
            } catch (IOException e) {
                for (Path f : owned) {
                    f.toFile().delete();
                }
                throw new ChildJvmException("cannot start child JVM '" + name + "' with " + javaBinary() + " main class "
                        + mainClass + ": " + e.getMessage(), e);
            }
        }
    }
}
