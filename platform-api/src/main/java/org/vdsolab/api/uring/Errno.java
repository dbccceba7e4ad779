package org.vdsolab.api.uring;

/**
 * The Linux errno values the kernel pollers put, negated, into {@code Cqe.res}. Constants only;
 * thread-safe.
 */
public final class Errno {
    private Errno() { }

    /** I/O error: the device model threw, which its contract forbids. */
    public static final int EIO = 5;
    /** The {@code fd} names no registered device. */
    public static final int EBADF = 9;
    /** The device exists but the submitting domain may not use it. */
    public static final int EACCES = 13;
    /** {@code addr}/{@code len} reach outside the submitting domain's buffer slice. */
    public static final int EFAULT = 14;
    /** Unknown opcode or flag, bad field, or {@code off}/{@code len} outside the device. */
    public static final int EINVAL = 22;
    /** A TIMEOUT SQE expired (its normal result). */
    public static final int ETIME = 62;
    /** A later member of an IO_LINK chain whose earlier member failed. */
    public static final int ECANCELED = 125;

    /** A name for messages: {@code EINVAL}, ..., or {@code errno <n>}. */
    public static String name(int errno) {
        return switch (Math.abs(errno)) {
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EINVAL -> "EINVAL";
            case ETIME -> "ETIME";
            case ECANCELED -> "ECANCELED";
            default -> "errno " + Math.abs(errno);
        };
    }
}
