package org.vdsolab.api.record;

/** Byte offsets of Linux's 16-byte {@code struct io_uring_cqe}. */
public final class CqeLayout {
    private CqeLayout() { }

    public static final int BYTES = 16;
    public static final int USER_DATA = 0;  // u64
    public static final int RES = 8;        // i32
    public static final int FLAGS = 12;     // u32
}
