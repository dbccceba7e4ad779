package org.vdsolab.vsched;

import org.junit.jupiter.api.Tag;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.liveness.OwnerLiveness;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.queue.QueueSpec;

import org.vdsolab.api.testing.StallGuard;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Lincheck on {@code vsched} with crashes and recovery running concurrently with everyone else:
 * besides live pushes and pops at both ends, a "crashed push" claims a slot as an owner that is
 * dead (at the back or the front, the index moved, nothing ever published) and then runs a
 * recovery sweep; a "crashed pop" takes a record as a dead consumer (index moved, never copied
 * out, the slot never freed) and then sweeps. Live parties carry a live owner token, so a sweep
 * that wrongly took back a live slot would show up as a lost or duplicated value.
 *
 * Every sweep also checks that no scribble repair fired: only honest parties run here.
 *
 * <p>Every crashed operation has its own owner, which becomes dead only after the operation's last
 * step (a dead owner never acts again: that is what makes recovery sound), so sweeps of other
 * threads run concurrently with the crashing operation itself too.
 *
 * <p>Sequential specification: a bounded deque in which a crashed push is a no-op and a crashed
 * pop is a pop whose value nobody sees. The capacity ({@value #CAPACITY}) is larger than any
 * scenario's pushes: while a crashed claim is in flight it holds a slot, which a concurrent push
 * may legitimately see as full, yet no sequential history with crash-as-no-op explains that.
 */
@Tag("slow")
class VschedRecoveryLincheckTest {

    static final int CAPACITY = 16;
    static final int RECORD = 16;
    static final int LIVE = OwnerToken.of(0, 1);
    /** Owner records crashed operations can use (one fresh owner per crashed operation). */
    static final int CRASHERS = 64;

    /** The object Lincheck tests: a fresh deque on the heap per invocation (the model checker sees the long[]). */
    public static class Operations {
        private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
        private static final long LIVE_BITS = SlotWord.ownerBits(LIVE);

        private final VschedSharedQueue queue;
        private final VschedDeque deque;
        /** dead[i] == 1 once the crashed operation owning record i has stopped: dead is a fact, set after the last step. */
        private final AtomicIntegerArray dead = new AtomicIntegerArray(CRASHERS);
        private final AtomicInteger nextCrasher = new AtomicInteger(1);
        private final OwnerLiveness liveness = owner -> dead.get(OwnerToken.index(owner)) == 1;

        public Operations() {
            QueueSpec spec = new QueueSpec(CAPACITY, RECORD, 4, 4);
            VschedQueueProvider provider = new VschedQueueProvider();
            queue = provider.create(new HeapWordMemory(provider.footprint(spec)), 0, spec, StepHook.NONE);
            deque = queue.deque();
        }

        private static MemorySegment record(long value) {
            MemorySegment s = MemorySegment.ofArray(new long[2]);
            s.set(WORD, 0, value);
            s.set(WORD, 8, ~value);
            return s;
        }

        private static Long value(MemorySegment s) {
            long v = s.get(WORD, 0);
            return s.get(WORD, 8) == ~v ? v : Long.MIN_VALUE; // MIN_VALUE: a torn record
        }

        @Operation
        public boolean pushBack(long value) {
            return deque.pushBack(record(value), 0, LIVE_BITS);
        }

        @Operation
        public boolean pushFront(long value) {
            return deque.pushFront(record(value), 0, LIVE_BITS);
        }

        @Operation
        public Long popFront() {
            MemorySegment s = MemorySegment.ofArray(new long[2]);
            return deque.popFront(s, 0, LIVE_BITS) ? value(s) : null;
        }

        @Operation
        public Long popBack() {
            MemorySegment s = MemorySegment.ofArray(new long[2]);
            return deque.popBack(s, 0, LIVE_BITS) ? value(s) : null;
        }

        /**
         * A producer that stops for good after its index CAS at the back, is then known dead,
         * and a recovery sweep runs (which may also recover other crashed operations' slots).
         */
        @Operation
        public void crashedPushBack() {
            int owner = OwnerToken.of(nextCrasher.getAndIncrement(), 1);
            deque.claim(false, SlotWord.ownerBits(owner));
            dies(owner);
        }

        /** As {@link #crashedPushBack}, at the front. */
        @Operation
        public void crashedPushFront() {
            int owner = OwnerToken.of(nextCrasher.getAndIncrement(), 1);
            deque.claim(true, SlotWord.ownerBits(owner));
            dies(owner);
        }

        /** A consumer that stops for good after its index CAS at the front (its record is lost), then a sweep. */
        @Operation
        public void crashedPopFront() {
            int owner = OwnerToken.of(nextCrasher.getAndIncrement(), 1);
            deque.take(true, SlotWord.ownerBits(owner));
            dies(owner);
        }

        /**
         * The owner is dead from now on; a sweep runs. Only honest parties act here, so the sweep's
         * scribble repairs (which need the same suspect word in two sweeps) must never fire: a
         * repair of an honest state would be a bug even where it happens to keep the history
         * linearizable.
         */
        private void dies(int owner) {
            dead.set(OwnerToken.index(owner), 1);
            queue.recover(liveness);
            if (deque.repairs() != 0 || queue.faults() != 0) {
                throw new AssertionError("a scribble repair fired on honest states: " + deque.repairs()
                        + " repairs, fault word " + queue.faults());
            }
        }
    }

    /** The sequential specification: a bounded deque; crashed pushes change nothing, crashed pops pop. */
    public static class Spec {
        private final ArrayDeque<Long> items = new ArrayDeque<>();

        public boolean pushBack(long value) {
            if (items.size() >= CAPACITY) {
                return false;
            }
            items.addLast(value);
            return true;
        }

        public boolean pushFront(long value) {
            if (items.size() >= CAPACITY) {
                return false;
            }
            items.addFirst(value);
            return true;
        }

        public Long popFront() { return items.pollFirst(); }

        public Long popBack() { return items.pollLast(); }

        public void crashedPushBack() { }

        public void crashedPushFront() { }

        public void crashedPopFront() { items.pollFirst(); }

        @Override public boolean equals(Object o) {
            if (!(o instanceof Spec other) || other.items.size() != items.size()) {
                return false;
            }
            Iterator<Long> a = items.iterator();
            Iterator<Long> b = other.items.iterator();
            while (a.hasNext()) {
                if (!a.next().equals(b.next())) {
                    return false;
                }
            }
            return true;
        }

        @Override public int hashCode() {
            return items.hashCode() ^ java.util.Arrays.hashCode(items.toArray());
        }
    }

    /**
     * Every operation once, outside Lincheck: the classes on their paths (the sweep's cache among
     * them) are loaded before Lincheck's agent is installed (see the test kit's LincheckRunner).
     */
    @BeforeAll
    static void warmUp() throws InterruptedException {
        Thread warm = Thread.ofPlatform().name("lincheck-warm-up").start(() -> {
            Operations ops = new Operations();
            ops.pushBack(1);
            ops.pushFront(2);
            ops.crashedPushBack();
            ops.crashedPushFront();
            ops.crashedPopFront();
            ops.popFront();
            ops.popBack();
            new Spec().equals(new Spec());
        });
        warm.join(StallGuard.EVENT_BOUND.toMillis());
        if (warm.isAlive()) {
            warm.interrupt(); // Spin.retry gives up on interrupt
            throw new AssertionError("the sequential warm-up of the crash operations hangs: a pop waits on a slot "
                    + "that recovery left inside the index without a record");
        }
    }

    @Test
    void crashedPushesAndPopsRecoveredConcurrentlyAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(25)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(Spec.class)
                .check(Operations.class);
    }

    @Test
    void crashedPushesAndPopsRecoveredConcurrentlyAreLinearizableUnderStress() {
        new StressOptions()
                .iterations(20)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(Spec.class)
                .check(Operations.class);
    }
}
