package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH auxiliary counters of one benchmark thread, reported as rates (operations per second)
 * beside the primary score: {@code popped} is the number that matters, records actually moved;
 * {@code pushFailed} / {@code popFailed} count offers refused because the queue was full and polls
 * that found nothing. JMH sums them over the threads of a group. Reset at every iteration.
 * Thread-scoped: not shared.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TransferCounters {

    public long pushed;
    public long pushFailed;
    public long popped;
    public long popFailed;

    @Setup(Level.Iteration)
    public void reset() {
        pushed = 0;
        pushFailed = 0;
        popped = 0;
        popFailed = 0;
    }
}
