package org.vdsolab.experiments.runner.results;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * CPU time and context switches of this JVM and of every child process it started that has
 * exited and been reaped, from {@code getrusage(2)} ({@code RUSAGE_SELF} plus
 * {@code RUSAGE_CHILDREN}) through the FFM API. The difference of two snapshots is what the
 * work between them cost on every core, whatever else runs on the machine: the cost per operation
 * that survives oversubscription, where wall-clock throughput does not. A snapshot is a value;
 * {@link #now} is thread-safe.
 *
 * @param cpuNanos            user plus system CPU time, nanoseconds (microsecond resolution)
 * @param voluntarySwitches   context switches because a thread blocked or yielded
 * @param involuntarySwitches context switches because the scheduler preempted a thread
 * @param wallNanos           {@link System#nanoTime} at the snapshot (a difference: wall time)
 */
public record ResourceUsage(long cpuNanos, long voluntarySwitches, long involuntarySwitches, long wallNanos) {

    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_CHILDREN = -1;
    /** struct rusage on 64-bit Linux: two struct timeval (16 bytes each), then 14 longs. */
    private static final long SIZE = 144;
    private static final long UTIME = 0;
    private static final long STIME = 16;
    private static final long NVCSW = 128;
    private static final long NIVCSW = 136;

    private static final MethodHandle GETRUSAGE = lookup();

    private static MethodHandle lookup() {
        String arch = System.getProperty("os.arch", "");
        boolean linux64 = System.getProperty("os.name", "").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"));
        if (!linux64) {
            return null; // the struct layout above is 64-bit Linux's
        }
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("getrusage").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))).orElse(null);
    }

    /** Whether this platform exposes the counters (64-bit Linux). */
    public static boolean available() {
        return GETRUSAGE != null;
    }

    /** This JVM's and its reaped children's usage so far, or empty where getrusage is not available. */
    public static Optional<ResourceUsage> now() {
        return read(RUSAGE_SELF, RUSAGE_CHILDREN);
    }

    /** The usage of this JVM's child processes that have exited and been reaped, so far. */
    public static Optional<ResourceUsage> children() {
        return read(RUSAGE_CHILDREN);
    }

    /** The sum of getrusage over {@code whos}. */
    private static Optional<ResourceUsage> read(int... whos) {
        if (GETRUSAGE == null) {
            return Optional.empty();
        }
        long wall = System.nanoTime();
        long cpu = 0;
        long voluntary = 0;
        long involuntary = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment usage = arena.allocate(SIZE, 8);
            for (int who : whos) {
                if ((int) GETRUSAGE.invokeExact(who, usage) != 0) {
                    return Optional.empty();
                }
                cpu += timeval(usage, UTIME) + timeval(usage, STIME);
                voluntary += usage.get(ValueLayout.JAVA_LONG, NVCSW);
                involuntary += usage.get(ValueLayout.JAVA_LONG, NIVCSW);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("getrusage failed: " + e, e);
        }
        return Optional.of(new ResourceUsage(cpu, voluntary, involuntary, wall));
    }

    private static long timeval(MemorySegment usage, long offset) {
        return usage.get(ValueLayout.JAVA_LONG, offset) * 1_000_000_000L + usage.get(ValueLayout.JAVA_LONG, offset + 8) * 1_000L;
    }

    /** What happened between {@code earlier} and this snapshot. */
    public ResourceUsage since(ResourceUsage earlier) {
        return new ResourceUsage(cpuNanos - earlier.cpuNanos, voluntarySwitches - earlier.voluntarySwitches,
                involuntarySwitches - earlier.involuntarySwitches, wallNanos - earlier.wallNanos);
    }

    /** For a difference of snapshots: CPU time over wall time, the cores kept busy on average. */
    public double busyCores() {
        return wallNanos <= 0 ? 0 : cpuNanos / (double) wallNanos;
    }
}
