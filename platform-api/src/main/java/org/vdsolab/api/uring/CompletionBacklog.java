package org.vdsolab.api.uring;

/**
 * A FIFO of CQEs held in private memory because their queue was full: a poller's overflow list
 * (Linux's {@code IORING_FEAT_NODROP} list) and a reaper's list of CQEs it could not hand on yet.
 * Never drops: it grows (doubling) instead. Parallel primitive arrays; no object per entry.
 *
 * <p>Not thread-safe: owned by one thread.
 */
public final class CompletionBacklog {

    private long[] userData;
    private int[] res;
    private int[] flags;
    private int head;
    private int size;

    public CompletionBacklog(int initialCapacity) {
        int c = Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1;
        userData = new long[c];
        res = new int[c];
        flags = new int[c];
    }

    public int size() { return size; }

    public boolean isEmpty() { return size == 0; }

    public void add(long ud, int result, int f) {
        if (size == userData.length) {
            grow();
        }
        int i = (head + size) & (userData.length - 1);
        userData[i] = ud;
        res[i] = result;
        flags[i] = f;
        size++;
    }

    public long peekUserData() { return userData[head]; }

    public int peekRes() { return res[head]; }

    public int peekFlags() { return flags[head]; }

    public void removeFirst() {
        head = (head + 1) & (userData.length - 1);
        size--;
    }

    private void grow() {
        int c = userData.length * 2;
        long[] u = new long[c];
        int[] r = new int[c];
        int[] f = new int[c];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (userData.length - 1);
            u[k] = userData[i];
            r[k] = res[i];
            f[k] = flags[i];
        }
        userData = u;
        res = r;
        flags = f;
        head = 0;
    }
}
