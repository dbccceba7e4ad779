package org.vdsolab.api.uring;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One SQPOLL-style kernel poller thread's work: pop SQEs in batches, validate each, start it on
 * its device (or answer it at once), keep simulated completions in a {@link CompletionTimers}
 * heap, and push CQEs through per-CQ {@link CqBuffer}s, keeping whatever a full CQ refuses in a
 * private {@link CompletionBacklog} (never dropped; CQ_OVERFLOW set in the vvar while any is held).
 *
 * <p>Idling: while it has nothing to do it calls its {@link IdleStrategy}; after
 * {@code idleTimeoutNanos} without work (and with no timer or backlog pending) it runs the sleep
 * half of the wake protocol described in {@link UringControl}: NEED_WAKEUP, re-check, park in
 * {@code parkSliceNanos} slices until the wake sequence moves or the SQ fills.
 *
 * <p>IO_LINK chains are tracked per submitting domain in this poller's private state, so a chain
 * is honoured when one poller serves all of it: always with one poller; with several pollers on an
 * MPMC SQ a chain may be split between pollers (each then sees a partial chain) — use one poller
 * for linked workloads.
 *
 * <p>No exception stops a poller: every SQE is answered, a throwing device model with
 * {@code -EIO}. Not thread-safe: {@link #run()} is called by exactly one thread; {@link #stop()}
 * from any.
 */
public final class KernelPoller implements Runnable {

    /** Tuning of a poller. */
    public record Tuning(int batch, long idleTimeoutNanos, long parkSliceNanos, int cqBufferEntries) {
        public Tuning {
            if (batch < 1 || batch > 4096) {
                throw new IllegalArgumentException("poller batch must be in [1, 4096], got " + batch);
            }
            if (idleTimeoutNanos < 0) {
                throw new IllegalArgumentException("poller idleTimeoutNanos must be >= 0, got " + idleTimeoutNanos);
            }
            if (parkSliceNanos < 1_000 || parkSliceNanos > 1_000_000_000L) {
                throw new IllegalArgumentException("poller parkSliceNanos must be in [1000, 1e9], got " + parkSliceNanos);
            }
            if (cqBufferEntries < 1 || cqBufferEntries > UringSpec.MAX_ENTRIES) {
                throw new IllegalArgumentException("poller cqBufferEntries must be in [1, 2^20], got " + cqBufferEntries);
            }
        }

        /** Batch 32, idle timeout 1 ms (Linux's sq_thread_idle default is 1 s; tests want it short), park slice 200 µs, CQ buffer 32. */
        public static Tuning defaults() {
            return new Tuning(32, 1_000_000, 200_000, 32);
        }
    }

    private static final Counter[] COUNTERS = Counter.values();

    private final int id;
    private final UringSpec spec;
    private final Sq sq;
    private final SharedQueue sqQueue;
    private final CqBuffer[] cqBuffers;
    private final CompletionBacklog[] backlogs;
    private final int[] cqOf;
    private final CompletionTimers timers = new CompletionTimers(256);
    private final DeviceTable devices;
    private final SqeValidator validator;
    private final MemorySegment[] buffers;
    private final UringControl control;
    private final IdleStrategy idle;
    private final Tuning tuning;
    private final IoResult io = new IoResult();
    private final boolean[] chainOpen;
    private final boolean[] chainFailed;
    private final long[] chainTime;
    private final long[] counters = new long[COUNTERS.length];
    private volatile boolean running = true;

    /**
     * @param cqs     the CQs in routing order, as seen by this poller's domain
     * @param buffers each user domain's buffer slice, indexed by domain
     */
    public KernelPoller(int id, UringSpec spec, SharedQueue sqQueue, SharedQueue[] cqs, DeviceTable devices,
                        MemorySegment[] buffers, UringControl control, IdleStrategy idle, Tuning tuning) {
        this.id = id;
        this.spec = spec;
        this.sqQueue = sqQueue;
        this.sq = Sq.poller(sqQueue, id, tuning.batch());
        this.cqBuffers = new CqBuffer[cqs.length];
        this.backlogs = new CompletionBacklog[cqs.length];
        for (int c = 0; c < cqs.length; c++) {
            cqBuffers[c] = new CqBuffer(cqs[c], id, tuning.cqBufferEntries());
            backlogs[c] = new CompletionBacklog(64);
        }
        this.cqOf = new int[spec.domains()];
        for (int d = 0; d < spec.domains(); d++) {
            cqOf[d] = spec.cqOf(d);
        }
        this.devices = devices;
        this.validator = new SqeValidator(devices, spec.bufferBytes());
        this.buffers = buffers.clone();
        this.control = control;
        this.idle = idle;
        this.tuning = tuning;
        this.chainOpen = new boolean[spec.domains()];
        this.chainFailed = new boolean[spec.domains()];
        this.chainTime = new long[spec.domains()];
    }

    public int id() { return id; }

    /** Asks the loop to end; it finishes the SQEs it popped, then returns. */
    public void stop() { running = false; }

    @Override
    public void run() {
        long lastWork = System.nanoTime();
        idle.reset();
        while (running) {
            boolean worked = pollOnce();
            long now = System.nanoTime();
            if (worked) {
                idle.reset();
                lastWork = now;
                continue;
            }
            if (!timers.isEmpty() || holdsCompletions() || now - lastWork < tuning.idleTimeoutNanos()) {
                idle.idle();
            } else {
                sleep();
                idle.reset();
                lastWork = System.nanoTime();
            }
        }
        publishCounters();
    }

    /**
     * One round: fire due timers, pop and serve one batch, flush the CQ buffers and backlogs.
     * Public so tests can drive a poller without its thread.
     *
     * @return whether anything was popped, fired or delivered
     */
    public boolean pollOnce() {
        long now = System.nanoTime();
        boolean worked = fireDue(now);
        int n = sq.popMultiple(tuning.batch());
        if (n > 0) {
            worked = true;
            counters[Counter.SQES.ordinal()] += n;
            for (int i = 0; i < n; i++) {
                serve(sq.sqe(i), now);
            }
            worked |= fireDue(System.nanoTime());
        }
        worked |= flush();
        if (worked) {
            publishCounters();
        }
        return worked;
    }

    /** Whether completions wait in this poller's CQ buffers or backlogs. */
    public boolean holdsCompletions() {
        for (int c = 0; c < cqBuffers.length; c++) {
            if (cqBuffers[c].staged() > 0 || !backlogs[c].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Simulated completions not yet due. */
    public int pendingTimers() { return timers.size(); }

    private void serve(SqeView s, long now) {
        int owner = s.personality();
        if (owner >= spec.domains()) {
            counters[Counter.UNROUTABLE.ordinal()]++; // nobody to answer: the SQE names no domain
            return;
        }
        long userData = s.userData();
        int flags = s.flags();
        boolean link = (flags & SqeFlags.IO_LINK) != 0;
        boolean skipSuccess = (flags & SqeFlags.CQE_SKIP_SUCCESS) != 0;
        long start = chainOpen[owner] ? Math.max(now, chainTime[owner]) : now;
        int res;
        long at;
        boolean failed;
        if (chainOpen[owner] && chainFailed[owner]) {
            res = -Errno.ECANCELED;
            at = start;
            failed = true;
            counters[Counter.CANCELLED.ordinal()]++;
        } else {
            int err;
            try {
                err = validator.check(s, owner);
            } catch (RuntimeException e) {
                err = -Errno.EINVAL; // defensive: validation reads only the SQE and fixed tables
            }
            if (err != 0) {
                res = err;
                at = start;
                counters[Counter.INVALID.ordinal()]++;
            } else {
                res = execute(s, owner, start);
                at = Math.max(start, io.completeAtNanos);
            }
            int op = s.opcode();
            boolean rw = op == UringOp.READ || op == UringOp.WRITE;
            failed = res < 0 || (rw && err == 0 && res != s.len());
        }
        if (link) {
            chainOpen[owner] = true;
            chainTime[owner] = at;
            chainFailed[owner] |= failed;
        } else {
            chainOpen[owner] = false;
            chainFailed[owner] = false;
        }
        if (skipSuccess && res >= 0) {
            counters[Counter.SKIPPED.ordinal()]++;
            return;
        }
        if (at - now <= 0) {
            post(userData, res, owner);
        } else {
            timers.add(at, userData, res, owner);
        }
    }

    /** Runs a validated SQE; leaves the completion time in {@code io.completeAtNanos}, returns res. */
    private int execute(SqeView s, int owner, long start) {
        switch (s.opcode()) {
            case UringOp.NOP:
                io.set(start, 0);
                return 0;
            case UringOp.TIMEOUT: {
                long t = validator.timeoutNanos(s, buffers[owner], start);
                if (t < 0) {
                    counters[Counter.INVALID.ordinal()]++;
                    io.set(start, (int) t);
                    return (int) t;
                }
                io.set(start + t, -Errno.ETIME);
                return -Errno.ETIME;
            }
            default: {
                DeviceTable.Device d = devices.get(s.fd());
                try {
                    io.set(start, 0);
                    d.model().submit(start, s, buffers[owner], io);
                    return io.res;
                } catch (RuntimeException | Error e) {
                    counters[Counter.DEVICE_ERRORS.ordinal()]++;
                    io.set(start, -Errno.EIO);
                    return -Errno.EIO;
                }
            }
        }
    }

    private boolean fireDue(long now) {
        boolean fired = false;
        while (!timers.isEmpty() && timers.nextAt() - now <= 0) {
            post(timers.peekUserData(), timers.peekRes(), timers.peekOwner());
            timers.removeFirst();
            fired = true;
        }
        return fired;
    }

    private void post(long userData, int res, int owner) {
        int c = cqOf[owner];
        int flags = CqeFlags.withOwner(0, owner);
        CompletionBacklog backlog = backlogs[c];
        if (backlog.isEmpty()) {
            CqBuffer buf = cqBuffers[c];
            if (buf.isFull()) {
                counters[Counter.CQES.ordinal()] += buf.submit();
            }
            if (buf.stage(userData, res, flags)) {
                return;
            }
        }
        backlog.add(userData, res, flags); // the CQ is full: keep it (NODROP) and say so in the vvar
        counters[Counter.OVERFLOWED.ordinal()]++;
        control.addBacklog(1);
    }

    private boolean flush() {
        boolean delivered = false;
        for (int c = 0; c < cqBuffers.length; c++) {
            CqBuffer buf = cqBuffers[c];
            CompletionBacklog backlog = backlogs[c];
            while (true) {
                int pushed = buf.submit();
                counters[Counter.CQES.ordinal()] += pushed;
                delivered |= pushed > 0;
                int moved = 0;
                while (!backlog.isEmpty() && !buf.isFull()) {
                    buf.stage(backlog.peekUserData(), backlog.peekRes(), backlog.peekFlags());
                    backlog.removeFirst();
                    moved++;
                }
                if (moved > 0) {
                    control.addBacklog(-moved);
                }
                if (moved == 0 || pushed == 0) {
                    if (moved > 0) {
                        counters[Counter.CQES.ordinal()] += buf.submit();
                    }
                    break;
                }
            }
        }
        return delivered;
    }

    private void sleep() {
        control.setFlags(UringControl.NEED_WAKEUP); // CAS: a full barrier before the re-check below
        VarHandle.fullFence();
        long seq = control.wakeSequence();
        if (sqQueue.size() == 0) {
            counters[Counter.SLEEPS.ordinal()]++;
            publishCounters();
            while (running && control.wakeSequence() == seq && sqQueue.size() == 0) {
                LockSupport.parkNanos(tuning.parkSliceNanos());
            }
        }
        control.clearFlags(UringControl.NEED_WAKEUP);
    }

    private void publishCounters() {
        for (Counter c : COUNTERS) {
            control.publish(id, c, counters[c.ordinal()]);
        }
    }
}
