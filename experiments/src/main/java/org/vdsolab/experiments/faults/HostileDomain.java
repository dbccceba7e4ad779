package org.vdsolab.experiments.faults;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.SlotHandle;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.uring.OwnerBoundQueue;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringUser;
import org.vdsolab.api.workload.Pacer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The hostile user domain of {@code fault-hostile-writer}: a domain of the ring that, at a given
 * rate, writes random bytes where a buggy or malicious process can:
 * <ul>
 *   <li>{@code sqe}: whole SQEs of random bytes pushed into the SQ: a quarter with its own
 *       personality and credential (they reach validation), a quarter with its own personality and
 *       a guessed credential, a quarter impersonating an honest domain (personality) with a guessed
 *       credential (both must be dropped as forged, never answered to the victim), a quarter all
 *       random;</li>
 *   <li>{@code sq-slot}: its own SQE inside the SQ, rewritten with random bytes right after it was
 *       published through push_slot (the kernel may be reading it at that moment);</li>
 *   <li>{@code sq-state}: the state word of its own just-published SQ slot (where the design's
 *       documented layout says it is: vsched and vsched-classic keep it in front of the record,
 *       disruptor in its availability array, spsc's index-array entry; other designs: skipped and not
 *       counted);</li>
 *   <li>{@code sq-index}: the SQ's producer and consumer cursor words (base + 128 and base + 256
 *       in every MPMC design here); in {@code spsc}, the khead and ktail of its own ring;</li>
 *   <li>{@code mix}: each write picks one of the above.</li>
 * </ul>
 * It reaps its own CQ all along (a domain that stops reaping only hurts itself) and counts what it
 * gets back. Not thread-safe: one thread drives it.
 */
final class HostileDomain {

    static final List<String> TARGETS = List.of("sqe", "sq-slot", "sq-state", "sq-index", "mix");
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private final UringUser user;
    private final WordMemory memory;
    private final long sqBase;
    private final String provider;
    private final int capacity;
    private final QueueProducer producer;
    private final String target;
    private final double rate;
    private final SplittableRandom random;
    private final MemorySegment scratch = MemorySegment.ofArray(new long[SqeLayout.BYTES / 8]);
    private final long credential;
    private final Cqe cqe = new Cqe();
    private long writes;
    private long completions;
    private long errors;

    HostileDomain(UringKernel kernel, UringUser user, String target, double rate, long seed) {
        this.user = user;
        this.memory = kernel.memory();
        this.sqBase = kernel.layout().sq();
        this.provider = kernel.provider().name();
        this.capacity = kernel.spec().sqSpec().capacity();
        // A raw SQ handle acting for the hostile domain's registration (it never uses user.sq()).
        this.producer = new OwnerBoundQueue(kernel.provider().attach(memory, sqBase, kernel.spec().sqSpec()), user.ownerToken())
                .producer(user.domain());
        this.target = target;
        this.rate = rate;
        this.random = new SplittableRandom(seed);
        this.credential = kernel.credential(user.domain());
    }

    /** Scribbles at {@code rate} writes per second until {@code stop}, reaping its CQ in between. */
    void run(long start, BooleanSupplier stop) {
        Pacer pacer = Pacer.constant(rate, start);
        long n = 0;
        while (!stop.getAsBoolean()) {
            if (pacer.scheduledTime(n) - System.nanoTime() <= 0) {
                String t = target.equals("mix") ? TARGETS.get(random.nextInt(TARGETS.size() - 1)) : target;
                if (scribble(t)) {
                    writes++;
                }
                n++;
            } else {
                Thread.yield();
            }
            while (user.poll(cqe)) {
                completions++;
                if (cqe.res < 0) {
                    errors++;
                }
            }
        }
    }

