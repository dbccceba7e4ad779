package org.vdsolab.devices;

/**
 * The io_uring opcodes the device models understand, with Linux's {@code IORING_OP_*} numbers, and
 * the request class each belongs to. Literal Linux values: platform-api's
 * {@code org.vdsolab.api.uring.UringOp} names only NOP, FSYNC, TIMEOUT, READ and WRITE, while the
 * models also serve the vectored and fixed-buffer forms. Constants only; thread-safe.
 */
final class Opcodes {
    private Opcodes() { }

    static final int NOP = 0;
    static final int READV = 1;
    static final int WRITEV = 2;
    static final int FSYNC = 3;
    static final int READ_FIXED = 4;
    static final int WRITE_FIXED = 5;
    static final int TIMEOUT = 11;
    static final int READ = 22;
    static final int WRITE = 23;

    /** Request classes: what a model does with an opcode. */
    static final int CLASS_INVALID = 0;
    static final int CLASS_NOP = 1;
    static final int CLASS_READ = 2;
    static final int CLASS_WRITE = 3;
    static final int CLASS_FSYNC = 4;
    static final int CLASS_TIMEOUT = 5;

    /** Indexed by the opcode byte (0..255), so classifying an SQE is one array load. */
    private static final byte[] CLASS_OF = new byte[256];

    static {
        CLASS_OF[NOP] = CLASS_NOP;
        CLASS_OF[READV] = CLASS_READ;
        CLASS_OF[READ_FIXED] = CLASS_READ;
        CLASS_OF[READ] = CLASS_READ;
        CLASS_OF[WRITEV] = CLASS_WRITE;
        CLASS_OF[WRITE_FIXED] = CLASS_WRITE;
        CLASS_OF[WRITE] = CLASS_WRITE;
        CLASS_OF[FSYNC] = CLASS_FSYNC;
        CLASS_OF[TIMEOUT] = CLASS_TIMEOUT;
    }

    /** The class of {@code opcode}; {@link #CLASS_INVALID} for anything outside the table. */
    static int classOf(int opcode) {
        return opcode >= 0 && opcode < CLASS_OF.length ? CLASS_OF[opcode] : CLASS_INVALID;
    }

    /** READV / WRITEV: {@code addr} locates an iovec array and {@code len} counts its entries. */
    static boolean isVectored(int opcode) {
        return opcode == READV || opcode == WRITEV;
    }
}
