package org.vdsolab.api.uring;

/**
 * The SQE opcodes the kernel pollers serve, with Linux's {@code IORING_OP_*} values so an SQE means
 * the same bytes as in Linux. Every other opcode is answered with {@code -EINVAL}.
 *
 * <ul>
 *   <li>{@link #NOP}: completes at once with {@code res = 0}; every other field is ignored.</li>
 *   <li>{@link #READ} / {@link #WRITE}: {@code fd} names a device registered with the kernel,
 *       {@code off} is the device offset, {@code addr} is an offset into the submitting domain's
 *       buffer slice (never an address), {@code len} the byte count. {@code res} = bytes moved.</li>
 *   <li>{@link #FSYNC}: {@code fd} names the device; {@code addr} must be 0.</li>
 *   <li>{@link #TIMEOUT}: {@code addr} is a buffer offset holding Linux's 16-byte
 *       {@code __kernel_timespec} ({@code tv_sec} i64, {@code tv_nsec} i64, native order),
 *       {@code len} must be 1 and {@code off} (the completion count) must be 0; completes with
 *       {@code -ETIME} when the time has passed.</li>
 * </ul>
 * Constants only; thread-safe.
 */
public final class UringOp {
    private UringOp() { }

    public static final int NOP = 0;
    public static final int FSYNC = 3;
    public static final int TIMEOUT = 11;
    public static final int READ = 22;
    public static final int WRITE = 23;

    /** Longest timeout a TIMEOUT SQE may ask for (longer ones are {@code -EINVAL}): one minute. */
    public static final long MAX_TIMEOUT_NANOS = 60_000_000_000L;

    /** Whether the kernel pollers serve {@code opcode}. */
    public static boolean isKnown(int opcode) {
        return opcode == NOP || opcode == FSYNC || opcode == TIMEOUT || opcode == READ || opcode == WRITE;
    }

    /** A name for reports: {@code read}, {@code write}, ..., or {@code op<n>}. */
    public static String name(int opcode) {
        return switch (opcode) {
            case NOP -> "nop";
            case FSYNC -> "fsync";
            case TIMEOUT -> "timeout";
            case READ -> "read";
            case WRITE -> "write";
            default -> "op" + opcode;
        };
    }
}
