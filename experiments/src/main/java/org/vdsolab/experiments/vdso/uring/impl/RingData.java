package org.vdsolab.experiments.vdso.uring.impl;

import org.vdsolab.api.vdso.Global;
import org.vdsolab.api.vdso.Length;
import org.vdsolab.api.vdso.SharedData;

/**
 * Shared data of the {@code io_uring} library: a declaration, not storage. The ring itself is laid
 * out at run time by {@code UringLayout} from the library's compile-time spec ({@link
 * IoRingLibrary#SPEC}) inside the raw area {@link #ring}, which the generated
 * {@code RingDataVvar.ringArea()} exposes as a WordMemory slice; {@link #RING_WORDS} must be large
 * enough for that spec ({@link IoRingLibrary#startKernel} checks it and names both sizes).
 */
// 4096: every global area starts on a page, so the ring's page-aligned buffer slices (aligned
// relative to the area's start by UringLayout) are page-aligned in the region too; the cost is
// two words on pages of their own.
@SharedData(globalAlignment = 4096)
public final class RingData {

    /** Words reserved for the ring: 256 KiB, room for {@link IoRingLibrary#SPEC} with its buffers. */
    public static final int RING_WORDS = 32 * 1024;

    /** Ring state: 0 not started, 1 ready, 2 stopped. Written by the kernel only. */
    @Global long state;

    /** The next ring domain id to hand out: every opening domain adds one. */
    @Global long nextDomain;

    /** The ring: its control words, SQ, CQ, hand-off queues and per-domain buffers. */
    @Global @Length(RING_WORDS) long[] ring;

    private RingData() { }
}
