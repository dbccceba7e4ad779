package org.vdsolab.api.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An allocation-free flyweight over a 16-byte CQE in a segment; see {@link SqeView} for the
 * contract. Not thread-safe: one view per thread.
 */
public final class CqeView {
    private MemorySegment segment;
    private long base;

    public CqeView wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.base = offset;
        return this;
    }

    public MemorySegment segment() { return segment; }
    public long offset() { return base; }

    public long userData() { return segment.get(ValueLayout.JAVA_LONG, base + CqeLayout.USER_DATA); }
    public CqeView userData(long v) { segment.set(ValueLayout.JAVA_LONG, base + CqeLayout.USER_DATA, v); return this; }
    public int res() { return segment.get(ValueLayout.JAVA_INT, base + CqeLayout.RES); }
    public CqeView res(int v) { segment.set(ValueLayout.JAVA_INT, base + CqeLayout.RES, v); return this; }
    public int flags() { return segment.get(ValueLayout.JAVA_INT, base + CqeLayout.FLAGS); }
    public CqeView flags(int v) { segment.set(ValueLayout.JAVA_INT, base + CqeLayout.FLAGS, v); return this; }

    public CqeView copyFrom(Cqe c) { write(segment, base, c); return this; }

    public Cqe copyTo(Cqe c) { read(segment, base, c); return c; }

    static void write(MemorySegment m, long b, Cqe c) {
        m.set(ValueLayout.JAVA_LONG, b + CqeLayout.USER_DATA, c.userData);
        m.set(ValueLayout.JAVA_INT, b + CqeLayout.RES, c.res);
        m.set(ValueLayout.JAVA_INT, b + CqeLayout.FLAGS, c.flags);
    }

    static void read(MemorySegment m, long b, Cqe c) {
        c.userData = m.get(ValueLayout.JAVA_LONG, b + CqeLayout.USER_DATA);
        c.res = m.get(ValueLayout.JAVA_INT, b + CqeLayout.RES);
        c.flags = m.get(ValueLayout.JAVA_INT, b + CqeLayout.FLAGS);
    }
}
