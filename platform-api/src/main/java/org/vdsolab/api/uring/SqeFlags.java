package org.vdsolab.api.uring;

/**
 * SQE {@code flags} bits, with Linux's {@code IOSQE_*} values. The kernel pollers accept
 * {@link #IO_LINK} and {@link #CQE_SKIP_SUCCESS}; an SQE with any other bit set is answered with
 * {@code -EINVAL} (Linux's fixed files, drain, hard links, async and buffer selection are not
 * modelled). Constants only; thread-safe.
 */
public final class SqeFlags {
    private SqeFlags() { }

    /**
     * {@code IOSQE_IO_LINK}: the next SQE of the same domain starts only when this one has
     * completed; if this one fails ({@code res < 0}, or a short read or write) every remaining SQE
     * of the chain completes with {@code -ECANCELED}. The chain ends at the first SQE without the
     * flag. Chains are tracked per submitting domain, so SQEs of other domains may interleave.
     */
    public static final int IO_LINK = 1 << 2;

    /** {@code IOSQE_CQE_SKIP_SUCCESS}: post no CQE when the request succeeds ({@code res >= 0}). */
    public static final int CQE_SKIP_SUCCESS = 1 << 6;

    /** Every bit the kernel pollers accept. */
    public static final int SUPPORTED = IO_LINK | CQE_SKIP_SUCCESS;
}
