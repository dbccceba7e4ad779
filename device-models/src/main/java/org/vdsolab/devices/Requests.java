package org.vdsolab.devices;

import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.uring.Errno;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Validation of the data fields of an SQE, the same for every model, so a hostile or malformed
 * SQE gets the same answer whichever device it names. Nothing here throws or allocates: each check
 * returns a byte count ({@code >= 0}) or a negative errno.
 *
 * <p>Buffer ranges are offsets into the submitting domain's buffer area ({@code buffers}); a
 * {@code null} area counts as empty. Vectored requests ({@code READV}/{@code WRITEV}) locate an
 * array of Linux {@code struct iovec} ({@code u64 base, u64 len}, native order, any alignment) at
 * {@code addr} in the area, with {@code len} entries, whose {@code base} fields are offsets in the
 * area too. Stateless; thread-safe.
 */
final class Requests {
    private Requests() { }

    /** Linux's {@code UIO_MAXIOV}: most iovecs one vectored request may carry. */
    static final int MAX_IOVECS = 1024;
    /** Bytes of one {@code struct iovec}. */
    static final int IOVEC_BYTES = 16;
    /** {@code IORING_FSYNC_DATASYNC}: the only FSYNC flag ({@code fdatasync} instead of {@code fsync}). */
    static final int FSYNC_DATASYNC = 1;

    // Unaligned layouts: the iovec array sits wherever the submitter put it, and heap areas backed
    // by byte[] refuse aligned long accesses.
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    /**
     * Checks a READ/WRITE-class request against the buffer area and the device capacity.
     *
     * @return the total byte count, or {@code -EINVAL} (negative {@code off} or {@code len}, too many
     *         iovecs, a READ ending beyond {@code capacity}), {@code -EFBIG} (a WRITE ending beyond
     *         {@code capacity}), {@code -EFAULT} (a range outside {@code buffers}, or a READ into a
     *         read-only area)
     */
    static int dataLength(SqeView sqe, MemorySegment buffers, long capacity, boolean write) {
        long off = sqe.off();
        int len = sqe.len();
        if (len < 0 || off < 0) {           // len is a u32 in Linux: >= 2^31 exceeds any transfer size
            return -Errno.EINVAL;
        }
        long areaBytes = buffers == null ? 0 : buffers.byteSize();
        long addr = sqe.addr();
        long total;
        if (RequestClasses.isVectored(sqe.opcode())) {
            if (len > MAX_IOVECS) {
                return -Errno.EINVAL;
            }
            if (!inRange(areaBytes, addr, (long) len * IOVEC_BYTES)) {
                return -Errno.EFAULT;
            }
            total = 0;
            for (int i = 0; i < len; i++) {
                long base = iovBase(buffers, addr, i);
                long n = iovLen(buffers, addr, i);
                if (n < 0 || n > Integer.MAX_VALUE) {
                    return -Errno.EINVAL;
                }
                if (!inRange(areaBytes, base, n)) {
                    return -Errno.EFAULT;
                }
                total += n;
                if (total > Integer.MAX_VALUE) {   // the CQE's res is an i32
                    return -Errno.EINVAL;
                }
            }
        } else {
            if (!inRange(areaBytes, addr, len)) {
                return -Errno.EFAULT;
            }
            total = len;
        }
        if (off > capacity - total) {       // written so that off + total cannot overflow
            return write ? -Errno.EFBIG : -Errno.EINVAL;
        }
        if (!write && total > 0 && buffers.isReadOnly()) {
            return -Errno.EFAULT;
        }
        return (int) total;
    }

    /** Checks an FSYNC: {@code addr} must be 0 and {@code op_flags} at most {@link #FSYNC_DATASYNC}; 0 or {@code -EINVAL}. */
    static int checkFsync(SqeView sqe) {
        return sqe.addr() != 0 || (sqe.opFlags() & ~FSYNC_DATASYNC) != 0 ? -Errno.EINVAL : 0;
    }

    /** Whether {@code [start, start + length)} lies inside an area of {@code areaBytes}; never overflows. */
    static boolean inRange(long areaBytes, long start, long length) {
        return start >= 0 && length >= 0 && length <= areaBytes && start <= areaBytes - length;
    }

    /** The {@code base} of iovec {@code i} of the array at {@code array}. */
    static long iovBase(MemorySegment buffers, long array, int i) {
        return buffers.get(U64, array + (long) i * IOVEC_BYTES);
    }

    /** The {@code len} of iovec {@code i} of the array at {@code array}. */
    static long iovLen(MemorySegment buffers, long array, int i) {
        return buffers.get(U64, array + (long) i * IOVEC_BYTES + 8);
    }
}
