package org.vdsolab.api.vdso;

import org.vdsolab.api.layout.Area;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.WordMemory;

/**
 * Checks the generated shared-data accessors run once, when they are constructed (never on an
 * access): that the compile-time constants agree with the {@link VvarLayout} built at run time,
 * and that the memory is large enough. Stateless and thread-safe.
 */
public final class VvarSupport {

    private VvarSupport() { }

    /** @throws IllegalStateException if {@code layout}'s fingerprint is not the compiled one */
    public static void requireFingerprint(VvarLayout layout, long compiled) {
        if (layout.fingerprint() != compiled) {
            throw skew(layout, String.format("fingerprint %s, compiled as %016x", layout.fingerprintHex(), compiled));
        }
    }

    /** @throws IllegalStateException if the area's offset is not the compiled one */
    public static void requireOffset(VvarLayout layout, String area, long compiled) {
        long actual = layout.offset(area);
        if (actual != compiled) {
            throw skew(layout, "area '" + area + "' at offset " + actual + ", compiled as " + compiled);
        }
    }

    /** @throws IllegalStateException if the per-CPU block's offset or stride is not the compiled one */
    public static void requirePerCpuBlock(VvarLayout layout, String area, long compiledOffset, long compiledStride) {
        Area a = layout.area(area);
        if (a.offset() != compiledOffset || a.spec().stride() != compiledStride) {
            throw skew(layout, "per-CPU area '" + area + "' at offset " + a.offset() + " stride " + a.spec().stride()
                    + ", compiled as offset " + compiledOffset + " stride " + compiledStride);
        }
    }

    /** @throws IllegalArgumentException if {@code memory} is smaller than the layout */
    public static void requireFits(WordMemory memory, VvarLayout layout) {
        if (memory.byteSize() < layout.totalSize()) {
            throw new IllegalArgumentException("library '" + layout.name() + "' needs " + layout.totalSize()
                    + " bytes of shared data for " + layout.cpus() + " CPUs; the memory given has " + memory.byteSize());
        }
    }

    private static IllegalStateException skew(VvarLayout layout, String what) {
        return new IllegalStateException("library '" + layout.name() + "': its generated layout constants disagree with this"
                + " platform-api's VvarLayout (" + what + "); recompile the library with this platform-api's processor");
    }
}
