package org.vdsolab.experiments.faults;

import org.vdsolab.api.liveness.QueueRecoverySweeper;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fault-kill-producer}: producers are child JVMs that push numbered, checksummed
 * records into one shared queue; the parent runs the consumers (threads) and a
 * {@link QueueRecoverySweeper} over the region's liveness table, SIGKILLs a running producer child
 * {@code kills} times at seeded random moments and starts a replacement for the same producer id
 * (a new registration, a fresh stream of record numbers, the rest of that id's share). With
 * {@code halt_at} the first child of producer 0 halts itself right after claiming a slot, so that
 * a dead owner of a claimed slot is certain in every run.
 *
 * <p>Counters: {@code records} (distinct records consumed), {@code lost} (records a child had
 * certainly published that no consumer got: must be 0 with owner recovery), {@code duplicated},
 * {@code torn}, {@code abandoned} (records in flight when their child died, never delivered: not a
 * loss), {@code recovered_slots} (the sweeper's total), {@code max_stall_ms} (the longest time the
 * consumers got nothing while a producer child was running), {@code kills}, {@code halts},
 * {@code restarts}, {@code stalled} (1 if a stall reached {@code stall_limit_ms} and ended the
 * repetition: the designs without recovery), {@code published} (records children certainly
 * published) and {@code stuck_consumers} (consumers still spinning inside a pop 2 s after being
 * stopped and interrupted; the region's unmapping ends them). Latency is push to pop.
 *
 * <p>A child killed from outside (a signal the workload did not send, before or after it said
 * ready) does not fail the repetition: it counts in {@code unplanned_deaths}, a note says which
 * producer got which signal and when ("producer 1 was killed by signal 9 before it was ready"),
 * and a replacement takes over the rest of that producer's share while the region has a stream
 * left (one spare per producer beyond the planned kills); otherwise that rest is never published,
 * which the note says too. {@code halts} counts only the planned halt, {@code kills} only the
 * workload's own SIGKILLs.
 *
 * <p>Stateless and thread-safe; each run uses its own region file, deleted afterwards, and kills
 * every child it started.
 */
public final class KillProducerWorkload implements WorkloadProvider {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long DRAIN_QUIET_NANOS = 300_000_000L;
    private static final long POLL_NANOS = 1_000_000L;
    private static final long STOP_MILLIS = 2_000;

    @Override public String name() { return KillProducerParams.WORKLOAD; }

    @Override public String description() {
        return "producer child JVMs SIGKILLed mid-stream (and halted holding a claimed slot) while consumers and a recovery "
                + "sweeper run; counts lost, duplicated, torn, abandoned, recovered_slots, max_stall_ms";
    }

    @Override public Map<String, String> parameters() { return KillProducerParams.describe(); }

    @Override public void validate(Map<String, String> params) { KillProducerParams.parse(params); }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        KillProducerParams p = KillProducerParams.parse(context.params());
        Path file = UringFaultRing.regionFile(KillProducerParams.WORKLOAD);
        KillProducerRegion region = KillProducerRegion.create(file, p);
        try (Run run = new Run(p, region, context)) {
            return run.execute();
        } finally {
            region.closeAndDelete();
        }
    }

    /** One repetition's moving parts; used by the thread that called {@link #run} only. */
    private static final class Run implements AutoCloseable {
        private final KillProducerParams p;
        private final KillProducerRegion region;
        private final WorkloadContext context;
        private final SharedQueue queue;
        private final QueueRecoverySweeper sweeper;
        private final List<KillProducerConsumer> consumers = new ArrayList<>();
        private final List<Thread> consumerThreads = new ArrayList<>();
        private final List<ChildJvm> children = new ArrayList<>();
        private final List<Integer> streamOwner = new ArrayList<>();
        /** Per stream: the record its child halts at, or -1. */
        private final List<Long> streamHaltAt = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private long unplannedDeaths;
        private final int[] current;
        private final boolean[] complete;
        private final SplittableRandom random;
        private long kills;
        private long halts;
        private long restarts;
        private long maxStallNanos;
        private boolean stalled;
        private long stuckConsumers;

        Run(KillProducerParams p, KillProducerRegion region, WorkloadContext context) {
            this.p = p;
            this.region = region;
            this.context = context;
            this.queue = region.attachQueue();
            this.sweeper = new QueueRecoverySweeper(List.of(queue), region.attachLiveness());
            this.current = new int[p.producers()];
            this.complete = new boolean[p.producers()];
            this.random = new SplittableRandom(context.seed());
        }

        WorkloadResult execute() throws InterruptedException {
            sweeper.start(p.sweepMillis());
            long maxShare = p.shareOf(0);
            for (int j = 0; j < p.consumers(); j++) {
                KillProducerConsumer c = new KillProducerConsumer(queue.consumer(j), p.recordBytes(), p.maxStreams(), maxShare);
                Thread t = Thread.ofPlatform().daemon().name("fault-kill-producer-consumer-" + j).unstarted(() -> {
                    c.latency(context.latencyRecorder());
                    c.run();
                });
                consumers.add(c);
                consumerThreads.add(t);
                t.start();
            }
            for (int id = 0; id < p.producers(); id++) {
                current[id] = launch(id, p.shareOf(id), id == 0 ? p.haltAt() : -1);
            }
            awaitReady();
            long start = System.nanoTime();
            region.start(start);
            stream(start);
            drain();
            return result(start);
        }

        /** Starts a child for producer {@code id} publishing {@code count} records; returns its stream. */
        private int launch(int id, long count, long haltAt) {
            int stream = children.size();
            if (stream >= p.maxStreams()) {
                throw new IllegalStateException(what() + ": no stream left for producer " + id + " (a bug: callers check)");
            }
            List<String> args = new ArrayList<>(List.of(Integer.toString(stream), Integer.toString(id), Long.toString(count),
                    Long.toString(haltAt), region.file().toString()));
            args.addAll(p.toArgs());
            children.add(ChildJvm.builder(KillProducerChild.class.getName())
                    .name("fault-kill-producer stream " + stream + " (producer " + id + ")")
                    // Serial GC: several JVMs share few cores; parallel GC threads would only compete.
                    .jvmFlags("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED")
                    .args(args).start());
            streamOwner.add(id);
            streamHaltAt.add(haltAt);
            return stream;
        }

        private void awaitReady() {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            for (int id = 0; id < p.producers(); id++) {
                while (!complete[id] && !region.flag(current[id], KillProducerRegion.READY)) {
                    checkFailed(current[id]);
                    ChildJvm child = children.get(current[id]);
                    if (!child.isAlive()) {
                        int code = child.awaitExit(Duration.ZERO);
                        checkFailed(current[id]);
                        if (!ChildJvm.isSignalDeath(code)) {
                            throw new IllegalStateException(what() + ": " + child.name() + " (pid " + child.pid() + ") "
                                    + ChildJvm.describeExit(code) + " before it was ready:\n" + child.stderrTail(ChildJvm.TAIL_LINES));
                        }
                        replaceAfterUnplannedDeath(id, current[id], code);
                        continue;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException(what() + ": the producers were not ready within " + READY_TIMEOUT.toSeconds() + " s");
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
        }

        /** The kill loop: until every producer id published its share, or a stall ended the run. */
        private void stream(long start) {
            long deadline = start + Duration.ofSeconds(60).toNanos() + 50_000L * p.records();
            long nextKill = start + gap();
            long lastProgress = -1;
            long quietSince = System.nanoTime();
            while (!allComplete()) {
                long now = System.nanoTime();
                boolean running = false;
                for (int id = 0; id < p.producers(); id++) {
                    running |= supervise(id);
                }
                if (kills < p.kills() && now - nextKill >= 0) {
                    if (killOne()) {
                        nextKill = now + gap();
                    } else {
                        nextKill = now + POLL_NANOS * 10; // nobody is running right now: try again shortly
                    }
                }
                long progress = progress();
                if (progress != lastProgress || !running) {
                    lastProgress = progress;
                    quietSince = now;
                } else {
                    maxStallNanos = Math.max(maxStallNanos, now - quietSince);
                    if (now - quietSince > p.stallLimit() * 1_000_000L) {
                        stalled = true;
                        region.abort();
                        return;
                    }
                }
                if (now - deadline > 0) {
                    region.abort();
                    throw new IllegalStateException(what() + " did not finish within " + (deadline - start) / 1_000_000_000L
                            + " s without a stall of stall_limit_ms either (producers too slow?)");
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        private long gap() {
            return (long) (p.killInterval() * 1_000_000L * (0.5 + random.nextDouble()));
        }

        /**
         * Looks after producer {@code id}'s current child: finished, failed, or died (killed or
         * halted: start a replacement for what it had not certainly published). True if it runs.
         */
        private boolean supervise(int id) {
            if (complete[id]) {
                return false;
            }
            int s = current[id];
            checkFailed(s);
            if (region.flag(s, KillProducerRegion.DONE)) {
                complete[id] = true;
                return false;
            }
            ChildJvm child = children.get(s);
            if (child.isAlive()) {
                return region.flag(s, KillProducerRegion.READY);
            }
            int code = child.awaitExit(Duration.ZERO);
            checkFailed(s);
            if (region.flag(s, KillProducerRegion.DONE)) {
                complete[id] = true;
                return false;
            }
            if (wasKilled(s)) {
                replace(id, -1, null);
            } else if (code == KillProducerChild.HALT_CODE && streamHaltAt.get(s) >= 0) {
                halts++;
                replace(id, -1, null);
            } else if (ChildJvm.isSignalDeath(code)) {
                replaceAfterUnplannedDeath(id, s, code);
            } else {
                throw new IllegalStateException(what() + ": " + child.name() + " (pid " + child.pid() + ") "
                        + ChildJvm.describeExit(code) + ":\n" + child.stderrTail(ChildJvm.TAIL_LINES));
            }
            return false;
        }

        /**
         * A signal the workload did not send ended stream {@code s} of producer {@code id}: counts
         * it, notes it, and replaces the child (keeping a planned halt it had not reached yet).
         */
        private void replaceAfterUnplannedDeath(int id, int s, int code) {
            unplannedDeaths++;
            String event = "producer " + id + " " + ChildJvm.describeExit(code)
                    + (region.flag(s, KillProducerRegion.READY) ? " after it was ready" : " before it was ready");
            long haltAt = streamHaltAt.get(s);
            long remaining = p.shareOf(id) - publishedBy(id);
            replace(id, haltAt >= 0 && haltAt < remaining ? haltAt : -1, event);
        }

        /**
         * Starts a child for the rest of producer {@code id}'s share, or marks it complete when
         * nothing is left or the region has no stream left; {@code event}, if not null, is noted
         * with what became of the rest.
         */
        private void replace(int id, long haltAt, String event) {
            long remaining = p.shareOf(id) - publishedBy(id);
            if (remaining <= 0) {
                complete[id] = true;
                if (event != null) {
                    notes.add(event + "; it had published its whole share");
                }
                return;
            }
            if (children.size() >= p.maxStreams()) {
                complete[id] = true;
                notes.add((event != null ? event + "; " : "producer " + id + ": ") + "no stream was left for a replacement, so "
                        + remaining + " of its records were never published");
                return;
            }
            current[id] = launch(id, remaining, haltAt);
            restarts++;
            if (event != null) {
                notes.add(event + "; a replacement took over its remaining " + remaining + " records");
            }
        }

        private final List<Integer> killed = new ArrayList<>();

        private boolean wasKilled(int stream) {
            return killed.contains(stream);
        }

        /** SIGKILLs one running child chosen at random; false if none runs. */
        private boolean killOne() {
            List<Integer> candidates = new ArrayList<>();
            for (int id = 0; id < p.producers(); id++) {
                int s = current[id];
                if (!complete[id] && region.flag(s, KillProducerRegion.READY) && !region.flag(s, KillProducerRegion.DONE)
                        && children.get(s).isAlive()) {
                    candidates.add(s);
                }
            }
            if (candidates.isEmpty()) {
                return false;
            }
            int s = candidates.get(random.nextInt(candidates.size()));
            killed.add(s);
            children.get(s).killTree(); // destroyForcibly: SIGKILL on Linux
            kills++;
            return true;
        }

        private long publishedBy(int id) {
            long n = 0;
            for (int s = 0; s < children.size(); s++) {
                if (streamOwner.get(s) == id) {
                    n += region.get(s, KillProducerRegion.PUBLISHED);
                }
            }
            return n;
        }

        private void checkFailed(int s) {
            if (region.flag(s, KillProducerRegion.FAILED)) {
                throw new IllegalStateException(what() + ": " + children.get(s).name() + " failed:\n"
                        + children.get(s).stderrTail(ChildJvm.TAIL_LINES));
            }
        }

        private boolean allComplete() {
            for (boolean c : complete) {
                if (!c) {
                    return false;
                }
            }
            return true;
        }

        private long progress() {
            long n = 0;
            for (KillProducerConsumer c : consumers) {
                n += c.progress();
            }
            return n;
        }

        /** Lets the consumers (and the sweeper) take what is left, until nothing arrives for a while; then stops them. */
        private void drain() throws InterruptedException {
            if (!stalled) {
                long last = progress();
                long quietSince = System.nanoTime();
                long limit = quietSince + p.stallLimit() * 1_000_000L + DRAIN_QUIET_NANOS;
                while (System.nanoTime() - quietSince < DRAIN_QUIET_NANOS && System.nanoTime() - limit < 0) {
                    LockSupport.parkNanos(POLL_NANOS * 5);
                    long now = progress();
                    if (now != last) {
                        last = now;
                        quietSince = System.nanoTime();
                    }
                }
            }
            stopConsumers();
        }

        private void stopConsumers() throws InterruptedException {
            for (KillProducerConsumer c : consumers) {
                c.stop();
            }
            for (Thread t : consumerThreads) {
                t.interrupt(); // a vsched pop spinning on a dead producer's slot gives up only when interrupted
                t.join(STOP_MILLIS);
                if (t.isAlive()) {
                    stuckConsumers++; // spinning inside a pop that ignores interrupts: ended by unmapping the region
                }
            }
        }

        private WorkloadResult result(long start) {
            sweeper.close();
            long distinct = 0;
            long seenTotal = 0;
            long lost = 0;
            long abandoned = 0;
            long torn = 0;
            long duplicated = 0;
            long last = start;
            for (KillProducerConsumer c : consumers) {
                torn += c.torn();
                duplicated += c.duplicates();
                last = Math.max(last, c.lastPopNanos());
            }
            long published = 0;
            for (int s = 0; s < children.size(); s++) {
                long pub = region.get(s, KillProducerRegion.PUBLISHED);
                long begun = region.get(s, KillProducerRegion.STARTED);
                published += pub;
                long[] union = new long[consumers.getFirst().seen(s).length];
                for (KillProducerConsumer c : consumers) {
                    long[] bits = c.seen(s);
                    for (int w = 0; w < bits.length; w++) {
                        seenTotal += Long.bitCount(bits[w]);
                        union[w] |= bits[w];
                    }
                }
                for (long seq = 0; seq < Math.max(pub, begun); seq++) {
                    boolean got = (union[(int) (seq >>> 6)] & (1L << seq)) != 0;
                    if (!got) {
                        if (seq < pub) {
                            lost++;
                        } else {
                            abandoned++;
                        }
                    }
                }
                for (long w : union) {
                    distinct += Long.bitCount(w);
                }
            }
            duplicated += seenTotal - distinct;
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("records", distinct);
            counters.put("lost", lost);
            counters.put("duplicated", duplicated);
            counters.put("torn", torn);
            counters.put("abandoned", abandoned);
            counters.put("recovered_slots", sweeper.recovered());
            counters.put("max_stall_ms", maxStallNanos / 1_000_000L);
            counters.put("kills", kills);
            counters.put("halts", halts);
            counters.put("restarts", restarts);
            counters.put("stalled", stalled ? 1L : 0L);
            counters.put("published", published);
            counters.put("stuck_consumers", stuckConsumers);
            counters.put("unplanned_deaths", unplannedDeaths);
            return new WorkloadResult(distinct, Math.max(1, last - start), counters, notes);
        }

        private String what() {
            return KillProducerParams.WORKLOAD + " with queue '" + p.queue() + "'";
        }

        @Override
        public void close() {
            region.abort();
            for (KillProducerConsumer c : consumers) {
                c.stop();
            }
            for (Thread t : consumerThreads) {
                t.interrupt();
            }
            sweeper.close();
            for (ChildJvm c : children) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    // best effort: the others must still be killed
                }
            }
        }
    }
}
