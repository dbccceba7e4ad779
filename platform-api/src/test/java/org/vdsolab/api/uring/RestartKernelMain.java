package org.vdsolab.api.uring;

import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only kernel process for {@link RestartKernelChildJvmTest}: runs the {@link RestartRing}
 * kernel over a region file, creating it ({@code create}) or taking over a dead kernel's
 * ({@code reattach}), prints {@code READY <generation>}, then watches two marker files next to the
 * region: {@code <region>.halt} stops its pollers without draining (a kernel frozen at a chosen
 * step, waiting for its SIGKILL: prints {@code HALTED} and idles), {@code <region>.stop} closes it
 * cleanly (prints {@code STOPPED}, exit 0). Gives up after two minutes (exit 3) so that no test
 * leaves it running.
 */
public final class RestartKernelMain {
    private RestartKernelMain() { }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("create") || args[1].equals("reattach"))) {
            System.err.println("usage: RestartKernelMain <region file> create|reattach");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path halt = marker(file, "halt");
        Path stop = marker(file, "stop");
        UringKernel kernel = RestartRing.kernel(new LockedDequeProvider(), file, args[1].equals("reattach"),
                new TestDevice(64 * RestartLedger.LEN, RestartRing.LATENCY_NANOS)).startPollers();
        System.out.println("READY " + kernel.generation());
        System.out.flush();
        // Runs until the test stops or kills it; if the test JVM itself dies, so does this kernel.
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        boolean halted = false;
        long nextStats = System.nanoTime();
        while (parent.isAlive()) {
            if (System.nanoTime() - nextStats > 0) {
                nextStats += 500_000_000L;
                StringBuilder line = new StringBuilder("STATS");
                for (UringControl.Counter c : UringControl.Counter.values()) {
                    line.append(' ').append(c.name().toLowerCase()).append('=').append(kernel.total(c));
                }
                System.out.println(line);
                System.out.flush();
            }
            if (!halted && Files.exists(halt)) {
                kernel.haltPollers();
                halted = true;
                System.out.println("HALTED");
                System.out.flush();
            }
            if (!halted && Files.exists(stop)) {
                kernel.close();
                System.out.println("STOPPED");
                System.out.flush();
                return;
            }
            Thread.sleep(1);
        }
        System.err.println("RestartKernelMain: the test JVM that started this kernel is gone");
        System.exit(3);
    }

    static Path marker(Path region, String what) {
        return region.resolveSibling(region.getFileName() + "." + what);
    }
}
