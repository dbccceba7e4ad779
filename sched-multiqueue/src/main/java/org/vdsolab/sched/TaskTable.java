package org.vdsolab.sched;

import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.sched.TaskState;

/**
 * The shared task table: {@code maxTasks} records of 64 bytes, one cache line each (a record is
 * written by whichever CPU runs its task, and neighbouring tasks run on different CPUs, so one
 * line per record keeps them from false sharing; 128 would double the table for a prefetch effect
 * that only matters on the hot queue words).
 *
 * <pre>
 *  +0  ctl        long  generation:32 | wake-up pending:1 (bit 8) | state:8   (CAS only)
 *  +8  nextFree   long  free-list link: index+1 of the next free record, 0 = end
 * +16  placement  long  owner domain:32 | CPU affinity:32 (-1 = any)
 * +24  priority   long
 * +32  ticksRun   long
 * +40  scheduled  long  times picked
 * +48  readySince long  System.nanoTime() when it last became READY
 * +56  slice      long  slice ticks used:32 | last CPU:32
 * </pre>
 * Ownership: the state word moves by CAS; the other words are written only by the party that owns
 * the record at that moment (the spawner while FREE→READY, the running CPU while RUNNING, the
 * unblocker after its BLOCKED→READY CAS, anyone for priority) and are handed on through the run
 * queue's release/acquire, so they are written with release stores and read with acquire loads
 * (atomic on every backend; monitoring threads may read them at any time).
 *
 * <p>Thread-safety: stateless view over shared memory; safe from any thread.
 */
final class TaskTable {

    static final int RECORD_BYTES = 64;

    static final int FREE = TaskState.FREE.ordinal();
    static final int READY = TaskState.READY.ordinal();
    static final int RUNNING = TaskState.RUNNING.ordinal();
    static final int BLOCKED = TaskState.BLOCKED.ordinal();
    static final long PENDING = 1L << 8;

    private static final long CTL = 0, NEXT = 8, PLACEMENT = 16, PRIORITY = 24, TICKS = 32, SCHEDULED = 40,
            READY_SINCE = 48, SLICE = 56;

    private final WordMemory memory;
    private final long base;
    private final int size;

    TaskTable(WordMemory memory, long base, int size) {
        this.memory = memory;
        this.base = base;
        this.size = size;
    }

    static long footprint(int maxTasks) {
        return (long) maxTasks * RECORD_BYTES;
    }

    int size() {
        return size;
    }

    /** @throws IllegalArgumentException naming the task id and the table size */
    int check(int task) {
        if (task < 0 || task >= size) {
            throw new IllegalArgumentException("task id " + task + " outside the task table [0, " + size + ")");
        }
        return task;
    }

    private long at(int task, long field) {
        return base + (long) task * RECORD_BYTES + field;
    }

    static int stateOf(long ctl) {
        return (int) (ctl & 0xFF);
    }

    /** The same word with another state; the generation and a pending wake-up are kept. */
    static long withState(long ctl, int state) {
        return (ctl & ~0xFFL) | state;
    }

    /** The byte offset of the task's state word (for tests that script a race on it). */
    long ctlOffset(int task) {
        return at(task, CTL);
    }

    long ctl(int task) {
        // Volatile: the state word is the one every party CASes; a volatile read joins that order.
        return memory.getLongVolatile(at(task, CTL));
    }

    boolean casCtl(int task, long expected, long value) {
        return memory.compareAndSetLong(at(task, CTL), expected, value);
    }

    long nextFree(int task) {
        // Acquire: a popper of the free list reads the link a pusher released before its head CAS.
        return memory.getLongAcquire(at(task, NEXT));
    }

    void setNextFree(int task, long link) {
        // Release: atomic (a stale popper may read it concurrently) and ordered before the head CAS.
        memory.setLongRelease(at(task, NEXT), link);
    }

    void initialise(int task, int ownerDomain, int affinity, int priority) {
        // Release stores by the spawner, the record's only writer until the run-queue push publishes it.
        memory.setLongRelease(at(task, PLACEMENT), ((long) ownerDomain << 32) | (affinity & 0xFFFF_FFFFL));
        memory.setLongRelease(at(task, PRIORITY), priority);
        memory.setLongRelease(at(task, TICKS), 0);
        memory.setLongRelease(at(task, SCHEDULED), 0);
        memory.setLongRelease(at(task, SLICE), 0xFFFF_FFFFL);
    }

    int ownerDomain(int task) {
        return (int) (memory.getLongAcquire(at(task, PLACEMENT)) >> 32);
    }

    int affinity(int task) {
        return (int) memory.getLongAcquire(at(task, PLACEMENT));
    }

    int priority(int task) {
        // Acquire: pairs with setPriority's release from any domain.
        return (int) memory.getLongAcquire(at(task, PRIORITY));
    }

    void setPriority(int task, int priority) {
        // Release: a single word anyone may write; the next enqueue reads the latest value.
        memory.setLongRelease(at(task, PRIORITY), priority);
    }

    long ticksRun(int task) {
        return memory.getLongAcquire(at(task, TICKS));
    }

    long timesScheduled(int task) {
        return memory.getLongAcquire(at(task, SCHEDULED));
    }

    long readySince(int task) {
        return memory.getLongAcquire(at(task, READY_SINCE));
    }

    void setReadySince(int task, long nanos) {
        memory.setLongRelease(at(task, READY_SINCE), nanos);
    }

    /** Called by the CPU that just picked the task (its only writer now): counts the pick, notes the CPU. */
    void markScheduled(int task, int cpu) {
        memory.setLongRelease(at(task, SCHEDULED), memory.getLongAcquire(at(task, SCHEDULED)) + 1);
        long slice = memory.getLongAcquire(at(task, SLICE));
        memory.setLongRelease(at(task, SLICE), (slice & 0xFFFF_FFFF_0000_0000L) | (cpu & 0xFFFF_FFFFL));
    }

    /** One tick by the running CPU; returns the slice ticks used so far. */
    int addTick(int task) {
        memory.setLongRelease(at(task, TICKS), memory.getLongAcquire(at(task, TICKS)) + 1);
        long slice = memory.getLongAcquire(at(task, SLICE)) + (1L << 32);
        memory.setLongRelease(at(task, SLICE), slice);
        return (int) (slice >>> 32);
    }

    int sliceUsed(int task) {
        return (int) (memory.getLongAcquire(at(task, SLICE)) >>> 32);
    }

    void resetSlice(int task) {
        memory.setLongRelease(at(task, SLICE), memory.getLongAcquire(at(task, SLICE)) & 0xFFFF_FFFFL);
    }
}
