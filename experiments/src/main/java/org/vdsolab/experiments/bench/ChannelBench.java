package org.vdsolab.experiments.bench;

import org.openjdk.jmh.infra.Control;

/**
 * What every producer/consumer benchmark does per call, kept in one place so every shape and
 * every queue runs the same loop body: one offer (or one poll), counted as a success or a
 * failure. A failed attempt then either spins on ({@code idle=spin}, the Disruptor paper's busy
 * spin) or yields the CPU ({@code idle=yield}, the default: on a machine with fewer free cores
 * than spinning threads, a party that found the queue full or empty gives its time slice to the
 * party that can make progress; JCTools' "backoff" benchmark variant). After JMH stops measuring, a consumer also {@link BenchChannel#settle settles} the
 * channel so that no producer is left waiting inside an offer when the iteration ends.
 * Stateless.
 */
final class ChannelBench {

    /** Channel capacity in records for every shape. */
    static final int CAPACITY = 1024;

    private ChannelBench() { }

    /** Whether the {@code idle} parameter asks failed attempts to yield; names the allowed values otherwise. */
    static boolean yields(String idle) {
        return switch (idle) {
            case "yield" -> true;
            case "spin" -> false;
            default -> throw new IllegalArgumentException("JMH parameter idle must be 'yield' or 'spin', got '" + idle + "'");
        };
    }

    static void offer(BenchChannel channel, PartyIndex party, TransferCounters counters, boolean yield) {
        if (channel.offer(party.index)) {
            counters.pushed++;
        } else {
            counters.pushFailed++;
            if (yield) {
                Thread.yield();
            }
        }
    }

    static void poll(BenchChannel channel, PartyIndex party, TransferCounters counters, Control control, boolean yield) {
        if (channel.poll(party.index)) {
            counters.popped++;
        } else {
            counters.popFailed++;
            if (yield) {
                Thread.yield();
            }
        }
        if (control.stopMeasurement) {
            channel.settle(party.index);
        }
    }
}
