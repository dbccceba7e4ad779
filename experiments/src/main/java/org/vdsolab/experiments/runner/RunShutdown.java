package org.vdsolab.experiments.runner;

import org.vdsolab.api.process.CleanupRegistry;
import org.vdsolab.experiments.runner.results.RunSummary;
import org.vdsolab.experiments.runner.results.SummaryCsv;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What happens when the runner's JVM is told to stop (SIGINT, SIGTERM, or {@code System.exit}
 * while a run is going): the shutdown hook {@link #install}ed here first stops the runner from
 * writing its folder, then ends every live child JVM (SIGTERM, SIGKILL after the grace it was
 * installed with: {@link #SHUTDOWN_GRACE} in the runner, {@link #GRACE} in a forked repetition) and
 * deletes every region file and temp file of {@link CleanupRegistry#global()}, then, if a run was
 * under way, rewrites its {@code summary.json} and {@code summary.csv} with
 * {@code "complete": false} and the cells finished so far, and redraws its report so that
 * {@code index.html} says the run is incomplete.
 *
 * <p>The runner reports its progress through {@link #record}: the folder and summary of the run
 * under way, and writes its summary files only through it, so that a file written while the hook
 * runs cannot replace the incomplete one. A run whose cells all finished is left as it is.
 *
 * <p>Thread-safety: all methods may be called from any thread; the run state and the writes are
 * guarded by one lock, which the hook takes too.
 */
public final class RunShutdown {

    /** How long children that run a workload's parties have after SIGTERM before they get SIGKILL. */
    public static final Duration GRACE = Duration.ofMillis(500);
    /**
     * How long the runner's children have after SIGTERM before SIGKILL: a forked repetition's JVM
     * first ends its own children (up to {@link #GRACE}) and then removes its region files, so it
     * gets a second more than they do.
     */
    public static final Duration SHUTDOWN_GRACE = GRACE.plusSeconds(1);

    /** Draws a run folder's report (charts and index.html) from its files. */
    @FunctionalInterface
    public interface ReportWriter {
        void write(Path directory) throws IOException;
    }

    /** An action on the run folder that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface FolderWrite {
        void run() throws IOException;
    }

    private static final RunShutdown GLOBAL = new RunShutdown();

    private final Object lock = new Object();
    private boolean installed;
    private boolean stopping;
    private Path directory;
    private RunSummary summary;
    private List<String> sweptKeys = List.of();
    private boolean finished = true;
    private ReportWriter report;
    private PrintStream err = System.err;
    private Duration grace = SHUTDOWN_GRACE;

    private RunShutdown() { }

    /** The one instance of this JVM. */
    public static RunShutdown global() {
        return GLOBAL;
    }

    /**
     * Installs the shutdown hook (once; later calls only replace {@code report} and {@code err}).
     *
     * @param report draws the report of an interrupted run's folder, or null for none
     * @param err    where the hook says what it did
     */
    public void install(ReportWriter report, PrintStream err) {
        install(report, err, SHUTDOWN_GRACE);
    }

    /**
     * As {@link #install(ReportWriter, PrintStream)}, with the grace the hook gives children
     * between SIGTERM and SIGKILL.
     */
    public void install(ReportWriter report, PrintStream err, Duration childGrace) {
        synchronized (lock) {
            this.report = report;
            this.err = err;
            this.grace = childGrace;
            if (installed) {
                return;
            }
            installed = true;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("vdsolab-run-shutdown").unstarted(this::onShutdown));
    }

    /** True once the hook has begun: the runner should start nothing new. */
    public boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * Records the state of the run in {@code directory} and, unless the JVM is stopping, performs
     * {@code write} (the runner's summary files, or its report) under the lock.
     *
     * @param summary  the cells finished so far
     * @param finished true when every cell has been run
     * @param write    what to write now, or null
     * @return false when the JVM is stopping and nothing was written
     */
    public boolean record(Path directory, RunSummary summary, List<String> sweptKeys, boolean finished, FolderWrite write)
            throws IOException {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            this.directory = directory;
            this.summary = summary;
            this.sweptKeys = List.copyOf(sweptKeys);
            this.finished = finished;
            if (write != null) {
                write.run();
            }
            return true;
        }
    }

    /** Performs {@code write} under the lock unless the JVM is stopping; false if it did not. */
    public boolean unlessStopping(FolderWrite write) throws IOException {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            write.run();
            return true;
        }
    }

    private void onShutdown() {
        Path dir;
        RunSummary cut;
        List<String> keys;
        boolean done;
        ReportWriter drawer;
        PrintStream out;
        Duration childGrace;
        synchronized (lock) {
            stopping = true;
            dir = directory;
            cut = summary;
            keys = sweptKeys;
            done = finished;
            drawer = report;
            out = err;
            childGrace = grace;
        }
        CleanupRegistry.Report cleaned = CleanupRegistry.global().shutDown(childGrace);
        if (!cleaned.killed().isEmpty() || !cleaned.deleted().isEmpty()) {
            out.println("vdsolab: stopping: killed " + cleaned.killed().size() + " child JVM(s), deleted "
                    + cleaned.deleted().size() + " region and temp file(s)");
        }
        cleaned.problems().forEach(p -> out.println("vdsolab: clean-up: " + p));
        if (dir == null || cut == null || done) {
            out.flush();
            return;
        }
        synchronized (lock) {
            try {
                RunSummary incomplete = cut.incomplete();
                SummaryJson.write(incomplete, dir.resolve(SummaryJson.FILE));
                SummaryCsv.write(incomplete, keys, dir.resolve(SummaryCsv.FILE));
                if (drawer != null) {
                    drawer.write(dir);
                }
                out.println("vdsolab: interrupted: " + dir + " is marked incomplete after " + cut.cells().size() + " cell(s)");
            } catch (IOException | RuntimeException e) {
                out.println("vdsolab: interrupted, and could not mark " + dir + " incomplete: " + e);
            }
        }
        out.flush();
    }
}
