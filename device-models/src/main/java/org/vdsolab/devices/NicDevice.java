package org.vdsolab.devices;

import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;

import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network port: every READ/WRITE-class request offers one frame of {@code frameBytes} to a
 * descriptor ring of {@code ringSize} entries drained onto the wire, one frame after another, at
 * the line rate:
 *
 * <pre>
 *   wire time per frame = (frameBytes + wireOverheadBytes) * 8 / lineRate
 *   completion          = max(now, wire busy-until) + wire time per frame
 * </pre>
 *
 * A frame occupies its descriptor from submission until its completion. A frame offered while all
 * {@code ringSize} descriptors are occupied is dropped: it completes at once with
 * {@code -ENOBUFS} and is counted ({@link #droppedFrames}, and in {@link #counters()}). The payload {@code len} may be at most
 * {@code frameBytes} ({@code -EMSGSIZE} otherwise); {@code res = len}. Wire time is kept in
 * picoseconds, so a back-to-back stream has exactly the line rate (100 Gb/s, 64-byte frames, 20
 * bytes of preamble and inter-frame gap: 6.72 ns per frame, 148.8 Mpps). FSYNC is
 * {@code -EOPNOTSUPP}; {@code off} is not used beyond being non-negative. No data moves.
 *
 * <p>Thread-safe: submissions serialise on one lock (the ring and the wire are one FIFO resource);
 * the counters may be read from any thread without it.
 */
public final class NicDevice extends ValidatingDevice {

    private static final long PICOS_PER_NANO = 1000;

    private final String profile;
    private final double lineRateGbps;
    private final int frameBytes;
    private final long wirePicos;
    private final Object lock = new Object();

    // Guarded by lock: completion times of the frames in the ring, oldest at head (FIFO order,
    // so they are non-decreasing and retiring needs only the head).
    private final long[] ringDoneAt;
    private int head;
    private int occupied;
    // Guarded by lock: the wire is busy until busyNanos + busyPicos / 1000 (busyPicos in [0, 1000)).
    private long busyNanos = Long.MIN_VALUE;
    private long busyPicos;

    // Written only under lock (one writer at a time), volatile so readers need no lock.
    private volatile long sentFrames;
    private volatile long droppedFrames;

    NicDevice(String profile, double lineRateGbps, int frameBytes, int wireOverheadBytes, int ringSize) {
        super(Long.MAX_VALUE);
        this.profile = profile;
        this.lineRateGbps = lineRateGbps;
        this.frameBytes = frameBytes;
        // bits / (Gb/s) = ns, times 1000 = ps
        this.wirePicos = Math.max(1, Math.round((frameBytes + wireOverheadBytes) * 8.0 * PICOS_PER_NANO / lineRateGbps));
        this.ringDoneAt = new long[ringSize];
    }

    @Override public String describe() {
        return NicDeviceProvider.NAME + (profile == null ? "" : "/" + profile) + " (" + lineRateGbps + " Gb/s, " + frameBytes
                + "-byte frames, " + wirePicos + " ps per frame, ring " + ringDoneAt.length + ")";
    }

    /** Wire time of one frame, picoseconds. */
    public long wirePicosPerFrame() { return wirePicos; }

    /** The line rate in frames per second for back-to-back frames. */
    public double framesPerSecond() { return 1e12 / wirePicos; }

    /** Frames accepted into the ring so far (sent or being sent). */
    public long sentFrames() { return sentFrames; }

    /** Frames dropped so far because the ring was full. */
    public long droppedFrames() { return droppedFrames; }

    /** {@code frames_sent} and {@code frames_dropped}, for reports: a snapshot, not a hot-path call. */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("frames_sent", sentFrames);
        c.put("frames_dropped", droppedFrames);
        return Collections.unmodifiableMap(c);
    }

    @Override
    protected void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len, IoResult out) {
        if (len > frameBytes) {
            out.set(nowNanos, -Errno.EMSGSIZE);
            return;
        }
        synchronized (lock) {
            while (occupied > 0 && ringDoneAt[head] <= nowNanos) {
                head = head + 1 == ringDoneAt.length ? 0 : head + 1;
                occupied--;
            }
            if (occupied == ringDoneAt.length) {
                droppedFrames = droppedFrames + 1;
                out.set(nowNanos, -Errno.ENOBUFS);
                return;
            }
            if (busyNanos < nowNanos) {     // the wire is idle: this frame starts now
                busyNanos = nowNanos;
                busyPicos = 0;
            }
            busyPicos += wirePicos;
            busyNanos += busyPicos / PICOS_PER_NANO;
            busyPicos %= PICOS_PER_NANO;
            long done = busyPicos == 0 ? busyNanos : busyNanos + 1;   // the frame is out at the end of that nanosecond
            int tail = head + occupied;
            ringDoneAt[tail >= ringDoneAt.length ? tail - ringDoneAt.length : tail] = done;
            occupied++;
            sentFrames = sentFrames + 1;
            out.set(done, len);
        }
    }

    @Override
    protected void serveFsync(long nowNanos, SqeView sqe, IoResult out) {
        out.set(nowNanos, -Errno.EOPNOTSUPP);
    }
}
