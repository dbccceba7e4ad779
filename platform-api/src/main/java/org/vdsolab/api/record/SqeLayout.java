package org.vdsolab.api.record;

/**
 * Byte offsets of Linux's 64-byte {@code struct io_uring_sqe} (liburing's field order and sizes).
 * The {@code addr} fields of vdsolab SQEs hold offsets into a buffer area, never addresses.
 */
public final class SqeLayout {
    private SqeLayout() { }

    public static final int BYTES = 64;
    public static final int OPCODE = 0;        // u8
    public static final int FLAGS = 1;         // u8
    public static final int IOPRIO = 2;        // u16
    public static final int FD = 4;            // i32
    public static final int OFF = 8;           // u64
    public static final int ADDR = 16;         // u64
    public static final int LEN = 24;          // u32
    public static final int OP_FLAGS = 28;     // u32
    public static final int USER_DATA = 32;    // u64
    public static final int BUF_INDEX = 40;    // u16
    public static final int PERSONALITY = 42;  // u16
    public static final int FILE_INDEX = 44;   // u32
    public static final int ADDR3 = 48;        // u64
    /** Linux's {@code __pad2} (u64): vdsolab stamps the submitting domain's ring credential here (see {@code UringCredentials}). */
    public static final int PAD = 56;          // u64
}