    private boolean scribble(String t) {
        switch (t) {
            case "sqe" -> {
                int kind = random.nextInt(4);
                randomSqe(kind == 0);
                if (kind == 1 || kind == 2) {
                    // Its own personality, or an honest victim's, with a guessed credential: must be dropped as forged.
                    int who = kind == 1 ? user.domain() : random.nextInt(user.domain());
                    scratch.set(ValueLayout.JAVA_SHORT_UNALIGNED, SqeLayout.PERSONALITY, (short) who);
                }
                return producer.pushBack(scratch, 0);
            }
            case "sq-slot", "sq-state" -> {
                SlotHandle h;
                try {
                    h = producer.pushSlotBack();
                } catch (UnsupportedOperationException noSlot) {
                    return false; // the design has no push_slot: nothing of its own to rewrite in place
                }
                if (h == null) {
                    return false;
                }
                MemorySegment seg = h.segment();
                long off = h.offset();
                randomSqe(true);
                MemorySegment.copy(scratch, 0, seg, off, SqeLayout.BYTES);
                h.close();
                if (t.equals("sq-slot")) {
                    for (int i = 0; i < SqeLayout.BYTES / 8; i++) {
                        seg.set(WORD, off + 8L * i, random.nextLong()); // after publication: the kernel may be reading it
                    }
                    return true;
                }
                long state = stateWordOf(off);
                if (state < 0) {
                    return false;
                }
                if (provider.equals("spsc")) {
                    seg.set(ValueLayout.JAVA_INT_UNALIGNED, state, random.nextInt()); // a u32 index-array entry
                } else {
                    seg.set(WORD, state, random.nextLong());
                }
                return true;
            }
            case "sq-index" -> {
                long word = indexBase() + (random.nextBoolean() ? 128 : 256);
                memory.setLongVolatile(word, random.nextLong()); // volatile: a scribble the pollers see at once
                return true;
            }
            default -> throw new IllegalArgumentException("hostile target '" + t + "' is not one of " + TARGETS);
        }
    }

    /** A random SQE in {@link #scratch}; with {@code own}, stamped with this domain's personality and credential. */
    private void randomSqe(boolean own) {
        for (int i = 0; i < SqeLayout.BYTES / 8; i++) {
            scratch.set(WORD, 8L * i, random.nextLong());
        }
        if (own) {
            scratch.set(ValueLayout.JAVA_SHORT_UNALIGNED, SqeLayout.PERSONALITY, (short) user.domain());
            scratch.set(WORD, SqeLayout.PAD, credential);
            scratch.set(ValueLayout.JAVA_BYTE, SqeLayout.OPCODE, (byte) random.nextInt(8)); // mostly real opcodes: reach validation
        }
    }

    /**
     * Where the index words the hostile domain scribbles start: the SQ's shared cursors (+128 and
     * +256) in the MPMC designs; in {@code spsc}, a ring per producer, its OWN ring's khead (+128)
     * and ktail (+256) (SqRingLayout: ring r at base + 64 + r * stride).
     */
    private long indexBase() {
        return provider.equals("spsc") ? sqBase + 64 + (long) user.domain() * spscStride() : sqBase;
    }

    /** SqRingLayout's stride for liburing's private-tail ring: array at +384, then the SQEs, rounded to 128. */
    private long spscStride() {
        long sqes = alignUp(384 + 4L * capacity, 64);
        return alignUp(sqes + (long) capacity * SqeLayout.BYTES, 128);
    }

    /** Offset of the state word of the slot whose record is at {@code recordOffset}, by the design's documented layout; -1 if unknown. */
    private long stateWordOf(long recordOffset) {
        int rb = SqeLayout.BYTES;
        return switch (provider) {
            case "vsched", "vsched-classic" -> recordOffset - 8; // RingGeometry: 8-byte state word, then the record
            case "disruptor" -> {
                long records = alignUp(sqBase + 384 + 8L * capacity, 64); // RingLayout: availability[capacity] at base + 384
                long slot = (recordOffset - records) / rb;
                yield slot >= 0 && slot < capacity ? sqBase + 384 + 8 * slot : -1;
            }
            // spsc has no state word; the nearest thing is the ring's index-array entry of the slot,
            // a u32 the kernel follows to find the SQE (an out-of-range entry is dropped).
            case "spsc" -> {
                long ring = indexBase();
                long slot = (recordOffset - (ring + alignUp(384 + 4L * capacity, 64))) / rb;
                yield slot >= 0 && slot < capacity ? ring + 384 + 4 * slot : -1;
            }
            default -> -1;
        };
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    long writes() { return writes; }

    long completions() { return completions; }

    long errors() { return errors; }
}
