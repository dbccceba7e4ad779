package org.vdsolab.api.uring;

/**
 * CQE {@code flags} as the kernel pollers write them. Bits 16..31 carry the id of the user domain
 * that submitted the request (copied from the SQE's {@code personality}); Linux uses the same
 * upper half for the provided-buffer id, which vdsolab does not model. {@code userData} is never
 * touched. A domain that pops a CQE from a shared CQ reads the owner here to hand it on.
 * Constants and pure functions; thread-safe.
 */
public final class CqeFlags {
    private CqeFlags() { }

    /** Shift of the owner domain id in {@code flags}. */
    public static final int OWNER_SHIFT = 16;

    /** The owner domain id recorded in a CQE's flags. */
    public static int owner(int flags) {
        return flags >>> OWNER_SHIFT;
    }

    /** {@code flags} with the owner domain id set. */
    public static int withOwner(int flags, int domain) {
        return (flags & 0xFFFF) | (domain << OWNER_SHIFT);
    }
}
