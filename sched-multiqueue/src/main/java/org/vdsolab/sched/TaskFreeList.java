package org.vdsolab.sched;

import org.vdsolab.api.memory.WordMemory;

/**
 * The free task records: a Treiber stack through the records' {@code nextFree} words, with its
 * head in one shared word {@code tag:32 | (index+1):32}. Every successful CAS bumps the tag, so a
 * popper whose snapshot is stale (the record it read was popped and pushed back in between: ABA)
 * fails its CAS; the tag would have to wrap 2^32 times during one pop to fool it.
 *
 * <p>Lock-free; thread-safe from any thread of any domain.
 */
final class TaskFreeList {

    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    private final WordMemory memory;
    private final long headOffset;
    private final TaskTable table;

    TaskFreeList(WordMemory memory, long headOffset, TaskTable table) {
        this.memory = memory;
        this.headOffset = headOffset;
        this.table = table;
    }

    /** Links every record 0 → 1 → ... → n-1 (creation only, before any other domain attaches). */
    void initialise() {
        int n = table.size();
        for (int i = 0; i < n; i++) {
            table.setNextFree(i, i + 1 < n ? i + 2 : 0);
        }
        memory.setLongRelease(headOffset, 1);
    }

    /** A free record's index, or -1 if none is left. */
    int pop() {
        while (true) {
            // Volatile: the head is CASed by every party; the read takes its place in that order.
            long head = memory.getLongVolatile(headOffset);
            long link = head & INDEX_MASK;
            if (link == 0) {
                return -1;
            }
            int index = (int) link - 1;
            long next = table.nextFree(index);
            // The tag makes a stale (head, next) pair fail here even if the same index is on top again.
            if (memory.compareAndSetLong(headOffset, head, nextTag(head) | next)) {
                return index;
            }
        }
    }

    void push(int index) {
        while (true) {
            long head = memory.getLongVolatile(headOffset);
            table.setNextFree(index, head & INDEX_MASK);
            // Volatile CAS: publishes the link written above together with the new head.
            if (memory.compareAndSetLong(headOffset, head, nextTag(head) | (index + 1L))) {
                return;
            }
        }
    }

    private static long nextTag(long head) {
        return (head & ~INDEX_MASK) + (1L << 32);
    }
}
