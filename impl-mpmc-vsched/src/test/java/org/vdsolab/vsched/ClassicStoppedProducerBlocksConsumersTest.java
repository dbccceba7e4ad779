package org.vdsolab.vsched;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.vsched.StepHook.Op;
import static org.vdsolab.vsched.StepHook.Step;

/**
 * EXPECTED FAILURE, measured: {@code vsched-classic} has no owner and no recovery, so a producer
 * stopped (or killed) between its index CAS and its READY store, vsched's push_slot window, blocks
 * every popper that reaches its position, from either end, for as long as it stays stopped: a
 * killed producer blocks them forever. Scripted on one thread: the push is stopped at the step by
 * the hook while the other operations run inline; "blocked" is a pop that is still spinning after
 * a bounded number of retries (the hook's step budget ends it). Once the producer publishes, the
 * pops resume.
 */
class ClassicStoppedProducerBlocksConsumersTest {

    private static final int CAP = 8;
    private static final int RECORD = 16;
    private static final long BUDGET = 5_000;

    static Stream<Memories.Backend> backends() {
        return Memories.backends();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectedFailureAStoppedProducerBlocksEveryPopperAtItsPositionUntilItPublishes(Memories.Backend backend) {
        QueueSpec spec = new QueueSpec(CAP, RECORD, 2, 1);
        ClassicQueueProvider provider = new ClassicQueueProvider();
        assertFalse(provider.capabilities().contains(QueueCapability.OWNER_RECOVERY), "classic declares no recovery");
        WordMemory memory = backend.allocate(provider.footprint(spec));
        ScriptedHook hook = new ScriptedHook();
        ClassicSharedQueue queue = provider.create(memory, 0, spec, hook);
        QueueProducer stopped = queue.producer(0);
        QueueProducer other = queue.producer(1);
        QueueConsumer consumer = queue.consumer(0);
        RecordIo io = new RecordIo(RECORD, 1);
        RecordIo inline = new RecordIo(RECORD, 1);
        assertTrue(io.pushBack(other, 0));
        assertTrue(io.pushBack(other, 1));
        List<Long> poppedWhileStopped = new ArrayList<>();

        hook.once(Step.AFTER_INDEX_MOVE, Op.PUSH_BACK, () -> {
            // The producer of position 2 is stopped: index moved, slot WRITING, record not written.
            assertTrue(inline.pushBack(other, 3));
            assertTrue(inline.pushBack(other, 4));
            poppedWhileStopped.add(inline.popFront(consumer));
            poppedWhileStopped.add(inline.popFront(consumer));
            hook.retryBudget(BUDGET);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> inline.popFront(consumer),
                    "pop_front at the stopped position spins");
            poppedWhileStopped.add(inline.popBack(consumer));
            poppedWhileStopped.add(inline.popBack(consumer));
            hook.retryBudget(BUDGET);
            assertThrows(ScriptedHook.StepBudgetExceeded.class, () -> inline.popBack(consumer),
                    "pop_back reaching the stopped position from the other end spins too");
            hook.retryBudget(Long.MAX_VALUE);
            assertEquals(1, queue.size(), "the stopped push still counts as a record");
            assertEquals(0, queue.recover(owner -> true), "even 'everyone is dead' recovers nothing: no recovery");
            assertEquals(SlotState.WRITING, queue.deque().slotState(2), "the slot stays WRITING");
        });

        assertTrue(io.pushBack(stopped, 2), "the stopped producer finally publishes");

        assertEquals(List.of(0L, 1L, 4L, 3L), poppedWhileStopped, "pops made progress only up to the stopped position");
        assertTrue(hook.count(Step.RETRY, Op.POP_FRONT) >= BUDGET);
        assertTrue(hook.count(Step.RETRY, Op.POP_BACK) >= BUDGET);
        assertEquals(2L, io.popFront(consumer), "pops resume once it publishes");
        assertNull(io.popFront(consumer));
    }
}
