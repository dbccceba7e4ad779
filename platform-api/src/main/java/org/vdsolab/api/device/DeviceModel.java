package org.vdsolab.api.device;

import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * One simulated or real device behind the kernel pollers.
 *
 * <p>Contract: {@link #submit} starts a request and says when it completes; the caller (a kernel
 * poller) keeps it in a timer structure until then and pushes the CQE. Simulated models compute a
 * completion time and cost no thread per outstanding request; real models (the backing-file
 * device) do their I/O before returning. A model never throws for a bad request: it reports a
 * negative errno in {@link IoResult#res}.
 *
 * <p>Thread-safety: an instance may be shared by several kernel pollers; implementations
 * synchronise their internal state (unit busy times, the backing file) themselves.
 */
public interface DeviceModel extends AutoCloseable {

    /** The provider name and profile, for reports. */
    String describe();

    /**
     * Starts the request in {@code sqe} at time {@code nowNanos}.
     *
     * @param buffers the domain's buffer area: {@code sqe.addr()} is an offset into it, never an address
     * @param out     receives the completion time and the result
     */
    void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out);

    /**
     * Bytes addressable by {@code off}: a READ/WRITE must end at or before it. Requests beyond it
     * get {@code -EINVAL}; a model may answer WRITEs beyond it with {@code -EFBIG}, as Linux does
     * past the file size limit. The kernel pollers' device table takes its bound from here.
     * Default: {@link Long#MAX_VALUE} (no address space, e.g. a network port). Constant for the
     * life of the model.
     */
    default long capacityBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * Model-specific counters for reports (the NIC model's dropped frames, ...), by name, in a
     * stable order: a snapshot taken when called, not for hot paths. Default: none.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    @Override
    default void close() { }
}
