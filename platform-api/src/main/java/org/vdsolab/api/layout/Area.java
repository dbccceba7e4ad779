package org.vdsolab.api.layout;

/**
 * A laid-out vvar area: its declaration plus where it lives in the region. Immutable.
 *
 * @param spec   the declaration
 * @param offset byte offset of the first (or only) copy from the start of the region
 * @param copies 1 for a global area, the CPU count for a per-CPU area
 */
public record Area(AreaSpec spec, long offset, int copies) {

    public String name() { return spec.name(); }

    public Scope scope() { return spec.scope(); }

    public long size() { return spec.size(); }

    /** Bytes from the first copy's start to the end of the last copy. */
    public long span() { return (copies - 1) * spec.stride() + spec.size(); }

    /** Offset of the global area; for a per-CPU area, of CPU 0's copy. */
    public long offset() { return offset; }

    /**
     * Offset of {@code cpu}'s copy of a per-CPU area.
     *
     * @throws IllegalArgumentException if the CPU is out of range or the area is global
     */
    public long offset(int cpu) {
        if (spec.scope() != Scope.PER_CPU) {
            throw new IllegalArgumentException("area '" + name() + "' is global; it has no per-CPU copies");
        }
        if (cpu < 0 || cpu >= copies) {
            throw new IllegalArgumentException("area '" + name() + "': cpu " + cpu + " outside [0, " + copies + ")");
        }
        return offset + cpu * spec.stride();
    }
}
