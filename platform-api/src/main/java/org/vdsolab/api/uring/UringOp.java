package org.vdsolab.api.uring;

/**
 * SQE opcodes with Linux's {@code IORING_OP_*} values, so an SQE means the same bytes as in Linux,
 * and the one TIMEOUT flag the platform knows ({@link #TIMEOUT_ABS}).
 *
 * <p>The kernel pollers serve five of them themselves or through the device table ({@link #isKnown}):
 * NOP, READ, WRITE, FSYNC and TIMEOUT; they answer every other opcode, including the vectored
 * ({@link #READV}, {@link #WRITEV}) and fixed-buffer ({@link #READ_FIXED}, {@link #WRITE_FIXED})
 * forms, with {@code -EINVAL}. Those four are named here because device models, which a caller may
 * also drive directly, serve them too.
 *
 * <ul>
 *   <li>{@link #NOP}: completes at once with {@code res = 0}; every other field is ignored.</li>
 *   <li>{@link #READ} / {@link #WRITE}: {@code fd} names a device registered with the kernel,
 *       {@code off} is the device offset, {@code addr} is an offset into the submitting domain's
 *       buffer slice (never an address), {@code len} the byte count. {@code res} = bytes moved.</li>
 *   <li>{@link #FSYNC}: {@code fd} names the device; {@code addr} must be 0.</li>
 *   <li>{@link #TIMEOUT}: {@code addr} is a buffer offset holding Linux's 16-byte
 *       {@code __kernel_timespec} ({@code tv_sec} i64, {@code tv_nsec} i64, native order),
 *       {@code len} must be 1, {@code off} (the completion count) must be 0 and {@code op_flags}
 *       may hold only {@link #TIMEOUT_ABS}; completes with {@code -ETIME} when the time has passed
 *       ({@link Timespec} decodes and bounds the wait).</li>
 * </ul>
 * Constants only; thread-safe.
 */
public final class UringOp {
    private UringOp() { }

    public static final int NOP = 0;
    /** {@code addr} locates an array of Linux {@code struct iovec}, {@code len} counts its entries. */
    public static final int READV = 1;
    /** {@code addr} locates an array of Linux {@code struct iovec}, {@code len} counts its entries. */
    public static final int WRITEV = 2;
    public static final int FSYNC = 3;
    /** READ into a registered buffer ({@code buf_index}). */
    public static final int READ_FIXED = 4;
    /** WRITE from a registered buffer ({@code buf_index}). */
    public static final int WRITE_FIXED = 5;
    public static final int TIMEOUT = 11;
    public static final int READ = 22;
    public static final int WRITE = 23;

    /**
     * {@code IORING_TIMEOUT_ABS}, a TIMEOUT {@code op_flags} bit: the timespec is a point on the
     * {@link System#nanoTime()} clock instead of a duration (see {@link Timespec#waitNanos}).
     */
    public static final int TIMEOUT_ABS = 1;

    /** Longest timeout a TIMEOUT SQE may ask for (longer ones are {@code -EINVAL}): one minute. */
    public static final long MAX_TIMEOUT_NANOS = 60_000_000_000L;

    /**
     * Whether the kernel pollers serve {@code opcode}: NOP, READ, WRITE, FSYNC and TIMEOUT. The
     * vectored and fixed-buffer opcodes are not (the pollers answer them {@code -EINVAL}).
     */
    public static boolean isKnown(int opcode) {
        return opcode == NOP || opcode == FSYNC || opcode == TIMEOUT || opcode == READ || opcode == WRITE;
    }

    /** A name for reports: {@code read}, {@code write}, ..., or {@code op<n>}. */
    public static String name(int opcode) {
        return switch (opcode) {
            case NOP -> "nop";
            case READV -> "readv";
            case WRITEV -> "writev";
            case FSYNC -> "fsync";
            case READ_FIXED -> "read_fixed";
            case WRITE_FIXED -> "write_fixed";
            case TIMEOUT -> "timeout";
            case READ -> "read";
            case WRITE -> "write";
            default -> "op" + opcode;
        };
    }
}
