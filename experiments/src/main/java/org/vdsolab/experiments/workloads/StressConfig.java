package org.vdsolab.experiments.workloads;

import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.workload.Pacer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parsed and checked parameters of one queue-stress repetition, plus what follows from them
 * (records per producer, the queue spec, the effective consumer count). Also its own wire format
 * for child JVMs ({@link #toArgs()} / {@link #fromArgs}). Immutable.
 *
 * @param consumers the consumer count actually run: the requested one, clamped for a design
 *                  without MULTI_CONSUMER to 1 (global) or to one per CPU (per-cpu); see
 *                  {@link QueueStressWorkload#parameters()}
 * @param cpus      queue copies in per-cpu placement (1 in global placement)
 */
record StressConfig(String queue, int producers, int consumersRequested, int consumers, Mode mode, long records,
                    int capacity, int recordBytes, int batch, Push push, boolean openLoop, double rate,
                    Pacer.Arrival arrival, Placement placement, int cpus, long seed) {

    /** Where producers and consumers run. */
    enum Mode { THREADS, PROCESSES }

    /** How producers hand records to the queue. */
    enum Push { COPY, SLOT }

    /**
     * Where the queue lives: one queue in a GLOBAL vvar area shared by every party, or one queue per
     * CPU in a PER_CPU area (producer i and consumer j on CPU i % cpus and j % cpus use that CPU's copy).
     */
    enum Placement {
        GLOBAL("global"), PER_CPU("per-cpu");

        private final String key;

        Placement(String key) { this.key = key; }

        /** The parameter value that names it. */
        String key() { return key; }
    }

    static final String QUEUE = "queue";
    static final String PRODUCERS = "producers";
    static final String CONSUMERS = "consumers";
    static final String MODE = "mode";
    static final String RECORDS = "records";
    static final String CAPACITY = "capacity";
    static final String RECORD_BYTES = "record_bytes";
    static final String BATCH = "batch";
    static final String PUSH = "push";
    static final String PLACEMENT = "placement";
    static final String CPUS = "cpus";

    /** Highest producer / consumer count accepted (each party has a 128-byte control line). */
    static final int MAX_PARTIES = 64;
    /** Records per producer are tracked in a bitmap indexed by an int. */
    static final long MAX_RECORDS_PER_PRODUCER = Integer.MAX_VALUE - 64;

    /** Defaults, by key, for parameters a config leaves out. */
    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(PRODUCERS, "1");
        d.put(CONSUMERS, "1");
        d.put(MODE, "threads");
        d.put(RECORDS, "1000000");
        d.put(CAPACITY, "1024");
        d.put(RECORD_BYTES, "64");
        d.put(BATCH, "1");
        d.put(PUSH, "copy");
        d.put(PLACEMENT, "global");
        // CPUS has no fixed default: it follows consumers (see parse).
        return d;
    }

    /**
     * Parses and checks {@code params} (missing keys take {@link #defaults()}), including that the
     * provider exists and accepts the spec.
     *
     * @throws IllegalArgumentException naming the key, its value and what is allowed
     * @throws org.vdsolab.api.spi.UnknownProviderException listing the available queues
     */
    static StressConfig parse(Map<String, String> params, long seed) {
        Map<String, String> p = new LinkedHashMap<>(defaults());
        p.putAll(params);
        String queue = p.get(QUEUE);
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("parameter '" + QUEUE + "' is required: a queue provider name, one of "
                    + Providers.names(QueueProvider.class));
        }
        queue = queue.trim();
        QueueProvider provider = Providers.find(QueueProvider.class, queue);
        int producers = (int) integer(p, PRODUCERS, 1, MAX_PARTIES);
        int consumersRequested = (int) integer(p, CONSUMERS, 1, MAX_PARTIES);
        Placement placement = placement(p.get(PLACEMENT));
        int cpus = 1;
        if (placement == Placement.PER_CPU) {
            String rawCpus = p.get(CPUS);
            cpus = rawCpus == null ? consumersRequested : (int) integer(p, CPUS, 1, consumersRequested);
        } else if (p.get(CPUS) != null) {
            integer(p, CPUS, 1, MAX_PARTIES); // checked for its type; a single global queue has no use for it
        }
        // Without MULTI_CONSUMER a queue takes one consumer: one in all (global) or one per CPU's queue (per-cpu).
        int consumers = provider.has(QueueCapability.MULTI_CONSUMER) ? consumersRequested : cpus;
        Mode mode = choice(p, MODE, Mode.class);
        long records = integer(p, RECORDS, producers, MAX_RECORDS_PER_PRODUCER * producers);
        int capacity = (int) integer(p, CAPACITY, 2, QueueSpec.MAX_CAPACITY);
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("parameter '" + CAPACITY + "' must be a power of two, got " + capacity);
        }
        int recordBytes = (int) integer(p, RECORD_BYTES, 16, QueueSpec.MAX_RECORD_BYTES);
        if (recordBytes % 8 != 0) {
            throw new IllegalArgumentException("parameter '" + RECORD_BYTES + "' must be a multiple of 8 in [16, 4096], got " + recordBytes);
        }
        int batch = (int) integer(p, BATCH, 1, 4096);
        Push push = choice(p, PUSH, Push.class);
        OfferedLoad load = OfferedLoad.parse(p, "");
        if (push == Push.SLOT && !provider.has(QueueCapability.PUSH_SLOT)) {
            throw new IllegalArgumentException("parameter '" + PUSH + "' is slot but queue '" + queue
                    + "' has no push_slot; its capabilities are: " + provider.capabilitySummary());
        }
        if (batch > 1 && !provider.has(QueueCapability.BATCH)) {
            throw new IllegalArgumentException("parameter '" + BATCH + "' is " + batch + " but queue '" + queue
                    + "' has no batch operations (use batch: 1); its capabilities are: " + provider.capabilitySummary());
        }
        StressConfig c = new StressConfig(queue, producers, consumersRequested, consumers, mode, records, capacity, recordBytes,
                batch, push, load.open(), load.rate(), load.arrival(), placement, cpus, seed);
        QueueSpec spec = c.spec();
        try {
            provider.validate(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queue '" + queue + "' refuses " + spec.producers() + " producers, " + spec.consumers()
                    + " consumers" + (placement == Placement.PER_CPU ? " per CPU queue (" + cpus + " CPUs)" : "")
                    + ", capacity " + capacity + ", record_bytes " + recordBytes + ": " + e.getMessage(), e);
        }
        return c;
    }

    private static long integer(Map<String, String> p, String key, long min, long max) {
        String raw = p.get(key).trim();
        long v;
        try {
            v = Long.parseLong(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(raw); // 1e7 in a YAML file arrives as "1.0E7"
                if (d != Math.rint(d) || Math.abs(d) > 9e18) {
                    throw new NumberFormatException();
                }
                v = (long) d;
            } catch (NumberFormatException e2) {
                throw new IllegalArgumentException("parameter '" + key + "' must be a whole number in [" + min + ", " + max
                        + "], got '" + p.get(key) + "'");
            }
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("parameter '" + key + "' must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(Map<String, String> p, String key, Class<E> type) {
        String raw = p.get(key).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("parameter '" + key + "' must be one of " + String.join(", ", allowed)
                + ", got '" + p.get(key) + "'");
    }

    private static Placement placement(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        for (Placement pl : Placement.values()) {
            if (pl.key().equals(v)) {
                return pl;
            }
        }
        throw new IllegalArgumentException("parameter '" + PLACEMENT + "' must be global or per-cpu, got '" + raw + "'");
    }

    QueueProvider provider() {
        return Providers.find(QueueProvider.class, queue);
    }

    /**
     * The spec of one queue: every party in global placement; in per-cpu placement the most
     * parties any one CPU has (CPU 0's), so that every CPU's copy has the same size.
     */
    QueueSpec spec() {
        return new QueueSpec(capacity, recordBytes, ceilDiv(producers, cpus), ceilDiv(consumers, cpus));
    }

    /** The CPU (queue copy) producer or consumer {@code id} runs on; always 0 in global placement. */
    int cpuOf(int id) {
        return id % cpus;
    }

    /** The party's index among those on its CPU: its id at {@link org.vdsolab.api.queue.SharedQueue#producer}. */
    int localId(int id) {
        return id / cpus;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Records producer {@code id} pushes: an even share, the first {@code records % producers} get one more. */
    long recordsFor(int id) {
        return records / producers + (id < records % producers ? 1 : 0);
    }

    /** The largest {@link #recordsFor}: the size of every per-producer bitmap. */
    long maxRecordsPerProducer() {
        return recordsFor(0);
    }

    /** The offered load: closed loop, or open loop at {@link #rate} with {@link #arrival} gaps. */
    OfferedLoad load() {
        return new OfferedLoad(openLoop, rate, arrival);
    }

    /** Each producer's share of an open-loop rate. */
    double ratePerProducer() {
        return rate / producers;
    }

    /** This config as child-JVM arguments, {@code key=value} each. */
    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add(QUEUE + "=" + queue);
        a.add(PRODUCERS + "=" + producers);
        a.add(CONSUMERS + "=" + consumersRequested);
        a.add(MODE + "=" + mode.name().toLowerCase(Locale.ROOT));
        a.add(RECORDS + "=" + records);
        a.add(CAPACITY + "=" + capacity);
        a.add(RECORD_BYTES + "=" + recordBytes);
        a.add(BATCH + "=" + batch);
        a.add(PUSH + "=" + push.name().toLowerCase(Locale.ROOT));
        a.addAll(load().toArgs());
        a.add(PLACEMENT + "=" + placement.key());
        a.add(CPUS + "=" + cpus);
        a.add("seed=" + seed);
        return a;
    }

    /** Parses {@link #toArgs()} output back. */
    static StressConfig fromArgs(List<String> args) {
        Map<String, String> p = new LinkedHashMap<>();
        long seed = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("queue-stress child argument '" + arg + "' is not key=value");
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (key.equals("seed")) {
                seed = Long.parseLong(value);
            } else {
                p.put(key, value);
            }
        }
        return parse(p, seed);
    }

    /** One line for messages. */
    String describe() {
        return String.format(Locale.ROOT, "queue %s, %dP%dC %s, %s, %d records, capacity %d, %d-byte records, batch %d, push %s, %s",
                queue, producers, consumers, mode.name().toLowerCase(Locale.ROOT),
                placement == Placement.PER_CPU ? "per-cpu on " + cpus + " CPUs" : "global", records, capacity, recordBytes, batch,
                push.name().toLowerCase(Locale.ROOT), load().describe());
    }
}
