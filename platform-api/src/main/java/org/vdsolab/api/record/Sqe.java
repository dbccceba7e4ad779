package org.vdsolab.api.record;

import java.lang.foreign.MemorySegment;

/**
 * A submission queue entry as a plain value object in private memory: the vDSO design's
 * {@code SQE::new()} whose fields are freely writable. Copy it into shared memory with
 * {@link #writeTo}; read one out with {@link #readFrom}. For in-place access to an entry that is
 * already in a segment, use the allocation-free {@link SqeView}.
 *
 * <p>Fields, sizes and byte order are Linux's {@code struct io_uring_sqe}; see {@link SqeLayout}.
 * Unsigned Linux fields are held in the next wider Java type where that matters
 * ({@code opcode}, {@code flags}: 0..255; {@code ioprio}, {@code bufIndex}, {@code personality}:
 * 0..65535) and stored truncated to their width. Not thread-safe.
 */
public final class Sqe {
    public int opcode;
    public int flags;
    public int ioprio;
    public int fd;
    public long off;
    public long addr;
    public int len;
    public int opFlags;
    public long userData;
    public int bufIndex;
    public int personality;
    public int fileIndex;
    public long addr3;
    public long pad;

    /** Resets every field to zero, so an instance can be reused without allocation. */
    public Sqe clear() {
        opcode = flags = ioprio = fd = len = opFlags = bufIndex = personality = fileIndex = 0;
        off = addr = userData = addr3 = pad = 0;
        return this;
    }

    /** Writes all 64 bytes at {@code offset} (8-byte aligned) of {@code segment}. */
    public void writeTo(MemorySegment segment, long offset) {
        SqeView.write(segment, offset, this);
    }

    /** Reads all 64 bytes at {@code offset} of {@code segment} into this object. */
    public Sqe readFrom(MemorySegment segment, long offset) {
        SqeView.read(segment, offset, this);
        return this;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Sqe s && opcode == s.opcode && flags == s.flags && ioprio == s.ioprio && fd == s.fd
                && off == s.off && addr == s.addr && len == s.len && opFlags == s.opFlags && userData == s.userData
                && bufIndex == s.bufIndex && personality == s.personality && fileIndex == s.fileIndex
                && addr3 == s.addr3 && pad == s.pad;
    }

    @Override public int hashCode() {
        return java.util.Objects.hash(opcode, flags, ioprio, fd, off, addr, len, opFlags, userData, bufIndex,
                personality, fileIndex, addr3, pad);
    }

    @Override public String toString() {
        return "Sqe{opcode=" + opcode + ", flags=" + flags + ", ioprio=" + ioprio + ", fd=" + fd + ", off=" + off
                + ", addr=" + addr + ", len=" + len + ", opFlags=" + opFlags + ", userData=" + userData
                + ", bufIndex=" + bufIndex + ", personality=" + personality + ", fileIndex=" + fileIndex
                + ", addr3=" + addr3 + '}';
    }
}
