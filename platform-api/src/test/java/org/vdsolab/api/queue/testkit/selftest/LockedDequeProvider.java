package org.vdsolab.api.queue.testkit.selftest;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.queue.BatchMode;
import org.vdsolab.api.queue.QueueCapability;
import org.vdsolab.api.queue.QueueConsumer;
import org.vdsolab.api.queue.QueueHeader;
import org.vdsolab.api.queue.QueueProducer;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.QueueSupport;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.queue.SlotHandle;

import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The kit's reference queue: a bounded deque over {@link WordMemory} guarded by one spin lock in
 * shared memory. Obviously correct (every operation runs under the lock), slow, and used only to
 * check the test kit itself: the contract tests and the Lincheck harness must pass on it, and must
 * fail on each {@link Flaw} variant. Not registered with ServiceLoader, so it never shows up in
 * other modules' provider lists.
 *
 * <pre>
 *   +0    QueueHeader (64 bytes)
 *   +64   lock  long   0 free, 1 held (CAS acquire, release store)
 *   +72   head  long   position of the first record (may go negative: pushFront decrements)
 *   +80   tail  long   position after the last record
 *   +128  slots[capacity]  { state long: EMPTY, WRITING, READY, SKIPPED; record bytes }
 * </pre>
 * No padding between lock, head and tail: they are only touched while holding the lock.
 * Thread-safety: the queue is thread-safe; handles are per thread.
 */
public final class LockedDequeProvider implements QueueProvider {

    /** Deliberate bugs, one per variant, that the kit must catch. */
    public enum Flaw {
        /** pushBack claims the tail without the lock (read, yield, write, store): records get lost. */
        RACY_PUSH_BACK,
        /** popFront removes the newest record instead of the oldest. */
        LIFO_POP_FRONT,
        /** Says it holds capacity records but refuses the last one. */
        CAPACITY_ONE_SHORT,
        /** Does not declare DOUBLE_ENDED, yet pushFront/popBack work instead of throwing (every variant implements both ends). */
        UNDECLARED_DOUBLE_ENDED
    }

    public static final String NAME = "kit-locked-deque";

    static final long EMPTY = 0;
    static final long WRITING = 1;
    static final long READY = 2;
    static final long SKIPPED = 3;

    private static final long OFF_LOCK = 64;
    private static final long OFF_HEAD = 72;
    private static final long OFF_TAIL = 80;
    private static final long OFF_SLOTS = 128;

    private final Flaw flaw;
    private final String name;
    private final Set<QueueCapability> capabilities;

    public LockedDequeProvider() {
        this(null);
    }

    /** A variant with {@code flaw} (null for the correct queue). */
    public LockedDequeProvider(Flaw flaw) {
        this.flaw = flaw;
        this.name = flaw == null ? NAME : "kit-broken-" + flaw.name().toLowerCase(Locale.ROOT).replace('_', '-');
        EnumSet<QueueCapability> caps = EnumSet.of(QueueCapability.MULTI_PRODUCER, QueueCapability.MULTI_CONSUMER,
                QueueCapability.DOUBLE_ENDED, QueueCapability.PUSH_SLOT, QueueCapability.BATCH, QueueCapability.EXACTLY_ONCE);
        if (flaw == Flaw.UNDECLARED_DOUBLE_ENDED) {
            caps.remove(QueueCapability.DOUBLE_ENDED);
        }
        this.capabilities = Collections.unmodifiableSet(caps);
    }

    @Override public String name() { return name; }

    @Override public String description() { return "test kit reference: a spin-locked bounded deque" + (flaw == null ? "" : " with flaw " + flaw); }

    @Override public Set<QueueCapability> capabilities() { return capabilities; }

    @Override public void validate(QueueSpec spec) { }

    @Override public long footprint(QueueSpec spec) {
        return (OFF_SLOTS + (long) spec.capacity() * (8 + spec.recordBytes()) + 63) & -64L;
    }

    @Override public int usableCapacity(QueueSpec spec) { return spec.capacity(); }

    @Override public SharedQueue create(WordMemory memory, long offset, QueueSpec spec) {
        validate(spec);
        QueueHeader.write(memory, offset, name, spec, footprint(spec));
        return new LockedQueue(memory, offset, spec);
    }

