package org.vdsolab.experiments.faults;

import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.Pacer;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fault-kill-kernel}: the io_uring kernel runs in a child JVM ({@link KernelChild})
 * over a region file; the user domains are threads of this JVM ({@link RestartTolerantDomain}),
 * attached by path with credentials derived from a secret only the parent and its kernels know.
 * The parent SIGKILLs the kernel {@code kills} times at seeded random moments and each time starts
 * a new kernel child that re-attaches to the region ({@code UringKernel.Builder.reattach}), finds
 * the queues consistent and serves on. The domains see an error (a request the dead kernel took is
 * failed after {@code fail_after_ms}) or a delay, never a lost, duplicated or corrupted completion.
 *
 * <p>Counters: {@code records} (requests completed), {@code lost} (submitted, neither completed
 * nor failed: must be 0), {@code duplicated}, {@code misrouted}, {@code errors_returned} (requests
 * failed after a kernel death), {@code late_dropped} (answers to already failed requests, dropped),
 * {@code kernel_restarts}, {@code max_stall_ms} (the longest time no domain got any answer),
 * {@code wedged}, {@code unplanned_deaths} (kernels killed from outside after the first one was
 * ready: each is noted with its signal and replaced by a re-attaching kernel, as a planned kill
 * is; {@code kernel_restarts} counts only the planned kills). A first kernel that dies before it
 * is ready still fails the repetition: there is no region to re-attach to yet. Stateless and
 * thread-safe; the region file is deleted and every child killed.
 */
public final class KillKernelWorkload implements WorkloadProvider {

    private static final long READY_TIMEOUT_NANOS = 120_000_000_000L;

    @Override public String name() { return KillKernelParams.WORKLOAD; }

    @Override public String description() {
        return "the io_uring kernel child JVM SIGKILLed and re-attached while user domains submit; counts lost, duplicated, "
                + "errors_returned, kernel_restarts, max_stall_ms";
    }

    @Override public Map<String, String> parameters() { return KillKernelParams.describe(); }

