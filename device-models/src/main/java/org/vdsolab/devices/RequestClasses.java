package org.vdsolab.devices;

import org.vdsolab.api.uring.UringOp;

/**
 * What a device model does with each io_uring opcode ({@link UringOp}'s Linux values): its request
 * class. The models serve the plain, vectored and fixed-buffer forms of READ and WRITE alike, plus
 * NOP, FSYNC and TIMEOUT; everything else is {@link #INVALID}. Device-local: the kernel pollers
 * serve a narrower set ({@link UringOp#isKnown}). Constants and a lookup table only; thread-safe.
 */
final class RequestClasses {
    private RequestClasses() { }

    static final int INVALID = 0;
    static final int NOP = 1;
    static final int READ = 2;
    static final int WRITE = 3;
    static final int FSYNC = 4;
    static final int TIMEOUT = 5;

    /** Indexed by the opcode byte (0..255), so classifying an SQE is one array load. */
    private static final byte[] CLASS_OF = new byte[256];

    static {
        CLASS_OF[UringOp.NOP] = NOP;
        CLASS_OF[UringOp.READV] = READ;
        CLASS_OF[UringOp.READ_FIXED] = READ;
        CLASS_OF[UringOp.READ] = READ;
        CLASS_OF[UringOp.WRITEV] = WRITE;
        CLASS_OF[UringOp.WRITE_FIXED] = WRITE;
        CLASS_OF[UringOp.WRITE] = WRITE;
        CLASS_OF[UringOp.FSYNC] = FSYNC;
        CLASS_OF[UringOp.TIMEOUT] = TIMEOUT;
    }

    /** The class of {@code opcode}; {@link #INVALID} for anything outside the table. */
    static int of(int opcode) {
        return opcode >= 0 && opcode < CLASS_OF.length ? CLASS_OF[opcode] : INVALID;
    }

    /** READV / WRITEV: {@code addr} locates an iovec array and {@code len} counts its entries. */
    static boolean isVectored(int opcode) {
        return opcode == UringOp.READV || opcode == UringOp.WRITEV;
    }
}
