package org.vdsolab.api.queue.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The sequential specification of every queue: a bounded deque of the provider's usable capacity.
 * Pushes into a full deque and pops from an empty one fail (false / null) and change nothing; a
 * published slot push is a push; an aborted slot push changes nothing and returns whether the
 * claim would have succeeded; ALL_OR_NOTHING batches push all or none, AS_MANY_AS_FIT batches the
 * leading records that fit.
 *
 * <p>Lincheck builds it through the no-argument constructor (capacity from the running check);
 * the contract tests use it as a model through {@link #BoundedDequeSpec(int)}. Methods mirror
 * {@link QueueOperations}; the party argument is ignored. Not thread-safe.
 */
public class BoundedDequeSpec {

    private final int capacity;
    private final ArrayDeque<Long> items = new ArrayDeque<>();

    public BoundedDequeSpec() {
        this(LincheckTarget.get().usableCapacity);
    }

    public BoundedDequeSpec(int capacity) {
        this.capacity = capacity;
    }

    public int size() { return items.size(); }

    public boolean pushBack(int party, long value) {
        if (items.size() >= capacity) {
            return false;
        }
        items.addLast(value);
        return true;
    }

    public boolean pushFront(int party, long value) {
        if (items.size() >= capacity) {
            return false;
        }
        items.addFirst(value);
        return true;
    }

    public Long popFront(int party) { return items.pollFirst(); }

    public Long popBack(int party) { return items.pollLast(); }

    public int pushMultiple(int party, long firstValue, int count, boolean allOrNothing) {
        int room = capacity - items.size();
        int n = allOrNothing ? (count <= room ? count : 0) : Math.min(count, room);
        for (int i = 0; i < n; i++) {
            items.addLast(firstValue + i);
        }
        return n;
    }

    public List<Long> popMultiple(int party, int max) {
        List<Long> out = new ArrayList<>();
        while (out.size() < max && !items.isEmpty()) {
            out.add(items.pollFirst());
        }
        return out;
    }

    public boolean pushSlotBack(int party, long value) { return pushBack(party, value); }

    public boolean pushSlotBackAborted(int party, long value) { return items.size() < capacity; }

    public boolean pushSlotFront(int party, long value) { return pushFront(party, value); }

    public boolean pushSlotFrontAborted(int party, long value) { return items.size() < capacity; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BoundedDequeSpec other) || other.capacity != capacity || other.items.size() != items.size()) {
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

    @Override
    public int hashCode() {
        int h = capacity;
        for (Long v : items) {
            h = 31 * h + Objects.hashCode(v);
        }
        return h;
    }
}
