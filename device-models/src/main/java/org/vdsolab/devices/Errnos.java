package org.vdsolab.devices;

/**
 * The Linux errno values the device models answer with, as positive numbers: a CQE carries
 * {@code -Errnos.X}. Literal Linux values; platform-api's {@code org.vdsolab.api.uring.Errno}
 * lacks EINTR, EFBIG, EMSGSIZE, EOPNOTSUPP and ENOBUFS. Constants only; thread-safe.
 */
final class Errnos {
    private Errnos() { }

    /** The I/O was cut short because the serving thread was interrupted (the file device). */
    static final int EINTR = 4;
    /** The backing file failed. */
    static final int EIO = 5;
    /** The device is closed. */
    static final int EBADF = 9;
    /** A buffer range outside the submitting domain's buffer area, or a READ into a read-only one. */
    static final int EFAULT = 14;
    /** A bad field: negative offset or length, a READ beyond the capacity, unknown opcode or flag. */
    static final int EINVAL = 22;
    /** A WRITE beyond the device's capacity (Linux: beyond the file size limit). */
    static final int EFBIG = 27;
    /** The normal result of an expired TIMEOUT. */
    static final int ETIME = 62;
    /** A packet longer than the NIC's frame size. */
    static final int EMSGSIZE = 90;
    /** A known opcode the model does not serve (FSYNC on the NIC, counted TIMEOUTs). */
    static final int EOPNOTSUPP = 95;
    /** The NIC's descriptor ring was full: the packet was dropped. */
    static final int ENOBUFS = 105;
}