    @Override public void validate(Map<String, String> params) { KillKernelParams.parse(params); }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        KillKernelParams p = KillKernelParams.parse(context.params());
        Path file = UringFaultRing.regionFile(KillKernelParams.WORKLOAD);
        long secret = UringCredentials.randomSecret();
        List<ChildJvm> kernels = new ArrayList<>();
        List<UringUser> users = new ArrayList<>();
        DomainThreads threads = new DomainThreads();
        try {
            ChildJvm kernel = startKernel(p, file, secret, "create", kernels);
            awaitReady(p, kernel, kernels.size());
            List<RestartTolerantDomain> domains = new ArrayList<>();
            long start = System.nanoTime() + 20_000_000L;
            for (int d = 0; d < p.domains(); d++) {
                UringUser u = UringUser.attach(file, p.spec(), d, UringCredentials.derive(secret, d));
                users.add(u);
                LatencyRecorder[] recorder = new LatencyRecorder[1];
                RestartTolerantDomain domain = new RestartTolerantDomain(u, p.records(), p.depth(), p.failAfterMillis() * 1_000_000L,
                        p.idleTimeoutMillis() * 1_000_000L, nanos -> recorder[0].record(nanos));
                domains.add(domain);
                threads.add(KillKernelParams.WORKLOAD + "-domain-" + d, () -> {
                    recorder[0] = context.latencyRecorder();
                    Pacer.awaitUntil(start);
                    domain.run(start, threads::failed);
                });
            }
            threads.startAll();
            SplittableRandom random = new SplittableRandom(context.seed());
            long nextKill = start + gap(p, random);
            long restarts = 0;
            long unplanned = 0;
            List<String> notes = new ArrayList<>();
            long maxStall = 0;
            ChildJvm starting = null;
            while (!allFinished(domains) && !threads.failed()) {
                long now = System.nanoTime();
                if (starting != null && ready(starting)) {
                    starting = null;
                    nextKill = now + gap(p, random);
                }
                if (starting == null && restarts < p.kills() && now - nextKill >= 0) {
                    kernel.killTree(); // destroyForcibly: SIGKILL on Linux; waits for the process to go
                    kernel = startKernel(p, file, secret, "reattach", kernels);
                    starting = kernel;
                    restarts++;
                }
                if (!kernel.isAlive()) {
                    int code = kernel.awaitExit(java.time.Duration.ZERO);
                    if (!ChildJvm.isSignalDeath(code)) {
                        checkAlive(p, kernel); // throws: an exit no signal explains is a failure
                    }
                    // Killed from outside (the workload's own kills go through killTree above and replace it at once).
                    unplanned++;
                    notes.add("kernel " + kernels.size() + " " + ChildJvm.describeExit(code)
                            + (starting == null ? " after it was ready" : " before it was ready") + "; a new kernel re-attached");
                    kernel = startKernel(p, file, secret, "reattach", kernels);
                    starting = kernel;
                }
                long progress = 0;
                for (RestartTolerantDomain d : domains) {
                    progress = Math.max(progress, d.progressNanos());
                }
                long stall = now - Math.max(progress, start);
                maxStall = Math.max(maxStall, stall);
                if (stall > p.idleTimeoutMillis() * 1_000_000L) {
                    break; // nobody got an answer for the idle timeout: the watchdog in await() takes over
                }
                LockSupport.parkNanos(1_000_000L);
            }
            threads.await(domains, p.idleTimeoutMillis() * 1_000_000L);
            if (threads.failed()) {
                throw new IllegalStateException(KillKernelParams.WORKLOAD + " with queue '" + p.queue() + "': a domain failed: "
                        + threads.failure(), threads.failure());
            }
            return result(domains, restarts, unplanned, notes, maxStall, start, threads, recoveredSlots(kernels));
        } finally {
            threads.interruptAll();
            UringFaultRing.closeAll(users);
            for (ChildJvm k : kernels) {
                try {
                    k.close();
                } catch (RuntimeException e) {
                    // best effort: the others must still be killed
                }
            }
            Files.deleteIfExists(file);
        }
    }

    /** The sum over every kernel child of the last "RECOVERED n" line it printed. */
    private static long recoveredSlots(List<ChildJvm> kernels) {
        long total = 0;
        for (ChildJvm k : kernels) {
            long last = 0;
            for (String line : k.stdout().split("\n")) {
                if (line.startsWith("RECOVERED ")) {
                    last = Long.parseLong(line.substring("RECOVERED ".length()).trim());
                }
            }
            total += last;
        }
        return total;
    }

    private static long gap(KillKernelParams p, SplittableRandom random) {
        return (long) (p.killInterval() * 1_000_000L * (0.5 + random.nextDouble()));
    }

    private static ChildJvm startKernel(KillKernelParams p, Path file, long secret, String mode, List<ChildJvm> kernels) {
        List<String> args = new ArrayList<>(List.of(mode, file.toString(), UringCredentials.format(secret)));
        args.addAll(p.toArgs());
        ChildJvm c = ChildJvm.builder(KernelChild.class.getName())
                .name(KillKernelParams.WORKLOAD + " kernel " + (kernels.size() + 1) + " (" + mode + ")")
                // Serial GC: the kernel child shares two cores with the domains; parallel GC threads would only compete.
                .jvmFlags("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED")
                .args(args).start();
        kernels.add(c);
        return c;
    }

    private static boolean ready(ChildJvm kernel) {
        return kernel.stdout().contains("READY");
    }

    private static void awaitReady(KillKernelParams p, ChildJvm kernel, int n) {
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        while (!ready(kernel)) {
            checkAlive(p, kernel);
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(KillKernelParams.WORKLOAD + ": kernel " + n + " was not ready within 120 s:\n"
                        + kernel.stderrTail(ChildJvm.TAIL_LINES));
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }

    private static void checkAlive(KillKernelParams p, ChildJvm kernel) {
        if (!kernel.isAlive()) {
            throw new IllegalStateException(KillKernelParams.WORKLOAD + " with queue '" + p.queue() + "': " + kernel.name()
                    + " (pid " + kernel.pid() + ") " + ChildJvm.describeExit(kernel.awaitExit(java.time.Duration.ZERO)) + ":\n"
                    + kernel.stderrTail(ChildJvm.TAIL_LINES));
        }
    }

    private static boolean allFinished(List<RestartTolerantDomain> domains) {
        for (RestartTolerantDomain d : domains) {
            if (!d.finished()) {
                return false;
            }
        }
        return true;
    }

    private static WorkloadResult result(List<RestartTolerantDomain> domains, long restarts, long unplanned, List<String> notes,
                                         long maxStallNanos, long start, DomainThreads threads, long recoveredSlots) {
        long records = 0;
        long lost = 0;
        long duplicated = 0;
        long misrouted = 0;
        long failed = 0;
        long late = 0;
        long last = start;
        for (RestartTolerantDomain d : domains) {
            records += d.completed();
            lost += d.lost();
            duplicated += d.duplicated();
            misrouted += d.misrouted();
            failed += d.failedCount();
            late += d.droppedLate();
            last = Math.max(last, d.lastNanos());
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("records", records);
        counters.put("lost", lost);
        counters.put("duplicated", duplicated);
        counters.put("misrouted", misrouted);
        counters.put("errors_returned", failed);
        counters.put("late_dropped", late);
        counters.put("kernel_restarts", restarts);
        counters.put("max_stall_ms", maxStallNanos / 1_000_000L);
        counters.put("wedged", threads.wedged() ? 1L : 0L);
        counters.put("recovered_slots", recoveredSlots);
        counters.put("unplanned_deaths", unplanned);
        return new WorkloadResult(records, Math.max(1, last - start), counters, notes);
    }
}
