package org.vdsolab.experiments.uring;

import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.api.process.CleanupRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code uring-routing} (Q5): several user domains share one io_uring SQ, and its completions find
 * their owner under a {@link org.vdsolab.api.uring.RoutingPolicy}: per-domain CQs, one shared CQ
 * with hand-off queues, or one CQ per CPU. Each domain keeps {@code depth} 4 KiB reads in flight to
 * a device model ({@code null} by default) served by one kernel poller in this JVM; domains run as
 * threads of this JVM or as child JVMs, in closed loop (each domain keeps {@code depth} requests
 * in flight) or open loop ({@code load.type: open}: each domain sends its share of
 * {@code load.rate} on a constant or Poisson schedule, at most {@code depth} in flight). Throughput
 * is completions per second over all domains (start to the last domain's last own completion);
 * latency is staging to reaping per request, or, in open loop, the request's scheduled send time
 * to reaping, so that the time a request waited for a free slot is in its latency.
 * Counters: {@code records} (completions that reached their owner, first copies),
 * {@code lost}, {@code duplicated}, {@code misrouted} (a completion delivered to a domain that
 * did not submit it: must be 0), {@code handed_off} (CQEs a domain popped and passed on to their
 * owner), {@code errors} (negative results).
 *
 * <p>With {@code run.duration_s} the domains send nothing after start + duration and reap what is
 * in flight; {@code records} is then the most a repetition sends, {@code lost} counts against what
 * was sent, and {@code domains_at_deadline} says how many domains the deadline stopped (0: the
 * records did, and a note says so).
 *
 * <p>A repetition that does not finish within {@code 60 s + 100 us per record} is aborted with an
 * error naming the queue and routing. Stateless and thread-safe; each run uses its own region files,
 * deleted afterwards.
 */
public final class UringRoutingWorkload implements WorkloadProvider {

    private static final AtomicLong RUNS = new AtomicLong();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long JOIN_MILLIS = 5_000;

    @Override public String name() { return "uring-routing"; }

    @Override public String description() {
        return "io_uring completions routed to their owner among several user domains (per-domain, shared, per-cpu CQs)";
    }

    @Override public Map<String, String> parameters() { return RoutingParams.describe(); }

    @Override public void validate(Map<String, String> params) { RoutingParams.parse(params, 0); }

    /** Domains send nothing after the deadline; {@code records} is then the most a repetition sends. */
    @Override public boolean honoursDuration() { return true; }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        RoutingParams p = RoutingParams.parse(context.params(), context.seed());
        String tag = ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        UringKernel.Builder b = UringKernel.builder(p.spec()).regionFile(SharedRegion.defaultPath("uring-routing-" + tag));
        int fd = b.device(p.device(), UringDevices.open(p.device(), null, RoutingParams.DEVICE_BYTES, context.seed()));
        RoutingControl control = RoutingControl.create(SharedRegion.defaultDirectory().resolve("uring-routing-control-" + tag
                + ".vvar"), p.domains());
        List<Thread> threads = new ArrayList<>();
        List<ChildJvm> children = new ArrayList<>();
        List<Path> histograms = new ArrayList<>();
        AtomicReference<String> failure = new AtomicReference<>();
        try (UringKernel kernel = b.build().startPollers()) {
            for (int d = 0; d < p.domains(); d++) {
                if (p.processes()) {
                    Path h = Files.createTempFile("vdsolab-uring-routing-" + d + "-", ".hdr");
                    CleanupRegistry.global().register(h);
                    histograms.add(h);
                    List<String> args = new ArrayList<>(List.of(Integer.toString(d), Integer.toString(fd),
                            kernel.regionFile().toString(), control.file().toString(), h.toString(),
                            UringCredentials.format(kernel.credential(d))));
                    args.addAll(p.toArgs());
                    children.add(ChildJvm.builder(UringRoutingChild.class.getName()).name("uring-routing domain " + d)
                            // Serial GC: several JVMs share few cores; parallel GC threads would only compete.
                            .jvmFlags("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED").args(args).start());
                } else {
                    int domain = d;
                    Thread t = new Thread(() -> {
                        try (var user = kernel.user(domain)) {
                            new RoutingDomain(p, control, user, fd, context.latencyRecorder()).run();
                        }
                    }, "uring-routing-domain-" + d);
                    t.setDaemon(true);
                    t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, thread.getName() + " failed: " + e));
                    threads.add(t);
                    t.start();
                }
            }
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!all(p, control, true)) {
                check(p, failure, children);
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(what(p) + ": the domains were not ready within " + READY_TIMEOUT.toSeconds() + " s");
                }
                LockSupport.parkNanos(1_000_000);
            }
            long start = System.nanoTime();
            control.deadline(context.durationNanos() > 0 ? start + context.durationNanos() : 0);
            control.start(start);
            Duration timeout = Duration.ofSeconds(60).plusNanos(100_000L * p.records());
            deadline = start + timeout.toNanos();
            while (!all(p, control, false)) {
                check(p, failure, children);
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(what(p) + " did not finish within " + timeout.toSeconds()
                            + " s and was aborted (a stalled domain or lost completions?)");
                }
                LockSupport.parkNanos(1_000_000);
            }
            for (Thread t : threads) {
                t.join(JOIN_MILLIS);
            }
            for (ChildJvm c : children) {
                c.awaitSuccess(Duration.ofSeconds(60));
            }
            check(p, failure, children);
            mergeHistograms(histograms, context);
            return result(p, control, start, context.durationNanos());
        } catch (Exception | Error e) {
            control.abort();
            throw e;
        } finally {
            for (ChildJvm c : children) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // best effort: the others must still be stopped
                }
            }
            for (Path h : histograms) {
                Files.deleteIfExists(h);
                CleanupRegistry.global().forget(h);
            }
            control.closeAndDelete();
        }
    }

    private static String what(RoutingParams p) {
        return "uring-routing with queue '" + p.queue() + "', routing " + p.routing().configName() + ", " + p.domains() + " domains";
    }

    private static boolean all(RoutingParams p, RoutingControl control, boolean ready) {
        for (int d = 0; d < p.domains(); d++) {
            if (ready ? !control.isReady(d) : !control.isDone(d)) {
                return false;
            }
        }
        return true;
    }

    private static void check(RoutingParams p, AtomicReference<String> failure, List<ChildJvm> children) {
        String f = failure.get();
        for (ChildJvm c : children) {
            if (f == null && !c.isAlive()) {
                int code = c.awaitExit(Duration.ZERO);
                if (code != 0) {
                    f = c.name() + " (pid " + c.pid() + ") exited with code " + code + ":\n" + c.stderrTail(ChildJvm.TAIL_LINES);
                }
            }
        }
        if (f != null) {
            throw new IllegalStateException(what(p) + ": " + f);
        }
    }

    private static void mergeHistograms(List<Path> files, WorkloadContext context) throws Exception {
        for (Path h : files) {
            byte[] bytes = Files.readAllBytes(h);
            if (bytes.length == 0) {
                continue;
            }
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            for (HistogramIterationValue v : histogram.recordedValues()) {
                context.latencyRecorder().record(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
            }
        }
    }

    private static WorkloadResult result(RoutingParams p, RoutingControl control, long start, long durationNanos) {
        long distinct = 0;
        long targets = 0;
        long atDeadline = 0;
        long duplicated = 0;
        long misrouted = 0;
        long errors = 0;
        long handedOff = 0;
        long last = start;
        for (int d = 0; d < p.domains(); d++) {
            if (control.get(d, RoutingControl.FAILED) != 0) {
                throw new IllegalStateException(what(p) + ": domain " + d + " failed");
            }
            distinct += control.get(d, RoutingControl.DISTINCT);
            duplicated += control.get(d, RoutingControl.DUPLICATED);
            misrouted += control.get(d, RoutingControl.MISROUTED);
            errors += control.get(d, RoutingControl.ERRORS);
            handedOff += control.get(d, RoutingControl.HANDED_OFF);
            last = Math.max(last, control.get(d, RoutingControl.FINISHED));
            long target = control.get(d, RoutingControl.TARGET);
            targets += target;
            if (target < p.recordsFor(d)) {
                atDeadline++;
            }
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("records", distinct);
        counters.put("lost", targets - distinct);
        counters.put("domains_at_deadline", atDeadline);
        counters.put("duplicated", duplicated);
        counters.put("misrouted", misrouted);
        counters.put("handed_off", handedOff);
        counters.put("errors", errors);
        counters.put(CellSummary.PARTIES, p.domains() + 1L); // the user domains and the kernel poller
        List<String> notes = new ArrayList<>();
        if (durationNanos > 0 && atDeadline == 0) {
            notes.add("run.duration_s: every domain sent its whole share of records (" + p.records() + ") before the "
                    + durationNanos / 1e9 + " s deadline, so the records bound this repetition, not the duration;"
                    + " raise records to let the duration bound it");
        }
        return new WorkloadResult(distinct, Math.max(1, last - start), counters, notes);
    }
}
