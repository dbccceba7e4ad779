package org.vdsolab.api.idle;

/**
 * What a party does while it waits for another party to make progress (the Disruptor's
 * {@code WaitStrategy}, Agrona's {@code IdleStrategy}): a producer whose claimed slot has not yet
 * been freed by the consumer of the previous lap, a consumer whose next sequence is claimed by
 * a producer that has not published it yet, or an io_uring kernel poller whose SQ is empty.
 * Shared by every module (platform-api package {@code org.vdsolab.api.idle}).
 *
 * <p>Usage: call {@link #reset()} once when a wait begins, then {@link #idle()} once per failed
 * check until the awaited condition holds. Neither call may allocate.
 *
 * <p>Thread-safety: none. Implementations may keep per-waiter state (a back-off counter), so each
 * waiting party (producer or consumer handle, kernel poller) owns its own instance and only
 * that party's thread uses it.
 */
public interface IdleStrategy {

    /** Waits a little; called once for each failed check of the awaited condition. */
    void idle();

    /** Forgets any escalation: the next {@link #idle()} is the gentlest wait again. */
    void reset();
}