    @Override public SharedQueue attach(WordMemory memory, long offset, QueueSpec spec) {
        QueueHeader.verify(memory, offset, name, spec, footprint(spec));
        return new LockedQueue(memory, offset, spec);
    }

    private final class LockedQueue implements SharedQueue {
        final WordMemory m;
        final QueueSpec spec;
        final int capacity;
        final long mask;
        final long stride;
        final long lock;
        final long head;
        final long tail;
        final long slots;

        LockedQueue(WordMemory memory, long offset, QueueSpec spec) {
            this.m = memory;
            this.spec = spec;
            this.capacity = spec.capacity();
            this.mask = capacity - 1;
            this.stride = 8 + spec.recordBytes();
            this.lock = offset + OFF_LOCK;
            this.head = offset + OFF_HEAD;
            this.tail = offset + OFF_TAIL;
            this.slots = offset + OFF_SLOTS;
        }

        @Override public String providerName() { return name; }
        @Override public QueueSpec spec() { return spec; }
        @Override public int usableCapacity() { return capacity; }

        @Override public long size() {
            lock();
            long n = m.getLong(tail) - m.getLong(head);
            unlock();
            return n;
        }

        @Override public QueueProducer producer(int id) {
            return new Producer(QueueSupport.checkId("producer", id, spec.producers()));
        }

        @Override public QueueConsumer consumer(int id) {
            return new Consumer(QueueSupport.checkId("consumer", id, spec.consumers()));
        }

        void lock() {
            // CAS: acquire the lock; volatile strength orders everything after it.
            while (!m.compareAndSetLong(lock, 0, 1)) {
                Thread.onSpinWait();
            }
        }

        void unlock() {
            // Release: publishes every plain access made while holding the lock.
            m.setLongRelease(lock, 0);
        }

        long state(long pos) { return slots + (pos & mask) * stride; }

        long record(long pos) { return state(pos) + 8; }

        boolean full(long h, long t) {
            long limit = flaw == Flaw.CAPACITY_ONE_SHORT ? capacity - 1 : capacity;
            return t - h >= limit;
        }

        /** Drops SKIPPED slots at both ends; called with the lock held. */
        void trimSkipped() {
            long h = m.getLong(head);
            long t = m.getLong(tail);
            while (h != t && m.getLong(state(h)) == SKIPPED) {
                m.setLong(state(h), EMPTY);
                h++;
            }
            while (h != t && m.getLong(state(t - 1)) == SKIPPED) {
                m.setLong(state(t - 1), EMPTY);
                t--;
            }
            m.setLong(head, h);
            m.setLong(tail, t);
        }

        private final class Producer implements QueueProducer {
            final int id;
            final Slot slot = new Slot();

            Producer(int id) { this.id = id; }

            @Override public int id() { return id; }

            @Override public boolean pushBack(MemorySegment src, long srcOffset) {
                if (flaw == Flaw.RACY_PUSH_BACK) {
                    return racyPushBack(src, srcOffset);
                }
                lock();
                long h = m.getLong(head);
                long t = m.getLong(tail);
                if (full(h, t)) {
                    unlock();
                    return false;
                }
                m.copyIn(record(t), src, srcOffset, spec.recordBytes());
                m.setLong(state(t), READY);
                m.setLong(tail, t + 1);
                unlock();
                return true;
            }

            // The deliberate race: read the tail, let another producer in, write, store tail + 1.
            private boolean racyPushBack(MemorySegment src, long srcOffset) {
                long t = m.getLongVolatile(tail);
                long h = m.getLongVolatile(head);
                if (full(h, t)) {
                    return false;
                }
                Thread.yield();
                m.copyIn(record(t), src, srcOffset, spec.recordBytes());
                m.setLongVolatile(state(t), READY);
                m.setLongVolatile(tail, t + 1);
                return true;
            }

            @Override public boolean pushFront(MemorySegment src, long srcOffset) {
                lock();
                long h = m.getLong(head);
                long t = m.getLong(tail);
                if (full(h, t)) {
                    unlock();
                    return false;
                }
                m.copyIn(record(h - 1), src, srcOffset, spec.recordBytes());
                m.setLong(state(h - 1), READY);
                m.setLong(head, h - 1);
                unlock();
                return true;
            }

            @Override public SlotHandle pushSlotBack() { return claim(false); }

            @Override public SlotHandle pushSlotFront() {
                return claim(true);
            }

