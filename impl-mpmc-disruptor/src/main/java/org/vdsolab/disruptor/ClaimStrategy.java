package org.vdsolab.disruptor;

/**
 * How a producer claims sequences on the shared producer cursor: the two claims of Disruptor 4's
 * {@code MultiProducerSequencer}.
 *
 * <p>Thread-safe (an enum).
 */
public enum ClaimStrategy {

    /**
     * The Disruptor's {@code next(n)}, and this provider's default: a room check, then ONE
     * {@code getAndAdd(n)}. A getAndAdd cannot be undone, so producers that race past the room
     * check together can claim beyond the consumers; the overshooting producer then waits (idle
     * strategy) until a consumer frees its slot, with no bound in time. A linearizability checker
     * reports that wait as a hang when no consumer runs afterwards.
     */
    GET_AND_ADD,

    /**
     * The Disruptor's {@code tryNext(n)}: a CAS loop on the producer cursor that re-checks the
     * room on every attempt, so a claim never goes beyond the consumer cursor and "full" is a
     * real answer. A producer may still wait briefly for a consumer that has claimed the slot's
     * previous record and is copying it out (an operation in progress, never a future one).
     */
    COMPARE_AND_SET
}
