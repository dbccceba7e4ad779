package org.vdsolab.api.uring;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.idle.IdleStrategy;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.UringControl.Counter;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.Objects;
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
 * <p><b>Hostile domains.</b> Every domain can write the whole SQ, so an SQE is checked before it
 * costs anything: its personality must name a domain ({@code UNROUTABLE} otherwise) and carry that
 * domain's credential in {@code SqeLayout.PAD} ({@link UringCredentials}; {@code FORGED}
 * otherwise): both are dropped without any CQE, since nobody can be trusted to receive one. Then
 * the domain's quota ({@link DomainQuota}: at its limit the SQE is answered at once with
 * {@code -EAGAIN}), then {@link SqeValidator} (a negative errno, no I/O, for anything out of
 * bounds).
 *
 * <p><b>A poller does not throw for anything a domain or a device does.</b> Every SQE is served inside a catch of RuntimeException and
 * InternalError (what an access to a truncated mapping raises); a caught fault is counted in
 * {@code POLLER_FAULTS}, the SQE's quota slot is released and, if it had been admitted, its domain
 * is answered {@code -EIO} where possible. A device model that throws a RuntimeException or an
 * InternalError is answered {@code -EIO} ({@code DEVICE_ERRORS}); any other Error (out of memory,
 * a stack overflow, a linkage error) is not a fault of one request, and is not hidden as one: it
 * propagates and ends the poller, as it would a kernel. A queue operation that throws (a scribbled SQ or CQ) or a pop that
 * returns an impossible count is counted too and the loop goes on, backing off through its idle
 * strategy while nothing else works. Not thread-safe: {@link #run()} is called by exactly one
 * thread; {@link #stop()} from any.
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
    private final long[] credentials;
    private final DomainQuota quota;
    /** The domain whose quota slot the SQE being served holds, until its answer is handed on; -1 for none. */
    private int admitted = -1;
    private long admittedUserData;
    private volatile boolean running = true;

    /**
     * @param cqs         the CQs in routing order, as seen by this poller's domain
     * @param buffers     each user domain's buffer slice, indexed by domain
     * @param credentials each user domain's credential ({@link UringCredentials#table}), indexed by domain
     * @param quota       the per-domain admission and totals shared by every poller of the kernel
     */
    public KernelPoller(int id, UringSpec spec, SharedQueue sqQueue, SharedQueue[] cqs, DeviceTable devices,
                        MemorySegment[] buffers, long[] credentials, DomainQuota quota, UringControl control,
                        IdleStrategy idle, Tuning tuning) {
        if (credentials.length != spec.domains()) {
            throw new IllegalArgumentException("poller " + id + ": " + credentials.length + " credentials given for "
                    + spec.domains() + " domains");
        }
        this.credentials = credentials.clone();
        this.quota = Objects.requireNonNull(quota, "quota");
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
            boolean worked;
            try {
                worked = pollOnce();
            } catch (RuntimeException | InternalError e) {
                fault(); // pollOnce guards each phase; this is the last line of defence
                worked = false;
            }
            long now = System.nanoTime();
            if (worked) {
                idle.reset();
                lastWork = now;
                continue;
            }
            if (!timers.isEmpty() || holdsCompletions() || now - lastWork < tuning.idleTimeoutNanos()) {
                idle.idle();
            } else {
                try {
                    sleep();
                } catch (RuntimeException | InternalError e) {
                    fault(); // a scribbled SQ whose size() throws: back off one slice and go on
                    LockSupport.parkNanos(tuning.parkSliceNanos());
                }
                idle.reset();
                lastWork = System.nanoTime();
            }
        }
        publishCountersSafely();
    }

    /**
     * One round: fire due timers, pop and serve one batch, flush the CQ buffers and backlogs.
     * Public so tests can drive a poller without its thread.
     *
     * @return whether anything was popped, fired or delivered
     */
    public boolean pollOnce() {
        long now = System.nanoTime();
        long faults = counters[Counter.POLLER_FAULTS.ordinal()];
        boolean worked = fireDueSafely(now);
        int n = pop();
        if (n > 0) {
            worked = true;
            counters[Counter.SQES.ordinal()] += n;
            for (int i = 0; i < n; i++) {
                serveSafely(sq.sqe(i), now);
            }
            worked |= fireDueSafely(System.nanoTime());
        }
        try {
            worked |= flush();
        } catch (RuntimeException | InternalError e) {
            fault(); // a CQ that throws: its completions stay staged or in the backlog for the next round
        }
        if (worked || counters[Counter.POLLER_FAULTS.ordinal()] != faults) {
            publishCountersSafely(); // a fault is published even in a round that did nothing else
        }
        return worked;
    }

    /** Pops one batch; a pop that throws or returns an impossible count is counted and treated as empty (or clamped). */
    private int pop() {
        int n;
        try {
            n = sq.popMultiple(tuning.batch());
        } catch (RuntimeException | InternalError e) {
            fault();
            return 0;
        }
        if (n < 0 || n > tuning.batch()) {
            fault(); // a queue that lies about its count: serve what the scratch can hold, never beyond it
            return n < 0 ? 0 : tuning.batch();
        }
        return n;
    }

    private void serveSafely(SqeView s, long now) {
        admitted = -1;
        try {
            serve(s, now);
        } catch (RuntimeException | InternalError e) {
            fault();
            int owner = admitted;
            if (owner >= 0) {
                admitted = -1;
                quota.abandon(owner);
                try {
                    post(admittedUserData, -Errno.EIO, owner); // its owner is authenticated: tell it
                } catch (RuntimeException | InternalError again) {
                    fault();
                }
            }
        }
    }

    private boolean fireDueSafely(long now) {
        try {
            return fireDue(now);
        } catch (RuntimeException | InternalError e) {
            fault();
            return true;
        }
    }

    private void fault() {
        counters[Counter.POLLER_FAULTS.ordinal()]++;
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
        if (s.pad() != credentials[owner]) {
            counters[Counter.FORGED.ordinal()]++; // not the named domain's: answering it would tell that domain lies
            return;
        }
        long userData = s.userData();
        int flags = s.flags();
        boolean link = (flags & SqeFlags.IO_LINK) != 0;
        boolean skipSuccess = (flags & SqeFlags.CQE_SKIP_SUCCESS) != 0;
        if (!quota.tryAcquire(owner)) {
            counters[Counter.QUOTA_REJECTED.ordinal()]++;
            // A rejected member fails its chain like any failed member; the rest is cancelled.
            chainOpen[owner] = link;
            chainFailed[owner] = link;
            if (link) {
                chainTime[owner] = now;
            }
            post(userData, -Errno.EAGAIN, owner);
            return;
        }
        admitted = owner;
        admittedUserData = userData;
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
        admitted = -1; // from here the answer is handed on: a fault below must not answer twice
        if (skipSuccess && res >= 0) {
            counters[Counter.SKIPPED.ordinal()]++;
            quota.complete(owner);
            return;
        }
        if (at - now <= 0) {
            quota.complete(owner);
            post(userData, res, owner);
        } else {
            timers.add(at, userData, res, owner); // completed (quota) when it fires
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
                } catch (RuntimeException | InternalError e) { // not OutOfMemoryError and the like: those end the poller
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
            long userData = timers.peekUserData();
            int res = timers.peekRes();
            int owner = timers.peekOwner();
            timers.removeFirst(); // before posting: a post that throws loses this CQE, never repeats it
            quota.complete(owner);
            post(userData, res, owner);
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

    private void publishCountersSafely() {
        try {
            publishCounters();
        } catch (RuntimeException | InternalError e) {
            fault(); // the stats line is unreachable (a truncated mapping): the counts stay private
        }
    }

    private void publishCounters() {
        for (Counter c : COUNTERS) {
            control.publish(id, c, counters[c.ordinal()]);
        }
    }
}
