package org.vdsolab.api.liveness;

import java.util.Optional;

/**
 * Whether an operating-system process is still the one that was registered: alive, and started at
 * the recorded instant (so a recycled pid is not mistaken for the original process). Allocates
 * (it asks {@link ProcessHandle}); for recovery sweeps, not hot paths.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProcessLiveness {

    private ProcessLiveness() { }

    /** This JVM's pid. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /** This JVM's start time in epoch milliseconds as {@link #startMillis(long)} reports it. */
    public static long currentStartMillis() {
        return startMillis(ProcessHandle.current());
    }

    /** The start time of process {@code pid} in epoch milliseconds, or 0 if unknown or gone. */
    public static long startMillis(long pid) {
        return ProcessHandle.of(pid).map(ProcessLiveness::startMillis).orElse(0L);
    }

    private static long startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * True if process {@code pid} runs and, when {@code startMillis} is nonzero, started then.
     * A process that exited but has not been reaped yet (a zombie) counts as gone.
     */
    public static boolean isAlive(long pid, long startMillis) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis == 0) {
            return true;
        }
        long started = startMillis(handle.get());
        return started == 0 || started == startMillis;
    }
}
