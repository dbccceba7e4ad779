package org.vdsolab.experiments.uring;

import org.vdsolab.experiments.runner.results.CellSummary;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.KernelPoller;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringControl.Counter;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.LatencyRecorder;
import org.vdsolab.api.workload.WorkloadContext;
import org.vdsolab.api.workload.WorkloadProvider;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code uring-roundtrip}: one user domain keeps {@code depth} requests in flight through an
 * io_uring whose SQ and CQ are queues of the chosen provider, served by kernel pollers in this JVM
 * and a device model ({@code null} by default: the harness floor, like fio's null engine).
 * Requests are staged privately and submitted in batches of {@code depth} ({@link SqBuffer}).
 * Latency is staging to reaping per request; throughput is completions per second. Counters:
 * {@code records} (completions reaped), {@code lost}, {@code duplicated}, {@code errors} (negative
 * results), {@code overflowed} (CQEs that went through the kernel's overflow list), {@code sleeps}
 * (poller NEED_WAKEUP parks), and {@code device_<name>} for each of the device model's own
 * {@link DeviceModel#counters()} (the nic's {@code frames_sent} and {@code frames_dropped}). The
 * kernel bounds the device by the model's own {@link DeviceModel#capacityBytes()}. Stateless and
 * thread-safe; each run uses its own region file.
 */
public final class UringRoundTripWorkload implements WorkloadProvider {

    private static final AtomicLong RUNS = new AtomicLong();
    private static final long BLOCK = UringDevices.BLOCK;

    @Override public String name() { return "uring-roundtrip"; }

    @Override public String description() {
        return "io_uring round trips (stage, batch submit, poll, reap) over a queue provider and a device model";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("queue", "queue provider name for the SQ and the CQ (required): spsc, spsc-shared, disruptor, vsched-classic, vsched");
        p.put("device", "device provider name (default null): null, fixed, nvme, file, ...");
        p.put("device_profile", "device profile, e.g. optane-p4800x (default: the model's defaults)");
        p.put("op", "nop | read | write (default read): the request each SQE carries (nop never reaches the device)");
        p.put("records", "requests per repetition (default 100000)");
        p.put("depth", "requests in flight = the submit batch, 1..1024 (default 32)");
        p.put("entries", "SQ and CQ slots, a power of two >= depth (default 256)");
        p.put("pollers", "kernel poller threads, 1..8 (default 1; spsc and spsc-shared need 1)");
        p.put("poller_idle_us", "poller idle time before it sets NEED_WAKEUP and parks, microseconds (default 1000000, "
                + "Linux's sq_thread_idle default)");
        p.put("device_bytes", "bytes of the device the requests address, a multiple of 4096 (default 67108864); the file device is"
                + " sized to it, other models keep their own capacity");
        return p;
    }

    private record Params(String queue, String device, String profile, int op, long records, int depth, int entries,
                          int pollers, long deviceBytes, long idleMicros) { }

    private static Params parse(Map<String, String> p) {
        String queue = p.get("queue");
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("uring-roundtrip: parameter 'queue' is required (a queue provider name)");
        }
        String opText = p.getOrDefault("op", "read");
        int op = switch (opText) {
            case "nop" -> UringOp.NOP;
            case "read" -> UringOp.READ;
            case "write" -> UringOp.WRITE;
            default -> throw new IllegalArgumentException("uring-roundtrip: parameter 'op' must be one of nop, read, write, got '" + opText + "'");
        };
        long records = num(p, "records", 100_000, 1, Long.MAX_VALUE);
        int depth = (int) num(p, "depth", 32, 1, 1024);
        int entries = (int) num(p, "entries", 256, 2, UringSpec.MAX_ENTRIES);
        if (Integer.bitCount(entries) != 1 || entries < depth) {
            throw new IllegalArgumentException("uring-roundtrip: parameter 'entries' must be a power of two >= depth (" + depth + "), got " + entries);
        }
        int pollers = (int) num(p, "pollers", 1, 1, 8);
        long deviceBytes = num(p, "device_bytes", 64L << 20, BLOCK, Long.MAX_VALUE);
        if (deviceBytes % BLOCK != 0) {
            throw new IllegalArgumentException("uring-roundtrip: parameter 'device_bytes' must be a multiple of 4096, got " + deviceBytes);
        }
        long idleMicros = num(p, "poller_idle_us", 1_000_000, 0, 60_000_000);
        return new Params(queue, p.getOrDefault("device", "null"), p.get("device_profile"), op, records, depth, entries,
                pollers, deviceBytes, idleMicros);
    }

    private static long num(Map<String, String> p, String key, long dflt, long min, long max) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("uring-roundtrip: parameter '" + key + "' must be in [" + min + ", " + max + "], got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("uring-roundtrip: parameter '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    @Override
    public void validate(Map<String, String> params) {
        parse(params);
    }

    @Override
    public WorkloadResult run(WorkloadContext context) throws Exception {
        Params p = parse(context.params());
        long bufferBytes = Math.max(64 * 1024, p.depth() * BLOCK);
        UringSpec spec = UringSpec.simple(p.queue(), p.entries(), p.entries()).withPollers(p.pollers()).withBufferBytes(bufferBytes);
        KernelPoller.Tuning defaults = KernelPoller.Tuning.defaults();
        UringKernel.Builder b = UringKernel.builder(spec)
                .tuning(new KernelPoller.Tuning(defaults.batch(), p.idleMicros() * 1_000, defaults.parkSliceNanos(),
                        defaults.cqBufferEntries()))
                .regionFile(SharedRegion.defaultPath("uring-rt-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet()));
        DeviceModel model = UringDevices.open(p.device(), p.profile(), p.deviceBytes(), context.seed());
        int fd = b.device(p.device(), model);   // bounded by the model's own capacity
        try (UringKernel kernel = b.build().startPollers(); UringUser user = kernel.user(0)) {
            LatencyRecorder latency = context.latencyRecorder();
            SqBuffer sb = user.newSqBuffer(p.depth());
            long[] sentAt = new long[p.depth()];
            int[] freeSlots = new int[p.depth()];
            for (int i = 0; i < p.depth(); i++) {
                freeSlots[i] = i;
            }
            int free = p.depth();
            BitSet seen = new BitSet();
            long blocks = p.deviceBytes() / BLOCK;
            long submitted = 0;
            long completed = 0;
            long duplicated = 0;
            long errors = 0;
            Cqe c = new Cqe();
            long start = System.nanoTime();
            long deadline = start + 120_000_000_000L + p.records() * 100_000L;
            while (completed < p.records()) {
                while (free > 0 && submitted < p.records()) {
                    int slot = freeSlots[--free];
                    SqeView v = sb.getSqe();
                    v.opcode(p.op()).userData((submitted << 16) | slot);
                    if (p.op() != UringOp.NOP) {
                        v.fd(fd).off(((submitted * 7919) % blocks) * BLOCK).addr(slot * BLOCK).len((int) BLOCK);
                    }
                    sentAt[slot] = System.nanoTime();
                    submitted++;
                }
                sb.submit();
                while (user.poll(c)) {
                    long now = System.nanoTime();
                    int slot = (int) (c.userData & 0xFFFF);
                    long seq = c.userData >>> 16;
                    latency.record(now - sentAt[slot]);
                    freeSlots[free++] = slot;
                    if (seen.get((int) seq)) {
                        duplicated++;
                    }
                    seen.set((int) seq);
                    if (c.res < 0) {
                        errors++;
                    }
                    completed++;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("uring-roundtrip on queue '" + p.queue() + "' with device '" + p.device()
                            + "' stalled: " + completed + " of " + p.records() + " completions after the time limit");
                }
            }
            long elapsed = System.nanoTime() - start;
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put("records", completed - duplicated);
            counters.put("lost", p.records() - seen.cardinality());
            counters.put("duplicated", duplicated);
            counters.put("errors", errors);
            counters.put("overflowed", kernel.total(Counter.OVERFLOWED));
            counters.put("sleeps", kernel.total(Counter.SLEEPS));
            model.counters().forEach((name, value) -> counters.put("device_" + name, value));
            counters.put(CellSummary.PARTIES, 1L + p.pollers()); // the submitting thread and the kernel pollers
            return new WorkloadResult(completed, elapsed, counters);
        }
    }
}
