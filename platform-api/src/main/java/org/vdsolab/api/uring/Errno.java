package org.vdsolab.api.uring;

/**
 * The Linux errno values the kernel pollers and the device models put, negated, into
 * {@code Cqe.res}. Literal Linux (x86-64 / generic) values. Constants only; thread-safe.
 */
public final class Errno {
    private Errno() { }

    /** The I/O was cut short because the serving thread was interrupted (the file device). */
    public static final int EINTR = 4;
    /** I/O error: the device model threw, which its contract forbids, or a backing file failed. */
    public static final int EIO = 5;
    /** The {@code fd} names no registered device, or the device is closed. */
    public static final int EBADF = 9;
    /** The submitting domain has its quota of outstanding SQEs in flight: reap, then resubmit. */
    public static final int EAGAIN = 11;
    /** The device exists but the submitting domain may not use it. */
    public static final int EACCES = 13;
    /** {@code addr}/{@code len} reach outside the submitting domain's buffer slice. */
    public static final int EFAULT = 14;
    /** Unknown opcode or flag, bad field, or {@code off}/{@code len} outside the device. */
    public static final int EINVAL = 22;
    /** A WRITE beyond the device's capacity (Linux: beyond the file size limit). */
    public static final int EFBIG = 27;
    /** A TIMEOUT SQE expired (its normal result). */
    public static final int ETIME = 62;
    /** {@code off + len} does not fit a signed 64-bit file position (Linux's rw_verify_area). */
    public static final int EOVERFLOW = 75;
    /** A packet longer than the NIC model's frame size. */
    public static final int EMSGSIZE = 90;
    /** A known opcode the device does not serve (FSYNC on the NIC model, counted TIMEOUTs). */
    public static final int EOPNOTSUPP = 95;
    /** The NIC model's descriptor ring was full: the packet was dropped. */
    public static final int ENOBUFS = 105;
    /** A later member of an IO_LINK chain whose earlier member failed. */
    public static final int ECANCELED = 125;

    /** A name for messages: {@code EINVAL}, ..., or {@code errno <n>}. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EOVERFLOW -> "EOVERFLOW";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EINVAL -> "EINVAL";
            case EFBIG -> "EFBIG";
            case ETIME -> "ETIME";
            case EMSGSIZE -> "EMSGSIZE";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ENOBUFS -> "ENOBUFS";
            case ECANCELED -> "ECANCELED";
            default -> "errno " + Math.abs(errno);
        };
    }
}
