package org.vdsolab.experiments.faults;

import org.HdrHistogram.Histogram;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fault-starve}: one user domain floods the ring (closed loop, as many requests in
 * flight as its {@code flood_depth} slots allow: no limit of its own worth the name) while
 * {@code domains} honest domains send at a modest open-loop {@code rate}, all against one device
 * of limited parallelism ({@code fixed}: {@code service_ns} per request on {@code units} units).
 * {@code quota} is the kernel's per-domain limit on outstanding SQEs (0 = off): with it the
 * flooder gets -EAGAIN beyond its share and the honest domains keep their latency.
 *
 * <p>Latency (the runner's histogram) is the honest domains' only, from each request's scheduled
 * time. Counters: {@code records} (honest requests answered), {@code lost}, {@code duplicated},
 * {@code misrouted}, {@code errors_returned} (negative results to any domain), {@code flooder_eagain},
 * {@code honest_errors}, {@code domain_<d>_ops_per_s} for every domain (the flooder is domain
 * {@code domains}), {@code domain_<d>_p99_us} for the honest ones, {@code quota_rejected} and
 * {@code wedged}. Stateless and thread-safe.
 */
public final class StarveWorkload implements WorkloadProvider {

    static final String NAME = "fault-starve";

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "one io_uring domain floods a slow device while the others send at a modest rate; sweep the per-domain quota";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider of the SQ and CQs (required), e.g. vsched, disruptor");
        p.put("domains", "honest user domains (threads), 1..16 (default 2); the flooder is domain <domains>");
        p.put("rate", "requests per second of each honest domain, open loop, 1..1000000 (default 2000)");
        p.put("records", "requests per honest domain, 10..10^8 (default 20000)");
        p.put("depth", "most requests an honest domain has in flight, 1..1024 (default 32)");
        p.put("flood_depth", "most requests the flooder has in flight (its slots), 1..65535 (default 4096)");
        p.put("quota", "the kernel's limit on outstanding SQEs per domain, 0 = off (default 0)");
        p.put("entries", "SQ and CQ entries, a power of two 16..65536 (default 1024)");
        p.put("service_ns", "device (fixed) service time per request, ns, 0..10^9 (default 20000)");
        p.put("units", "device (fixed) requests served in parallel, 1..4096 (default 4)");
        p.put("idle_timeout_ms", "a domain waiting this long for any completion gives up, 100..600000 (default 5000)");
        return p;
    }

    private record Params(String queue, int domains, long rate, long records, int depth, int floodDepth, int quota, int entries,
                          long serviceNanos, int units, long idleTimeoutMillis) {
        static Params parse(Map<String, String> m) {
            ParamReader r = new ParamReader(NAME, m);
            String queue = r.string("queue", null);
            int entries = r.powerOfTwo("entries", 1024, 16, 65536);
            Params p = new Params(queue, r.intValue("domains", 2, 1, 16), r.longValue("rate", 2000, 1, 1_000_000),
                    r.longValue("records", 20_000, 10, 100_000_000), r.intValue("depth", 32, 1, 1024),
                    r.intValue("flood_depth", 4096, 1, 65535), r.intValue("quota", 0, 0, 1 << 20), entries,
                    r.longValue("service_ns", 20_000, 0, 1_000_000_000), r.intValue("units", 4, 1, 4096),
                    r.longValue("idle_timeout_ms", 5000, 100, 600_000));
            p.spec().validateAgainst(Providers.find(QueueProvider.class, queue));
            return p;
        }

        UringSpec spec() {
            return UringFaultRing.spec(queue, entries, domains + 1, 1, Math.max(depth, Math.min(floodDepth, 4096)));
        }
    }

    @Override public void validate(Map<String, String> params) { Params.parse(params); }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        Params p = Params.parse(context.params());
        UringKernel.Builder b = UringKernel.builder(p.spec()).regionFile(UringFaultRing.regionFile(NAME)).quota(p.quota());
        int fd = b.device("fixed", UringFaultRing.device("fixed", Map.of("service_ns", Long.toString(p.serviceNanos()),
                "units", Integer.toString(p.units())), context.seed()));
        DomainThreads threads = new DomainThreads();
        try (UringKernel kernel = b.build().startPollers()) {
            List<UringUser> users = new ArrayList<>();
            List<UringDomainDriver> honest = new ArrayList<>();
            List<Histogram> histograms = new ArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            long start = System.nanoTime() + 20_000_000L; // every thread is running by then
            long idle = p.idleTimeoutMillis() * 1_000_000L;
            try {
                for (int d = 0; d < p.domains(); d++) {
                    UringUser u = kernel.user(d);
                    users.add(u);
                    Histogram h = new Histogram(3);
                    histograms.add(h);
                    // The runner's recorder belongs to the thread that records: built inside the domain's thread.
                    LatencyRecorder[] shared = new LatencyRecorder[1];
                    UringDomainDriver driver = new UringDomainDriver(u, fd, p.records(), p.depth(), p.rate(),
                            UringFaultRing.DEVICE_BYTES, idle, nanos -> {
                                h.recordValue(nanos);
                                shared[0].record(nanos);
                            });
                    honest.add(driver);
                    threads.add(NAME + "-domain-" + d, () -> {
                        shared[0] = context.latencyRecorder();
                        try {
                            driver.run(DomainThreads.awaitStart(start), threads::failed);
                        } finally {
                            finished.incrementAndGet();
                        }
                    });
                }
                UringUser fu = kernel.user(p.domains());
                users.add(fu);
                UringDomainDriver flooder = new UringDomainDriver(fu, fd, -1, p.floodDepth(), 0, UringFaultRing.DEVICE_BYTES,
                        idle, null);
                threads.add(NAME + "-flooder", () -> flooder.run(DomainThreads.awaitStart(start),
                        () -> finished.get() == p.domains() || threads.failed() || Thread.currentThread().isInterrupted()));
                threads.startAll();
                threads.await(honest, idle);
                if (threads.failed()) {
                    throw new IllegalStateException(NAME + " with queue '" + p.queue() + "', quota " + p.quota()
                            + ": a domain thread failed: " + threads.failure(), threads.failure());
                }
                return result(p, kernel, honest, histograms, flooder, start, threads);
            } finally {
                threads.interruptAll();
                UringFaultRing.closeAll(users);
            }
        }
    }

    private static WorkloadResult result(Params p, UringKernel kernel, List<UringDomainDriver> honest, List<Histogram> histograms,
                                         UringDomainDriver flooder, long start, DomainThreads threads) {
        long records = 0;
        long lost = 0;
        long duplicated = 0;
        long misrouted = flooder.misrouted();
        long honestErrors = 0;
        long last = start;
        Map<String, Long> counters = new LinkedHashMap<>();
        for (UringDomainDriver d : honest) {
            records += d.distinct();
            lost += d.lost();
            duplicated += d.duplicated();
            misrouted += d.misrouted();
            honestErrors += d.errors();
            last = Math.max(last, d.lastNanos());
        }
        counters.put("records", records);
        counters.put("lost", lost);
        counters.put("duplicated", duplicated + flooder.duplicated());
        counters.put("misrouted", misrouted);
        counters.put("errors_returned", honestErrors + flooder.errors());
        counters.put("flooder_eagain", flooder.eagain());
        counters.put("honest_errors", honestErrors);
        for (int d = 0; d < honest.size(); d++) {
            counters.put("domain_" + d + "_ops_per_s", Math.round(honest.get(d).opsPerSecond()));
        }
        counters.put("domain_" + honest.size() + "_ops_per_s", Math.round(flooder.opsPerSecond()));
        for (int d = 0; d < histograms.size(); d++) {
            counters.put("domain_" + d + "_p99_us", histograms.get(d).getValueAtPercentile(99) / 1000);
        }
        counters.put("flooder_answered", flooder.distinct());
        counters.put("quota_rejected", kernel.total(org.vdsolab.api.uring.UringControl.Counter.QUOTA_REJECTED));
        counters.put("wedged", threads.wedged() ? 1L : 0L);
        return new WorkloadResult(records, Math.max(1, last - start), counters);
    }
}
