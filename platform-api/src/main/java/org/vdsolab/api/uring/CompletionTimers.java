package org.vdsolab.api.uring;

/**
 * A poller's pending simulated completions: a binary min-heap keyed by completion time (ties
 * broken by arrival order, so the CQEs of a chain and of equal times keep their order), stored in
 * parallel primitive arrays. Serving a million outstanding requests costs no thread and no object
 * per request; the arrays double when full (the only allocation, amortised).
 *
 * <p>Not thread-safe: owned by one poller.
 */
public final class CompletionTimers {

    private long[] at;
    private long[] seq;
    private long[] userData;
    private int[] res;
    private int[] owner;
    private int size;
    private long nextSeq;

    public CompletionTimers(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        at = new long[c];
        seq = new long[c];
        userData = new long[c];
        res = new int[c];
        owner = new int[c];
    }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    /** The earliest completion time; only when not empty. */
    public long nextAt() { return at[0]; }

    /** Adds a completion due at {@code atNanos}. */
    public void add(long atNanos, long ud, int result, int ownerDomain) {
        if (size == at.length) {
            grow();
        }
        int i = size++;
        long s = nextSeq++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(atNanos, s, at[parent], seq[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, atNanos, s, ud, result, ownerDomain);
    }

    /** User data of the earliest entry; only when not empty. */
    public long peekUserData() { return userData[0]; }

    public int peekRes() { return res[0]; }

    public int peekOwner() { return owner[0]; }

    /** Removes the earliest entry (read it with the peek methods first). */
    public void removeFirst() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long a = at[last];
        long s = seq[last];
        long u = userData[last];
        int r = res[last];
        int o = owner[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && less(at[child + 1], seq[child + 1], at[child], seq[child])) {
                child++;
            }
            if (!less(at[child], seq[child], a, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, a, s, u, r, o);
    }

    private static boolean less(long a1, long s1, long a2, long s2) {
        long d = a1 - a2; // nanoTime values: compare by difference, as System.nanoTime requires
        return d < 0 || (d == 0 && s1 < s2);
    }

    private void move(int from, int to) {
        set(to, at[from], seq[from], userData[from], res[from], owner[from]);
    }

    private void set(int i, long a, long s, long u, int r, int o) {
        at[i] = a;
        seq[i] = s;
        userData[i] = u;
        res[i] = r;
        owner[i] = o;
    }

    private void grow() {
        int c = at.length * 2;
        at = java.util.Arrays.copyOf(at, c);
        seq = java.util.Arrays.copyOf(seq, c);
        userData = java.util.Arrays.copyOf(userData, c);
        res = java.util.Arrays.copyOf(res, c);
        owner = java.util.Arrays.copyOf(owner, c);
    }
}
