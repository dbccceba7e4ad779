package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;

import java.lang.foreign.MemorySegment;

/**
 * The request handling every model shares: classify the opcode, answer NOP (0, at once), TIMEOUT
 * ({@link Timeouts}) and anything invalid itself, validate data requests against the buffer area
 * and the capacity ({@link Requests}), and hand only well-formed READ/WRITE and FSYNC requests to
 * the subclass. So every model gives a malformed SQE the same errno, and a model's own code never
 * sees an out-of-bounds range.
 *
 * <p>Errors complete at {@code nowNanos}. A buffer area this thread cannot access (its arena
 * closed, or confined to another thread) is answered with {@code -EFAULT}, never an exception.
 * Fields other than those named by each opcode ({@code fd}, {@code ioprio}, {@code buf_index},
 * {@code personality}, ...) are the kernel pollers' business and are ignored here.
 *
 * <p>Thread-safety: this class holds only final fields; subclasses state their own.
 */
abstract class ValidatingDevice implements DeviceModel {

    /** Bytes addressable by {@code off}: a request must end at or before it. */
    protected final long capacity;

    protected ValidatingDevice(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Bytes addressable by {@code off}: a READ must end at or before it ({@code -EINVAL}), a WRITE
     * too ({@code -EFBIG}); {@link Long#MAX_VALUE} for the NIC, which has no address space. The
     * kernel pollers' device table takes its bound from here.
     */
    @Override
    public final long capacityBytes() {
        return capacity;
    }

    @Override
    public final void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
        try {
            dispatch(nowNanos, sqe, buffers, out);
        } catch (IllegalStateException | WrongThreadException e) {
            // The buffer area cannot be read from this thread now (its arena is closed, or confined
            // to another thread): the submitter's memory is unreachable, as with a bad pointer.
            out.set(nowNanos, -Errno.EFAULT);
        }
    }

    private void dispatch(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) {
        switch (RequestClasses.of(sqe.opcode())) {
            case RequestClasses.NOP -> out.set(nowNanos, 0);
            case RequestClasses.TIMEOUT -> Timeouts.serve(nowNanos, sqe, buffers, out);
            case RequestClasses.READ -> data(nowNanos, sqe, buffers, false, out);
            case RequestClasses.WRITE -> data(nowNanos, sqe, buffers, true, out);
            case RequestClasses.FSYNC -> {
                int check = Requests.checkFsync(sqe);
                if (check < 0) {
                    out.set(nowNanos, check);
                } else {
                    serveFsync(nowNanos, sqe, out);
                }
            }
            default -> out.set(nowNanos, -Errno.EINVAL);
        }
    }

    private void data(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, IoResult out) {
        int len = Requests.dataLength(sqe, buffers, capacity, write);
        if (len < 0) {
            out.set(nowNanos, len);
        } else {
            serveData(nowNanos, sqe, buffers, write, sqe.off(), len, out);
        }
    }

    /**
     * Serves a validated READ/WRITE-class request: {@code [off, off + len)} lies inside the
     * capacity and every buffer range the SQE names lies inside {@code buffers}.
     */
    protected abstract void serveData(long nowNanos, SqeView sqe, MemorySegment buffers, boolean write, long off, int len,
                                      IoResult out);

    /** Serves a validated FSYNC ({@code op_flags} is 0 or {@link Requests#FSYNC_DATASYNC}). */
    protected abstract void serveFsync(long nowNanos, SqeView sqe, IoResult out);
}
