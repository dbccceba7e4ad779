package org.vdsolab.api.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An allocation-free flyweight over a 64-byte SQE stored in a segment (a queue slot, a staging
 * buffer): {@link #wrap} points it at an entry, then getters and setters read and write the bytes
 * in place. Accesses are plain; publishing the entry to another thread is the queue's job (its
 * release store of the slot state or index). Not thread-safe: one view per thread.
 */
public final class SqeView {
    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG;

    private MemorySegment segment;
    private long base;

    /** Points this view at the entry at {@code offset} (8-byte aligned) of {@code segment}. */
    public SqeView wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.base = offset;
        return this;
    }

    public MemorySegment segment() { return segment; }
    public long offset() { return base; }

    public int opcode() { return segment.get(U8, base + SqeLayout.OPCODE) & 0xFF; }
    public SqeView opcode(int v) { segment.set(U8, base + SqeLayout.OPCODE, (byte) v); return this; }
    public int flags() { return segment.get(U8, base + SqeLayout.FLAGS) & 0xFF; }
    public SqeView flags(int v) { segment.set(U8, base + SqeLayout.FLAGS, (byte) v); return this; }
    public int ioprio() { return segment.get(U16, base + SqeLayout.IOPRIO) & 0xFFFF; }
    public SqeView ioprio(int v) { segment.set(U16, base + SqeLayout.IOPRIO, (short) v); return this; }
    public int fd() { return segment.get(I32, base + SqeLayout.FD); }
    public SqeView fd(int v) { segment.set(I32, base + SqeLayout.FD, v); return this; }
    public long off() { return segment.get(I64, base + SqeLayout.OFF); }
    public SqeView off(long v) { segment.set(I64, base + SqeLayout.OFF, v); return this; }
    public long addr() { return segment.get(I64, base + SqeLayout.ADDR); }
    public SqeView addr(long v) { segment.set(I64, base + SqeLayout.ADDR, v); return this; }
    public int len() { return segment.get(I32, base + SqeLayout.LEN); }
    public SqeView len(int v) { segment.set(I32, base + SqeLayout.LEN, v); return this; }
    public int opFlags() { return segment.get(I32, base + SqeLayout.OP_FLAGS); }
    public SqeView opFlags(int v) { segment.set(I32, base + SqeLayout.OP_FLAGS, v); return this; }
    public long userData() { return segment.get(I64, base + SqeLayout.USER_DATA); }
    public SqeView userData(long v) { segment.set(I64, base + SqeLayout.USER_DATA, v); return this; }
    public int bufIndex() { return segment.get(U16, base + SqeLayout.BUF_INDEX) & 0xFFFF; }
    public SqeView bufIndex(int v) { segment.set(U16, base + SqeLayout.BUF_INDEX, (short) v); return this; }
    public int personality() { return segment.get(U16, base + SqeLayout.PERSONALITY) & 0xFFFF; }
    public SqeView personality(int v) { segment.set(U16, base + SqeLayout.PERSONALITY, (short) v); return this; }
    public int fileIndex() { return segment.get(I32, base + SqeLayout.FILE_INDEX); }
    public SqeView fileIndex(int v) { segment.set(I32, base + SqeLayout.FILE_INDEX, v); return this; }
    public long addr3() { return segment.get(I64, base + SqeLayout.ADDR3); }
    public SqeView addr3(long v) { segment.set(I64, base + SqeLayout.ADDR3, v); return this; }
    /** Linux's {@code __pad2}: vdsolab's ring credential (see {@code org.vdsolab.api.uring.UringCredentials}). */
    public long pad() { return segment.get(I64, base + SqeLayout.PAD); }
    public SqeView pad(long v) { segment.set(I64, base + SqeLayout.PAD, v); return this; }

    /** Zeroes the whole entry. */
    public SqeView clear() {
        for (int i = 0; i < SqeLayout.BYTES; i += 8) {
            segment.set(I64, base + i, 0L);
        }
        return this;
    }

    /** Copies a value object into the entry this view points at. */
    public SqeView copyFrom(Sqe s) { write(segment, base, s); return this; }

    /** Copies the entry this view points at into a value object. */
    public Sqe copyTo(Sqe s) { read(segment, base, s); return s; }

    static void write(MemorySegment m, long b, Sqe s) {
        m.set(U8, b + SqeLayout.OPCODE, (byte) s.opcode);
        m.set(U8, b + SqeLayout.FLAGS, (byte) s.flags);
        m.set(U16, b + SqeLayout.IOPRIO, (short) s.ioprio);
        m.set(I32, b + SqeLayout.FD, s.fd);
        m.set(I64, b + SqeLayout.OFF, s.off);
        m.set(I64, b + SqeLayout.ADDR, s.addr);
        m.set(I32, b + SqeLayout.LEN, s.len);
        m.set(I32, b + SqeLayout.OP_FLAGS, s.opFlags);
        m.set(I64, b + SqeLayout.USER_DATA, s.userData);
        m.set(U16, b + SqeLayout.BUF_INDEX, (short) s.bufIndex);
        m.set(U16, b + SqeLayout.PERSONALITY, (short) s.personality);
        m.set(I32, b + SqeLayout.FILE_INDEX, s.fileIndex);
        m.set(I64, b + SqeLayout.ADDR3, s.addr3);
        m.set(I64, b + SqeLayout.PAD, s.pad);
    }

    static void read(MemorySegment m, long b, Sqe s) {
        s.opcode = m.get(U8, b + SqeLayout.OPCODE) & 0xFF;
        s.flags = m.get(U8, b + SqeLayout.FLAGS) & 0xFF;
        s.ioprio = m.get(U16, b + SqeLayout.IOPRIO) & 0xFFFF;
        s.fd = m.get(I32, b + SqeLayout.FD);
        s.off = m.get(I64, b + SqeLayout.OFF);
        s.addr = m.get(I64, b + SqeLayout.ADDR);
        s.len = m.get(I32, b + SqeLayout.LEN);
        s.opFlags = m.get(I32, b + SqeLayout.OP_FLAGS);
        s.userData = m.get(I64, b + SqeLayout.USER_DATA);
        s.bufIndex = m.get(U16, b + SqeLayout.BUF_INDEX) & 0xFFFF;
        s.personality = m.get(U16, b + SqeLayout.PERSONALITY) & 0xFFFF;
        s.fileIndex = m.get(I32, b + SqeLayout.FILE_INDEX);
        s.addr3 = m.get(I64, b + SqeLayout.ADDR3);
        s.pad = m.get(I64, b + SqeLayout.PAD);
    }
}
