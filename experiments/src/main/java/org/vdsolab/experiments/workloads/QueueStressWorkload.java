package org.vdsolab.experiments.workloads;

import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code queue-stress}: producers push numbered, checksummed records through a shared queue to
 * consumers, as threads of this JVM or as separate JVM processes attached to one vvar region, and
 * the consumers count what arrives: {@code records}, {@code lost}, {@code duplicated},
 * {@code torn}, {@code out_of_order_per_producer} and {@code torn_per_million} (the
 * exactly-once question, and Q7's torn SQEs per million; also {@code torn_per_billion}, since
 * counters are whole numbers), plus {@code pushed} and {@code consumers_effective}. Latency is push to pop (or scheduled
 * send to pop in open loop). The queue is one global queue or one per CPU ({@code placement}, Q1);
 * the accounting is the same in both, since records carry their global producer id.
 *
 * <p>A repetition ends when every producer has pushed its share and each consumer has found the
 * queue empty for 200 ms ({@link StressConsumer#EMPTY_GRACE_NANOS}) afterwards. With
 * {@code run.duration_s} the producers also stop at the deadline, start + duration: a record whose
 * send time is past it is not sent, and is not counted as lost or unpublished; counter
 * {@code producers_at_deadline} says how many producers the deadline stopped (0: the records did,
 * and a note says so). A run that cannot finish
 * (a livelocked design, a stalled party) is aborted after {@code 60 s + 50 us per record} (10^7 records: 560 s, inside the runner's default run.timeout_s of 600) with an
 * error naming the queue; child JVMs are killed.
 *
 * <p>In process mode a child killed from outside (by a signal the workload never sends, before or
 * after it said ready) does not fail the repetition: it counts in {@code unplanned_deaths}, and a
 * note names the party, the signal and when ("producer 1 was killed by signal 9 after it was
 * ready; it had published 5000 of its 100000 records"). The consumers stop waiting for a dead
 * producer's records, the parent frees what the dead party held in the queue (owner recovery,
 * counted in {@code recovered_slots}), and nothing is claimed that did not happen: {@code lost} is
 * every record of the shares that no reporting consumer got, which includes {@code unpublished}
 * (never begun by their producer), {@code abandoned} (being pushed when it died, never delivered)
 * and {@code unreported} (taken by a consumer that died before reporting its counts). If a queue is
 * left without a live consumer, or nothing moves for {@value #STALL_SECONDS} s after a death (a
 * design that cannot recover what the dead party held), the run is stopped early ({@code stopped}
 * = 1, and a note says why) and its counters cover what got through.
 *
 * <p>Stateless and thread-safe; each {@link #run} uses its own region file, deleted afterwards.
 */
public final class QueueStressWorkload implements WorkloadProvider {

    private static final AtomicLong RUNS = new AtomicLong();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Seconds without any progress after a party died before the run is stopped. */
    static final int STALL_SECONDS = 10;

    private final Duration fixedTimeout;

    public QueueStressWorkload() {
        this(null);
    }

    /** With a fixed run timeout instead of the size-based one (tests). */
    QueueStressWorkload(Duration fixedTimeout) {
        this.fixedTimeout = fixedTimeout;
    }

    @Override public String name() { return "queue-stress"; }

    @Override public String description() {
        return "producers push numbered, checksummed records through a shared queue (threads or processes); counts lost, duplicated, torn";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(StressConfig.QUEUE, "queue provider name (required), e.g. disruptor, vsched, vsched-classic, spsc, spsc-shared");
        p.put(StressConfig.PRODUCERS, "producer parties, 1..64 (default 1); ring-per-producer designs get one ring each");
        p.put(StressConfig.CONSUMERS, "consumer parties, 1..64 (default 1); clamped to 1 for designs without multi_consumer "
                + "(spsc, spsc-shared), reported as counter consumers_effective");
        p.put(StressConfig.MODE, "threads | processes (default threads): parties as threads of this JVM or as child JVMs");
        p.put(StressConfig.RECORDS, "records pushed per repetition, split evenly over producers (default 1000000); with "
                + "run.duration_s, the most a repetition sends (the deadline ends it first when records is large enough)");
        p.put(StressConfig.CAPACITY, "queue slots, a power of two (default 1024)");
        p.put(StressConfig.RECORD_BYTES, "bytes per record, a multiple of 8 in [16, 4096] (default 64 = SQE; 16 = CQE, carries no "
                + "timestamp so no latency is recorded)");
        p.put(StressConfig.BATCH, "1 = pushBack/popFront; n > 1 = pushMultiple (as many as fit) and popMultiple of n (default 1); "
                + "with push: slot only pops are batched");
        p.put(StressConfig.PUSH, "copy | slot (default copy): copy from private memory, or claim a slot and write in place");
        OfferedLoad.describe(p, "records");
        p.put(StressConfig.PLACEMENT, "global | per-cpu (default global): one queue in a global vvar area shared by every party, "
                + "or one queue per CPU in a per-CPU area (4 KiB-aligned copies); producer i and consumer j are on CPU i % cpus "
                + "and j % cpus and use that CPU's queue (Q1)");
        p.put(StressConfig.CPUS, "per-cpu placement: CPUs, i.e. queue copies, 1..consumers (default = consumers, so every "
                + "queue has a consumer); each queue gets ceil(producers/cpus) producers and ceil(consumers/cpus) consumers; "
                + "designs without multi_consumer run one consumer per CPU; ignored in global placement");
        return p;
    }

    /** Producers send nothing after the deadline; {@code records} is then the most a repetition sends. */
    @Override
    public boolean honoursDuration() {
        return true;
    }

    @Override
    public void validate(Map<String, String> params) {
        StressConfig.parse(params, 0);
    }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        StressConfig config = StressConfig.parse(context.params(), context.seed());
        Path file = SharedRegion.defaultDirectory().resolve("vdsolab-queue-stress-" + ProcessHandle.current().pid() + "-"
                + RUNS.incrementAndGet() + ".vvar");
        StressRegion region = StressRegion.create(file, config);
        StressParties parties = null;
        try {
            parties = config.mode() == StressConfig.Mode.THREADS
                    ? new ThreadStressParties(config, region, context)
                    : new ProcessStressParties(config, region, context.latencyRecorder());
            Deaths deaths = new Deaths(config, region, parties);
            awaitReady(config, region, deaths);
            long start = System.nanoTime();
            region.deadline(context.durationNanos() > 0 ? start + context.durationNanos() : 0);
            region.start(start);
            awaitDone(config, region, deaths, start);
            parties.finish();
            deaths.update();
            return result(config, region, deaths, start, context.durationNanos());
        } catch (Exception | Error e) {
            region.abort();
            throw e;
        } finally {
            if (parties != null) {
                parties.close();
            }
            region.closeAndDelete();
        }
    }

    /** The run timeout: fixed, or 60 s plus 50 us per record (20,000 records/s even on a loaded 2-core box). */
    Duration timeout(StressConfig config) {
        return fixedTimeout != null ? fixedTimeout : Duration.ofSeconds(60).plusNanos(50_000L * config.records());
    }

    private void awaitReady(StressConfig config, StressRegion region, Deaths deaths) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!allReady(config, region, deaths)) {
            deaths.update();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("queue-stress with queue '" + config.queue() + "': the parties were not ready within "
                        + READY_TIMEOUT.toSeconds() + " s (" + config.describe() + ")");
            }
            pause();
        }
    }

    private void awaitDone(StressConfig config, StressRegion region, Deaths deaths, long start) throws InterruptedException {
        Duration timeout = timeout(config);
        long deadline = start + timeout.toNanos();
        long lastProgress = -1;
        long movedAt = System.nanoTime();
        int deathsSeen = 0;
        while (!allDone(config, region, deaths)) {
            deaths.update();
            long now = System.nanoTime();
            long progress = progress(config, region);
            if (progress != lastProgress || deaths.list().size() != deathsSeen) { // the stall clock starts at a death
                deathsSeen = deaths.list().size();
                lastProgress = progress;
                movedAt = now;
            } else if (deaths.any() && deaths.stoppedBecause == null && now - movedAt > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                deaths.stop("nothing moved for " + STALL_SECONDS + " s after the death (the queue cannot recover what the dead "
                        + "party held), so the run was stopped");
            }
            if (now - deadline > 0) {
                region.abort();
                throw new IllegalStateException(String.format(
                        "queue-stress with queue '%s' did not finish within %.1f s and was aborted (livelock or stalled party?): "
                                + "%d of %d producers and %d of %d consumers done (%s)",
                        config.queue(), timeout.toNanos() / 1e9, doneCount(region, config, true), config.producers(),
                        doneCount(region, config, false), config.consumers(), config.describe())
                        + (deaths.any() ? "; parties killed from outside: " + deaths.describe() : ""));
            }
            pause();
        }
    }

    private static void pause() throws InterruptedException {
        LockSupport.parkNanos(POLL_NANOS);
        if (Thread.interrupted()) {
            throw new InterruptedException("queue-stress interrupted");
        }
    }

    /** Every party ready, or dead. */
    private static boolean allReady(StressConfig c, StressRegion r, Deaths deaths) {
        for (int i = 0; i < c.producers(); i++) {
            if (!r.isReady(r.producerLine(i)) && !deaths.producer[i]) {
                return false;
            }
        }
        for (int j = 0; j < c.consumers(); j++) {
            if (!r.isReady(r.consumerLine(j)) && !deaths.consumer[j]) {
                return false;
            }
        }
        return true;
    }

    /** Every party done, or dead. */
    private static boolean allDone(StressConfig c, StressRegion r, Deaths deaths) {
        for (int i = 0; i < c.producers(); i++) {
            if (!r.isDone(r.producerLine(i)) && !deaths.producer[i]) {
                return false;
            }
        }
        for (int j = 0; j < c.consumers(); j++) {
            if (!r.isDone(r.consumerLine(j)) && !deaths.consumer[j]) {
                return false;
            }
        }
        return true;
    }

    /** The sum of every party's progress words: changes whenever any record moves. */
    private static long progress(StressConfig c, StressRegion r) {
        long sum = 0;
        for (int i = 0; i < c.producers(); i++) {
            sum += r.progress(r.producerLine(i), StressRegion.PUBLISHED);
        }
        for (int j = 0; j < c.consumers(); j++) {
            sum += r.progress(r.consumerLine(j), StressRegion.TAKEN);
        }
        return sum;
    }

    private static int doneCount(StressRegion r, StressConfig c, boolean producers) {
        int n = 0;
        for (int i = 0; i < (producers ? c.producers() : c.consumers()); i++) {
            if (r.isDone(producers ? r.producerLine(i) : r.consumerLine(i))) {
                n++;
            }
        }
        return n;
    }

    /** @param durationNanos the deadline after the start (run.duration_s), 0 when the records alone bound the run */
    private static WorkloadResult result(StressConfig c, StressRegion r, Deaths deaths, long start, long durationNanos) {
        long records = 0;
        long torn = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long unreported = 0;
        long last = start;
        boolean[] reported = new boolean[c.consumers()];
        for (int j = 0; j < c.consumers(); j++) {
            long line = r.consumerLine(j);
            reported[j] = !deaths.consumer[j] || deaths.doneAtDeath(false, j);
            if (!reported[j]) {
                unreported += r.progress(line, StressRegion.TAKEN); // died before storing its counts and bitmaps
                continue;
            }
            if (r.field(line, StressRegion.FAILED) != 0) {
                throw new IllegalStateException("queue-stress with queue '" + c.queue() + "': consumer " + j + " failed");
            }
            records += r.field(line, StressRegion.COUNT);
            torn += r.field(line, StressRegion.TORN);
            duplicated += r.field(line, StressRegion.DUPLICATES);
            outOfOrder += r.field(line, StressRegion.OUT_OF_ORDER);
            last = Math.max(last, r.field(line, StressRegion.LAST_NANOS));
        }
        long pushed = 0;
        long unpublished = 0;
        long abandoned = 0;
        long lost = 0;
        long atDeadline = 0;
        long[] lostOf = new long[c.producers()];
        for (int p = 0; p < c.producers(); p++) {
            long line = r.producerLine(p);
            boolean reportedCounts = !deaths.producer[p] || deaths.doneAtDeath(true, p);
            if (reportedCounts && r.field(line, StressRegion.FAILED) != 0) {
                throw new IllegalStateException("queue-stress with queue '" + c.queue() + "': producer " + p + " failed");
            }
            long published = r.progress(line, StressRegion.PUBLISHED);
            long started = Math.max(published, r.progress(line, StressRegion.STARTED));
            pushed += reportedCounts ? r.field(line, StressRegion.COUNT) : published;
            // What it set out to send: fewer than its share when the deadline stopped it; a child
            // that died before reporting is held to its whole share.
            long target = reportedCounts ? r.field(line, StressRegion.TARGET) : c.recordsFor(p);
            if (target < c.recordsFor(p)) {
                atDeadline++;
            }
            unpublished += target - started;
            // Merge the reporting consumers' bitmaps: a record seen by k consumers is duplicated k-1 times; never seen is lost.
            long[] union = new long[r.bitmapWordCount()];
            long sum = 0;
            for (int j = 0; j < c.consumers(); j++) {
                if (!reported[j]) {
                    continue;
                }
                long[] bits = r.loadBitmap(j, p);
                for (int w = 0; w < bits.length; w++) {
                    sum += Long.bitCount(bits[w]);
                    union[w] |= bits[w];
                }
            }
            long distinct = 0;
            for (long w : union) {
                distinct += Long.bitCount(w);
            }
            for (long seq = published; seq < started; seq++) {
                if ((union[(int) (seq >>> 6)] & (1L << seq)) == 0) {
                    abandoned++; // begun, never certainly in the queue, never delivered
                }
            }
            duplicated += sum - distinct;
            lostOf[p] = target - distinct;
            lost += lostOf[p];
        }
        List<String> notes = new ArrayList<>();
        for (PartyDeath d : deaths.list()) {
            String event = d.party() + " " + ChildJvm.describeExit(d.exitCode()) + (d.ready() ? " after it was ready" : " before it was ready");
            if (d.done()) {
                notes.add(event + "; it had reported its counts, so nothing it did is missing");
            } else if (d.producer()) {
                notes.add(event + "; it had published " + r.progress(r.producerLine(d.id()), StressRegion.PUBLISHED) + " of its "
                        + c.recordsFor(d.id()) + " records, and " + lostOf[d.id()] + " of its records count as lost");
            } else {
                notes.add(event + "; it had taken " + r.progress(r.consumerLine(d.id()), StressRegion.TAKEN)
                        + " records and never reported them, so they count as lost (unreported)");
            }
        }
        if (durationNanos > 0 && atDeadline == 0 && deaths.stoppedBecause == null) {
            notes.add("run.duration_s: every producer sent its whole share of records (" + c.records() + ") before the "
                    + durationNanos / 1e9 + " s deadline, so the records bound this repetition, not the duration;"
                    + " raise records to let the duration bound it");
        }
        if (deaths.stoppedBecause != null) {
            notes.add(deaths.stoppedBecause + "; what was not delivered by then counts as lost");
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("records", records);
        counters.put("lost", lost);
        counters.put("duplicated", duplicated);
        counters.put("torn", torn);
        counters.put("out_of_order_per_producer", outOfOrder);
        counters.put("torn_per_million", records == 0 ? 0 : Math.round(torn * 1e6 / records));
        // Counters are whole numbers: 4 torn in 10^7 rounds to 0 per million, so also per billion (0.4 -> 400).
        counters.put("torn_per_billion", records == 0 ? 0 : Math.round(torn * 1e9 / records));
        counters.put("pushed", pushed);
        counters.put("consumers_effective", (long) c.consumers());
        counters.put(CellSummary.PARTIES, (long) c.producers() + c.consumers());
        counters.put("unplanned_deaths", (long) deaths.list().size());
        counters.put("producers_at_deadline", atDeadline);
        counters.put("unpublished", unpublished);
        counters.put("abandoned", abandoned);
        counters.put("unreported", unreported);
        counters.put("recovered_slots", deaths.parties.recoveredSlots());
        counters.put("stopped", deaths.stoppedBecause != null ? 1L : 0L);
        return new WorkloadResult(records, Math.max(1, last - start), counters, notes);
    }

    /**
     * The parties killed from outside, as the workload's thread has seen them: which ones, and
     * whether the run had to be stopped early because of them. Not thread-safe.
     */
    private static final class Deaths {
        private final StressConfig config;
        private final StressRegion region;
        private final StressParties parties;
        private final boolean[] producer;
        private final boolean[] consumer;
        private int handled;
        private String stoppedBecause;

        Deaths(StressConfig config, StressRegion region, StressParties parties) {
            this.config = config;
            this.region = region;
            this.parties = parties;
            this.producer = new boolean[config.producers()];
            this.consumer = new boolean[config.consumers()];
        }

        /** Fails the run on an abnormal exit; takes in new deaths, stopping the run if a queue has no consumer left. */
        void update() {
            String failure = parties.failure();
            if (failure != null) {
                throw new IllegalStateException("queue-stress with queue '" + config.queue() + "': " + failure);
            }
            List<PartyDeath> all = parties.deaths();
            for (; handled < all.size(); handled++) {
                PartyDeath d = all.get(handled);
                if (d.producer()) {
                    producer[d.id()] = true;
                } else {
                    consumer[d.id()] = true;
                    if (!d.done() && !hasConsumer(config.cpuOf(d.id()))) {
                        stop("no consumer was left for " + (config.cpus() > 1 ? "the queue of CPU " + config.cpuOf(d.id())
                                : "the queue") + ", so the run was stopped");
                    }
                }
            }
        }

        /** True if some consumer of CPU {@code cpu}'s queue still runs or has finished normally. */
        private boolean hasConsumer(int cpu) {
            for (int j = 0; j < config.consumers(); j++) {
                if (config.cpuOf(j) == cpu && (!consumer[j] || doneAtDeath(false, j))) {
                    return true;
                }
            }
            return false;
        }

        void stop(String reason) {
            if (stoppedBecause == null) {
                stoppedBecause = reason;
                region.abort();
            }
        }

        boolean any() {
            return !parties.deaths().isEmpty();
        }

        List<PartyDeath> list() {
            return parties.deaths();
        }

        boolean doneAtDeath(boolean isProducer, int id) {
            for (PartyDeath d : parties.deaths()) {
                if (d.producer() == isProducer && d.id() == id) {
                    return d.done();
                }
            }
            return false;
        }

        String describe() {
            List<String> each = new ArrayList<>();
            for (PartyDeath d : parties.deaths()) {
                each.add(d.party() + " " + ChildJvm.describeExit(d.exitCode()));
            }
            return String.join(", ", each);
        }
    }
}
