package org.vdsolab.experiments.faults;

import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringKernel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a fault-kill-kernel kernel child JVM: builds a {@link UringKernel} over the
 * region file (creating it, or re-attaching to the one a killed kernel left), with the secret the
 * parent gives (so the credentials the parent's domains hold stay valid across restarts) and the
 * {@code null} device as fd 0, starts its pollers, prints {@code READY <generation>} on stdout and
 * serves until it is killed. If its parent goes away it closes the kernel and exits 0; a failure is
 * printed to stderr and exits 1.
 *
 * <p>Arguments: {@code create|reattach REGION_FILE SECRET_HEX key=value...}.
 */
public final class KernelChild {

    private KernelChild() { }

    public static void main(String[] args) {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("fault-kill-kernel kernel child " + String.join(" ", Arrays.asList(args).subList(0, Math.min(2, args.length)))
                    + " failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: KernelChild create|reattach REGION_FILE SECRET_HEX key=value...");
        }
        Path file = Path.of(args[1]);
        long secret = UringCredentials.parse("SECRET_HEX", args[2]);
        KillKernelParams p = KillKernelParams.fromArgs(List.of(args).subList(3, args.length));
        UringKernel.Builder b = UringKernel.builder(p.spec()).secret(secret);
        switch (args[0]) {
            case "create" -> b.regionFile(file);
            case "reattach" -> b.reattach(file);
            default -> throw new IllegalArgumentException("mode must be create or reattach, got '" + args[0] + "'");
        }
        if (p.serviceNanos() == 0) {
            b.device("null", UringFaultRing.device("null", java.util.Map.of(), 1));
        } else {
            // Enough parallel units that the device is never the bottleneck: every request in flight
            // is being served, so a kill takes up to domains x depth of them with it.
            b.device("fixed", UringFaultRing.device("fixed", java.util.Map.of("service_ns", Long.toString(p.serviceNanos()),
                    "units", Integer.toString(p.domains() * p.depth())), 1));
        }
        try (UringKernel kernel = b.build().startPollers()) {
            System.out.println("READY " + kernel.generation());
            System.out.flush();
            ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            long reported = 0;
            while (parent == null || parent.isAlive()) {
                // The slots this kernel's sweeps took back from dead parties (the first sweep, at
                // re-attach, takes what the killed kernel held): told to the parent as they grow,
                // because this process ends by SIGKILL, with no chance to report at exit.
                long recovered = kernel.recoveredSlots();
                if (recovered != reported) {
                    System.out.println("RECOVERED " + recovered);
                    System.out.flush();
                    reported = recovered;
                }
                Thread.sleep(20);
            }
        }
    }
}