            private SlotHandle claim(boolean front) {
                if (slot.open) {
                    throw new IllegalStateException("producer " + id + " still has an open slot handle");
                }
                lock();
                long h = m.getLong(head);
                long t = m.getLong(tail);
                if (full(h, t)) {
                    unlock();
                    return null;
                }
                long pos = front ? h - 1 : t;
                m.setLong(state(pos), WRITING);
                if (front) {
                    m.setLong(head, pos);
                } else {
                    m.setLong(tail, pos + 1);
                }
                unlock();
                slot.open(pos);
                return slot;
            }

            @Override public int pushMultiple(MemorySegment src, long srcOffset, int count, BatchMode mode) {
                QueueSupport.checkCount(count);
                lock();
                long h = m.getLong(head);
                long t = m.getLong(tail);
                long limit = flaw == Flaw.CAPACITY_ONE_SHORT ? capacity - 1 : capacity;
                int room = (int) Math.max(0, limit - (t - h));
                int n = mode == BatchMode.ALL_OR_NOTHING ? (count <= room ? count : 0) : Math.min(count, room);
                for (int i = 0; i < n; i++) {
                    m.copyIn(record(t + i), src, srcOffset + (long) i * spec.recordBytes(), spec.recordBytes());
                    m.setLong(state(t + i), READY);
                }
                m.setLong(tail, t + n);
                unlock();
                return n;
            }
        }

        private final class Slot implements SlotHandle {
            long pos;
            boolean open;

            void open(long pos) {
                this.pos = pos;
                this.open = true;
            }

            private void checkOpen() {
                if (!open) {
                    throw new IllegalStateException("slot handle used after close or abort");
                }
            }

            @Override public MemorySegment segment() {
                checkOpen();
                return m.segment();
            }

            @Override public long offset() {
                checkOpen();
                return record(pos);
            }

            @Override public void close() {
                checkOpen();
                open = false;
                lock();
                m.setLong(state(pos), READY);
                unlock();
            }

            @Override public void abort() {
                checkOpen();
                open = false;
                lock();
                m.setLong(state(pos), SKIPPED);
                trimSkipped();
                unlock();
            }
        }

        private final class Consumer implements QueueConsumer {
            final int id;

            Consumer(int id) { this.id = id; }

            @Override public int id() { return id; }

            @Override public boolean popFront(MemorySegment dst, long dstOffset) {
                return pop(dst, dstOffset, flaw == Flaw.LIFO_POP_FRONT);
            }

            @Override public boolean popBack(MemorySegment dst, long dstOffset) {
                return pop(dst, dstOffset, true);
            }

            private boolean pop(MemorySegment dst, long dstOffset, boolean back) {
                while (true) {
                    lock();
                    trimSkipped();
                    long h = m.getLong(head);
                    long t = m.getLong(tail);
                    if (h == t) {
                        unlock();
                        return false;
                    }
                    long pos = back ? t - 1 : h;
                    if (m.getLong(state(pos)) == WRITING) {
                        // A claimed slot linearised at its claim: wait for its publish or abort.
                        unlock();
                        Thread.onSpinWait();
                        continue;
                    }
                    m.copyOut(record(pos), dst, dstOffset, spec.recordBytes());
                    m.setLong(state(pos), EMPTY);
                    if (back) {
                        m.setLong(tail, t - 1);
                    } else {
                        m.setLong(head, h + 1);
                    }
                    unlock();
                    return true;
                }
            }

            @Override public int popMultiple(MemorySegment dst, long dstOffset, int max) {
                QueueSupport.checkCount(max);
                outer:
                while (true) {
                    lock();
                    trimSkipped();
                    long h = m.getLong(head);
                    long t = m.getLong(tail);
                    int n = 0;
                    for (long p = h; p < t && n < max; p++) {
                        long s = m.getLong(state(p));
                        if (s == WRITING) {
                            unlock();
                            Thread.onSpinWait();
                            continue outer;
                        }
                        if (s == READY) {
                            n++;
                        }
                    }
                    long p = h;
                    for (int i = 0; i < n; p++) {
                        if (m.getLong(state(p)) == READY) {
                            m.copyOut(record(p), dst, dstOffset + (long) i * spec.recordBytes(), spec.recordBytes());
                            i++;
                        }
                        m.setLong(state(p), EMPTY);
                    }
                    m.setLong(head, p);
                    unlock();
                    return n;
                }
            }
        }
    }
}
