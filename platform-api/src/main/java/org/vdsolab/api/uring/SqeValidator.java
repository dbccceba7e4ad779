package org.vdsolab.api.uring;

import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;

/**
 * Checks an SQE before any I/O: every user domain can write the shared SQ, so every field is
 * hostile until proven otherwise. Returns 0 for a servable SQE or a negative errno:
 *
 * <ul>
 *   <li>unknown opcode or a flag bit outside {@link SqeFlags#SUPPORTED}: {@code -EINVAL};</li>
 *   <li>READ/WRITE/FSYNC: {@code fd} not registered {@code -EBADF}; not allowed for the submitting
 *       domain {@code -EACCES};</li>
 *   <li>READ/WRITE: {@code addr}/{@code len} (len unsigned) not inside the submitting domain's own
 *       buffer slice {@code -EFAULT} (the slice is at most 2^30 bytes, so {@code len} is bounded
 *       by it and a result always fits {@code res}); {@code off} negative {@code -EINVAL};
 *       {@code off + len} wrapping past {@code Long.MAX_VALUE} {@code -EOVERFLOW} (Linux's
 *       {@code rw_verify_area}); {@code off + len} beyond the device table's
 *       {@code capacityBytes} {@code -EINVAL};</li>
 *   <li>FSYNC: {@code addr != 0} {@code -EINVAL};</li>
 *   <li>TIMEOUT: {@code len != 1}, {@code off != 0} or an {@code op_flags} bit other than
 *       {@link UringOp#TIMEOUT_ABS} {@code -EINVAL}; the 16-byte timespec not inside the buffer
 *       slice {@code -EFAULT}; its values are checked by {@link #timeoutNanos} ({@link Timespec}).</li>
 * </ul>
 * Every comparison is written so that it cannot overflow ({@code a > limit - b}, never
 * {@code a + b > limit}). So a request that passes never touches memory or device bytes outside
 * its bounds; the {@code addr} of an SQE is only ever an offset into the slice of the domain whose
 * credential it carries, so no SQE reaches another domain's buffers. Stateless
 * apart from its immutable inputs; thread-safe.
 */
public final class SqeValidator {

    private final DeviceTable devices;
    private final long bufferBytes;

    public SqeValidator(DeviceTable devices, long bufferBytes) {
        this.devices = devices;
        this.bufferBytes = bufferBytes;
    }

    /** 0 if {@code sqe} from {@code domain} may be served, else a negative errno. */
    public int check(SqeView sqe, int domain) {
        int opcode = sqe.opcode();
        if (!UringOp.isKnown(opcode) || (sqe.flags() & ~SqeFlags.SUPPORTED) != 0) {
            return -Errno.EINVAL;
        }
        switch (opcode) {
            case UringOp.NOP:
                return 0;
            case UringOp.TIMEOUT: {
                if (sqe.len() != 1 || sqe.off() != 0 || (sqe.opFlags() & ~UringOp.TIMEOUT_ABS) != 0) {
                    return -Errno.EINVAL;
                }
                return Timespec.fits(bufferBytes, sqe.addr()) ? 0 : -Errno.EFAULT; // values: timeoutNanos
            }
            case UringOp.FSYNC: {
                int e = checkDevice(sqe.fd(), domain);
                if (e != 0) {
                    return e;
                }
                return sqe.addr() != 0 ? -Errno.EINVAL : 0;
            }
            default: { // READ, WRITE
                int e = checkDevice(sqe.fd(), domain);
                if (e != 0) {
                    return e;
                }
                long len = sqe.len() & 0xFFFF_FFFFL;
                long addr = sqe.addr();
                if (addr < 0 || len > bufferBytes || addr > bufferBytes - len) {
                    return -Errno.EFAULT;
                }
                long off = sqe.off();
                if (off < 0) {
                    return -Errno.EINVAL;
                }
                if (off > Long.MAX_VALUE - len) {
                    return -Errno.EOVERFLOW;
                }
                long capacity = devices.get(sqe.fd()).capacityBytes();
                if (len > capacity || off > capacity - len) {
                    return -Errno.EINVAL;
                }
                return 0;
            }
        }
    }

    /**
     * The wait of a TIMEOUT SQE that passed {@link #check}, read from the domain's buffer slice
     * ({@link Timespec#waitNanos}: relative, or absolute on the {@link System#nanoTime()} clock with
     * {@link UringOp#TIMEOUT_ABS}), or a negative errno if the timespec is invalid.
     */
    public long timeoutNanos(SqeView sqe, MemorySegment domainBuffers, long nowNanos) {
        return Timespec.waitNanos(domainBuffers, sqe.addr(), (sqe.opFlags() & UringOp.TIMEOUT_ABS) != 0, nowNanos);
    }

    private int checkDevice(int fd, int domain) {
        DeviceTable.Device d = devices.get(fd);
        if (d == null) {
            return -Errno.EBADF;
        }
        return d.allows(domain) ? 0 : -Errno.EACCES;
    }
}
