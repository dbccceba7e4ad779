package org.vdsolab.api.record;

import java.lang.foreign.MemorySegment;

/**
 * A completion queue entry as a plain value object in private memory (the vDSO design's
 * {@code CQE::new()}); Linux's 16-byte {@code struct io_uring_cqe}: {@code userData} as submitted,
 * {@code res} the result or a negative errno, {@code flags}. Not thread-safe.
 */
public final class Cqe {
    public long userData;
    public int res;
    public int flags;

    public Cqe clear() { userData = 0; res = 0; flags = 0; return this; }

    public void writeTo(MemorySegment segment, long offset) { CqeView.write(segment, offset, this); }

    public Cqe readFrom(MemorySegment segment, long offset) { CqeView.read(segment, offset, this); return this; }

    @Override public boolean equals(Object o) {
        return o instanceof Cqe c && userData == c.userData && res == c.res && flags == c.flags;
    }

    @Override public int hashCode() { return java.util.Objects.hash(userData, res, flags); }

    @Override public String toString() { return "Cqe{userData=" + userData + ", res=" + res + ", flags=" + flags + '}'; }
}
