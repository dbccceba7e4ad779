package org.vdsolab.api.uring;

import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Checks an SQE before any I/O: every user domain can write the shared SQ, so every field is
 * hostile until proven otherwise. Returns 0 for a servable SQE or a negative errno:
 *
 * <ul>
 *   <li>unknown opcode or a flag bit outside {@link SqeFlags#SUPPORTED}: {@code -EINVAL};</li>
 *   <li>READ/WRITE/FSYNC: {@code fd} not registered {@code -EBADF}; not allowed for the submitting
 *       domain {@code -EACCES};</li>
 *   <li>READ/WRITE: {@code addr}/{@code len} (len unsigned) not inside the domain's buffer slice
 *       {@code -EFAULT}; {@code off} negative or {@code off + len} beyond the device's capacity
 *       {@code -EINVAL};</li>
 *   <li>FSYNC: {@code addr != 0} {@code -EINVAL};</li>
 *   <li>TIMEOUT: {@code len != 1} or {@code off != 0} {@code -EINVAL}; the 16-byte timespec not
 *       inside the buffer slice {@code -EFAULT}; negative seconds, nanoseconds outside
 *       [0, 10^9) or longer than {@link UringOp#MAX_TIMEOUT_NANOS} {@code -EINVAL}.</li>
 * </ul>
 * So a request that passes never touches memory or device bytes outside its bounds. Stateless
 * apart from its immutable inputs; thread-safe.
 */
public final class SqeValidator {

    private static final ValueLayout.OfLong LONG_UNALIGNED = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long TIMESPEC_BYTES = 16;

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
                if (sqe.len() != 1 || sqe.off() != 0) {
                    return -Errno.EINVAL;
                }
                long addr = sqe.addr();
                if (addr < 0 || addr > bufferBytes - TIMESPEC_BYTES) {
                    return -Errno.EFAULT;
                }
                return 0; // the timespec's values are checked by timeoutNanos
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
                long capacity = devices.get(sqe.fd()).capacityBytes();
                if (off < 0 || len > capacity || off > capacity - len) {
                    return -Errno.EINVAL;
                }
                return 0;
            }
        }
    }

    /**
     * The duration of a TIMEOUT SQE that passed {@link #check}, read from the domain's buffer
     * slice, or a negative errno if the timespec is invalid.
     */
    public long timeoutNanos(SqeView sqe, MemorySegment domainBuffers) {
        long sec = domainBuffers.get(LONG_UNALIGNED, sqe.addr());
        long nsec = domainBuffers.get(LONG_UNALIGNED, sqe.addr() + 8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L || sec > UringOp.MAX_TIMEOUT_NANOS / 1_000_000_000L) {
            return -Errno.EINVAL;
        }
        long total = sec * 1_000_000_000L + nsec;
        return total > UringOp.MAX_TIMEOUT_NANOS ? -Errno.EINVAL : total;
    }

    private int checkDevice(int fd, int domain) {
        DeviceTable.Device d = devices.get(fd);
        if (d == null) {
            return -Errno.EBADF;
        }
        return d.allows(domain) ? 0 : -Errno.EACCES;
    }
}
