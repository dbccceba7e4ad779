package org.vdsolab.api.queue;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The open / closed state machine every reusable {@link SlotHandle} shares: a producer handle
 * {@linkplain #opened opens} it on a claimed slot; {@link #segment()} and {@link #offset()} are
 * valid while it is open; {@link #close()} or {@link #abort()} ends it (exactly one of them, once)
 * and hands over to the subclass's {@link #publish()} or {@link #abandon()}. Any call on a handle
 * that is not open throws {@link IllegalStateException} naming the owner, the call and how to
 * claim a new slot.
 *
 * <p>The state is a plain field: the handle belongs to one producer thread, and the subclass's
 * publish / abandon make the slot visible to consumers with their own release stores. Opening and
 * ending a handle allocate nothing, so a producer reuses one handle for every claim.
 *
 * <p>Not thread-safe: owned by the producer handle that created it.
 */
public abstract class AbstractSlotHandle implements SlotHandle {

    private final MemorySegment segment;
    private final String owner;
    private final String claimWith;
    private boolean open;
    private long offset;

    /**
     * @param segment   the queue's shared segment the records are written into
     * @param owner     names the owning producer in error messages, e.g. {@code "vsched producer 3"}
     * @param claimWith the operations that claim a new slot, for error messages, e.g. {@code "pushSlotBack()"}
     */
    protected AbstractSlotHandle(MemorySegment segment, String owner, String claimWith) {
        this.segment = Objects.requireNonNull(segment, "segment");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.claimWith = Objects.requireNonNull(claimWith, "claimWith");
    }

    /**
     * Opens the handle on a claimed slot whose record starts at {@code recordOffset} of the
     * segment. The subclass records which slot it is before calling this.
     */
    protected final void opened(long recordOffset) {
        this.offset = recordOffset;
        this.open = true;
    }

    /** Whether the handle names a claimed slot not yet closed or aborted. */
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final MemorySegment segment() {
        checkOpen("segment()");
        return segment;
    }

    @Override
    public final long offset() {
        checkOpen("offset()");
        return offset;
    }

    @Override
    public final void close() {
        checkOpen("close()");
        open = false;
        publish();
    }

    @Override
    public final void abort() {
        checkOpen("abort()");
        open = false;
        abandon();
    }

    /** Publishes the slot the handle was opened on: consumers may now take its record. */
    protected abstract void publish();

    /** Gives up the slot the handle was opened on: its record is never delivered. */
    protected abstract void abandon();

    private void checkOpen(String operation) {
        if (!open) {
            throw new IllegalStateException("slot handle of " + owner + ": " + operation
                    + " called after the slot was closed or aborted; claim a new one with " + claimWith);
        }
    }
}
