package org.vdsolab.api.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places child JVMs on CPU cores with {@code taskset}: while pinning is on, each
 * {@link ChildJvm} started gets the next core, round robin over the cores this JVM may use
 * (producers and consumers in the order a workload starts them), so that two busy parties do not
 * share a core while another idles and the scheduler does not move them mid-run. Off by default;
 * where {@code taskset} is not installed, pinning cannot be turned on and says so.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class CorePinning {

    private static final List<Path> TASKSET = List.of(Path.of("/usr/bin/taskset"), Path.of("/bin/taskset"));
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static volatile boolean on;

    private CorePinning() { }

    /** The {@code taskset} binary, if installed. */
    public static Optional<Path> taskset() {
        return TASKSET.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Turns pinning on or off; the next child gets core 0.
     *
     * @return whether pinning is now on: false when asked for it and {@code taskset} is missing
     */
    public static boolean set(boolean pin) {
        NEXT.set(0);
        on = pin && taskset().isPresent();
        return on;
    }

    /** Starts the round robin again at core 0 (at the start of each repetition). */
    public static void restart() {
        NEXT.set(0);
    }

    public static boolean isOn() {
        return on;
    }

    /** The command prefix for the next child ({@code taskset -c N}), or empty when pinning is off. */
    static List<String> nextPrefix() {
        if (!on) {
            return List.of();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int core = Math.floorMod(NEXT.getAndIncrement(), cores);
        return List.of(taskset().map(Path::toString).orElse("taskset"), "-c", Integer.toString(core));
    }
}
