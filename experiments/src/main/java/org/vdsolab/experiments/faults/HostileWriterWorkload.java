package org.vdsolab.experiments.faults;

import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fault-hostile-writer}: a {@link UringKernel} serves {@code domains} honest
 * user domains (threads of this JVM, each keeping {@code depth} 4 KiB reads of a device in flight)
 * and one hostile domain that writes random bytes into the SQ at {@code hostile_rate} writes per
 * second ({@link HostileDomain}: its SQEs, its SQE bytes inside the SQ, its own slot states, the
 * SQ's cursor words). The kernel must keep serving the honest domains, never deliver a completion
 * to the wrong one and never throw out of a poller.
 *
 * <p>Counters: {@code records} (honest requests answered), {@code lost} (honest requests never
 * answered before the domain's idle timeout), {@code unserved} (honest requests never submitted
 * because the SQ stayed full until that timeout), {@code duplicated}, {@code misrouted} (a completion
 * whose user_data the domain never submitted), {@code honest_errors} (negative results to honest
 * requests), {@code errors_returned} (negative results to every domain, the hostile one's
 * included), {@code hostile_writes}, {@code hostile_completions}, the kernel's {@code forged},
 * {@code invalid}, {@code poller_faults}, {@code unroutable}, {@code recovered_slots}, and
 * {@code domain_<d>_ops_per_s} for each honest domain, and {@code wedged} (1 if an honest domain
 * saw no completion for {@code idle_timeout_ms} and the watchdog had to interrupt the domain and
 * poller threads out of a queue operation spinning on a scribbled slot: {@link DomainThreads}) and
 * {@code stuck_threads} (domain threads that ignored even that).
 * A repetition ends when every honest domain
 * is done or timed out; it fails only if a domain's thread throws. Stateless and thread-safe.
 */
public final class HostileWriterWorkload implements WorkloadProvider {

    static final String NAME = "fault-hostile-writer";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "honest io_uring domains next to one that scribbles random bytes on the SQ; counts lost, misrouted, forged, invalid, poller faults";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider of the SQ and CQs (required), e.g. vsched, disruptor");
        p.put("domains", "honest user domains (threads), 1..16 (default 2); the hostile one is domain <domains>");
        p.put("records", "requests per honest domain, 100..10^8 (default 200000)");
        p.put("depth", "requests each honest domain keeps in flight, 1..1024 (default 16)");
        p.put("entries", "SQ and CQ entries, a power of two 16..65536 (default 256)");
        p.put("device", "device provider: null | nvme | fixed | ... (default null)");
        p.put("target", "what the hostile domain scribbles: " + String.join(" | ", HostileDomain.TARGETS) + " (default mix)");
        p.put("hostile_rate", "hostile writes per second, 1..10^7 (default 20000)");
        p.put("idle_timeout_ms", "an honest domain waiting this long for any completion gives up (its unanswered requests "
                + "count as lost), 100..600000 (default 3000)");
        return p;
    }

    private record Params(String queue, int domains, long records, int depth, int entries, String device, String target,
                          long hostileRate, long idleTimeoutMillis) {
        static Params parse(Map<String, String> m) {
            ParamReader r = new ParamReader(NAME, m);
            String queue = r.string("queue", null);
            int entries = r.powerOfTwo("entries", 256, 16, 65536);
            Params p = new Params(queue, r.intValue("domains", 2, 1, 16), r.longValue("records", 200_000, 100, 100_000_000),
                    r.intValue("depth", 16, 1, 1024), entries, r.string("device", "null"),
                    r.choice("target", "mix", HostileDomain.TARGETS), r.longValue("hostile_rate", 20_000, 1, 10_000_000),
                    r.longValue("idle_timeout_ms", 3000, 100, 600_000));
            p.spec().validateAgainst(org.vdsolab.api.spi.Providers.find(org.vdsolab.api.queue.QueueProvider.class, queue));
            return p;
        }

        UringSpec spec() {
            return UringFaultRing.spec(queue, entries, domains + 1, 1, depth);
        }
    }

    @Override public void validate(Map<String, String> params) { Params.parse(params); }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        Params p = Params.parse(context.params());
        UringKernel.Builder b = UringKernel.builder(p.spec()).regionFile(UringFaultRing.regionFile(NAME));
        int fd = b.device(p.device(), UringFaultRing.device(p.device(), Map.of(), context.seed()));
        DomainThreads threads = new DomainThreads();
        try (UringKernel kernel = b.build().startPollers()) {
            List<UringDomainDriver> honest = new ArrayList<>();
            List<UringUser> users = new ArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            long start = System.nanoTime() + 20_000_000L; // every thread is running by then
            long idle = p.idleTimeoutMillis() * 1_000_000L;
            try {
                for (int d = 0; d < p.domains(); d++) {
                    UringUser u = kernel.user(d);
                    users.add(u);
                    UringDomainDriver driver = new UringDomainDriver(u, fd, p.records(), p.depth(), 0, UringFaultRing.DEVICE_BYTES,
                            idle, null);
                    honest.add(driver);
                    threads.add(NAME + "-domain-" + d, () -> {
                        try {
                            driver.run(DomainThreads.awaitStart(start), threads::failed);
                        } finally {
                            finished.incrementAndGet();
                        }
                    });
                }
                UringUser hu = kernel.user(p.domains());
                users.add(hu);
                HostileDomain hostile = new HostileDomain(kernel, hu, p.target(), p.hostileRate(), context.seed());
                threads.add(NAME + "-hostile", () -> hostile.run(DomainThreads.awaitStart(start),
                        () -> finished.get() == p.domains() || threads.failed() || Thread.currentThread().isInterrupted()));
                threads.startAll();
                threads.await(honest, idle);
                if (threads.failed()) {
                    throw new IllegalStateException(NAME + " with queue '" + p.queue() + "', target " + p.target()
                            + ": a domain thread failed: " + threads.failure(), threads.failure());
                }
                return result(p, kernel, honest, hostile, start, threads);
            } finally {
                threads.interruptAll(); // a poller still spinning on a scribbled slot lets close() stop it
                UringFaultRing.closeAll(users);
            }
        }
    }

    private static WorkloadResult result(Params p, UringKernel kernel, List<UringDomainDriver> honest, HostileDomain hostile,
                                         long start, DomainThreads threads) {
        long records = 0;
        long lost = 0;
        long duplicated = 0;
        long misrouted = 0;
        long honestErrors = 0;
        long timedOut = 0;
        long unserved = 0;
        long last = start;
        Map<String, Long> counters = new LinkedHashMap<>();
        for (UringDomainDriver d : honest) {
            records += d.distinct();
            lost += d.lost();
            unserved += p.records() - d.submitted(); // never submitted: the SQ stayed full (a scribbled cursor?) until the timeout
            duplicated += d.duplicated();
            misrouted += d.misrouted();
            honestErrors += d.errors();
            timedOut += d.timedOut() ? 1 : 0;
            last = Math.max(last, d.lastNanos());
        }
        counters.put("records", records);
        counters.put("lost", lost);
        counters.put("duplicated", duplicated);
        counters.put("misrouted", misrouted);
        counters.put("honest_errors", honestErrors);
        counters.put("errors_returned", honestErrors + hostile.errors());
        counters.put("unserved", unserved);
        counters.put("timed_out_domains", timedOut);
        counters.put("wedged", threads.wedged() ? 1L : 0L);
        counters.put("stuck_threads", (long) threads.stuckThreads());
        counters.put("hostile_writes", hostile.writes());
        counters.put("hostile_completions", hostile.completions());
        UringFaultRing.kernelCounters(kernel, counters);
        for (int d = 0; d < honest.size(); d++) {
            counters.put("domain_" + d + "_ops_per_s", Math.round(honest.get(d).opsPerSecond()));
        }
        return new WorkloadResult(records, Math.max(1, last - start), counters);
    }
}
