package org.vdsolab.experiments.faults;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.spi.Providers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one {@code fault-kill-producer} cell, parsed and checked; also how they travel
 * to a producer child JVM ({@link #toArgs}, {@link #fromArgs}). Immutable and thread-safe.
 *
 * @param queue        queue provider name (a multi-producer design)
 * @param producers    producer ids, each a chain of child JVMs (the first and its replacements)
 * @param consumers    consumer threads in the parent (1 for designs without MULTI_CONSUMER)
 * @param records      records to publish over all producers
 * @param capacity     queue slots
 * @param recordBytes  bytes per record
 * @param push         how producers push: copy, slot (claim, write in place, publish) or batch
 * @param batch        records per pushMultiple in batch mode
 * @param kills        SIGKILLs the parent sends at random times
 * @param killInterval mean time between kills, ms (each gap uniform in [0.5, 1.5] of it)
 * @param haltAt       record number at which producer 0's first child halts right after a claim, or -1
 * @param sweepMillis  period of the recovery sweeper, ms
 * @param stallLimit   a stall this long (ms) while producers are alive ends the repetition
 */
record KillProducerParams(String queue, int producers, int consumers, long records, int capacity, int recordBytes,
                          String push, int batch, int kills, long killInterval, long haltAt, long sweepMillis,
                          long stallLimit) {

    static final String WORKLOAD = "fault-kill-producer";
    static final List<String> PUSH_MODES = List.of("auto", "copy", "slot", "batch");

    static Map<String, String> describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider (required): a multi-producer design, e.g. vsched, disruptor (owner recovery), "
                + "vsched-classic, spsc-shared (no recovery: measured failures)");
        p.put("producers", "producer ids, each a child JVM replaced after every kill, 1..16 (default 2)");
        p.put("consumers", "consumer threads in the parent, 1..16 (default 1; 1 for designs without multi_consumer)");
        p.put("records", "records published over all producers per repetition, 1000..10^8 (default 2000000)");
        p.put("capacity", "queue slots, a power of two (default 1024)");
        p.put("record_bytes", "bytes per record, a multiple of 8 in [24, 4096] (default 64)");
        p.put("push", "auto | copy | slot | batch (default auto = slot where the design has push_slot, else copy): "
                + "pushBack, pushSlotBack + in-place write + close, or pushMultiple of `batch`");
        p.put("batch", "records per pushMultiple with push: batch, 2..256 (default 16)");
        p.put("kills", "SIGKILLs of a running producer child at seeded random times, 0..1000 (default 5)");
        p.put("kill_interval_ms", "mean time between kills, 1..60000 ms (default 300); each gap uniform in [0.5, 1.5] of it");
        p.put("halt_at", "record number at which producer 0's first child halts itself right after claiming a slot "
                + "(push_slot open, never published), or -1 = off (default); ignored where push is not slot (a design without "
                + "push_slot, such as vsched-classic, is killed between claim and publish only by chance)");
        p.put("sweep_ms", "period of the parent's QueueRecoverySweeper, 1..10000 ms (default 10)");
        p.put("stall_limit_ms", "consumers seeing no progress this long while producers are alive ends the repetition "
                + "(counter stalled = 1; what is published and unconsumed then counts as lost), 100..600000 (default 3000)");
        return p;
    }

    static KillProducerParams parse(Map<String, String> params) {
        ParamReader r = new ParamReader(WORKLOAD, params);
        String queue = r.string("queue", null);
        QueueProvider provider = Providers.find(QueueProvider.class, queue);
        if (!provider.has(QueueCapability.MULTI_PRODUCER) || provider.has(QueueCapability.RING_PER_PRODUCER)) {
            throw r.error("queue", queue, "a design whose producers share one queue (multi_producer without "
                    + "ring_per_producer): a replacement producer must take over the dead one's queue");
        }
        int producers = r.intValue("producers", 2, 1, 16);
        int consumers = r.intValue("consumers", 1, 1, 16);
        if (!provider.has(QueueCapability.MULTI_CONSUMER)) {
            consumers = 1;
        }
        long records = r.longValue("records", 2_000_000, 1000, 100_000_000);
        int capacity = r.powerOfTwo("capacity", 1024, 2, QueueSpec.MAX_CAPACITY);
        int recordBytes = r.intValue("record_bytes", 64, 24, 4096);
        if (recordBytes % 8 != 0) {
            throw r.error("record_bytes", Integer.toString(recordBytes), "a multiple of 8 in [24, 4096]");
        }
        String push = r.choice("push", "auto", PUSH_MODES);
        if (push.equals("auto")) {
            push = provider.has(QueueCapability.PUSH_SLOT) ? "slot" : "copy";
        }
        if (push.equals("slot") && !provider.has(QueueCapability.PUSH_SLOT)) {
            throw r.error("push", push, "copy or batch for queue '" + queue + "' (it has no push_slot)");
        }
        if (push.equals("batch") && !provider.has(QueueCapability.BATCH)) {
            throw r.error("push", push, "copy or slot for queue '" + queue + "' (it has no batch)");
        }
        int batch = r.intValue("batch", 16, 2, 256);
        int kills = r.intValue("kills", 5, 0, 1000);
        long interval = r.longValue("kill_interval_ms", 300, 1, 60_000);
        long haltAt = r.longValue("halt_at", -1, -1, records / producers - 1);
        if (!push.equals("slot")) {
            haltAt = -1; // only an open push_slot handle is a claim a halt can land in; see describe()
        }
        long sweep = r.longValue("sweep_ms", 10, 1, 10_000);
        long stallLimit = r.longValue("stall_limit_ms", 3000, 100, 600_000);
        KillProducerParams p = new KillProducerParams(queue, producers, consumers, records, capacity, recordBytes, push,
                batch, kills, interval, haltAt, sweep, stallLimit);
        provider.validate(p.spec());
        return p;
    }

    QueueProvider provider() {
        return Providers.find(QueueProvider.class, queue);
    }

    QueueSpec spec() {
        return new QueueSpec(capacity, recordBytes, producers, consumers);
    }

    /** Records producer id {@code p} publishes in all: an even split, the first ids taking the remainder. */
    long shareOf(int p) {
        return records / producers + (p < records % producers ? 1 : 0);
    }

    /** Streams the region has room for: every producer, a replacement per kill and halt, and one spare per producer for a death from outside. */
    int maxStreams() {
        return 2 * producers + kills + (haltAt >= 0 ? 1 : 0);
    }

    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add("queue=" + queue);
        a.add("producers=" + producers);
        a.add("consumers=" + consumers);
        a.add("records=" + records);
        a.add("capacity=" + capacity);
        a.add("record_bytes=" + recordBytes);
        a.add("push=" + push);
        a.add("batch=" + batch);
        a.add("kills=" + kills);
        a.add("kill_interval_ms=" + killInterval);
        a.add("halt_at=" + haltAt);
        a.add("sweep_ms=" + sweepMillis);
        a.add("stall_limit_ms=" + stallLimit);
        return a;
    }

    static KillProducerParams fromArgs(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(WORKLOAD + " child: argument '" + a + "' is not key=value");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return parse(m);
    }
}
