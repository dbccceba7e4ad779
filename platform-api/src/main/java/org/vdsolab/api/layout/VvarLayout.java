package org.vdsolab.api.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The static layout of a vvar region: a header, then named areas, each global or replicated once
 * per CPU, each aligned as declared. Offsets are computed deterministically from the declarations
 * in the order they were made, so every domain that builds the same layout gets the same offsets.
 *
 * <p>The {@link #fingerprint()} is a 64-bit digest of the layout's name and every area's name,
 * scope, size and alignment; it changes when any of them changes, and a region records it in its
 * header so that a domain built against another layout is refused at attach time. The CPU count
 * is not part of the fingerprint (the same library runs on any number of CPUs); the region header
 * records and checks it separately.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String)}.
 */
public final class VvarLayout {

    /** Bytes reserved at offset 0 for the region header; areas start at or after it. */
    public static final long HEADER_BYTES = 128;

    private final String name;
    private final int cpus;
    private final Map<String, Area> areas;
    private final long totalSize;
    private final long fingerprint;

    private VvarLayout(String name, int cpus, List<AreaSpec> specs) {
        this.name = name;
        this.cpus = cpus;
        Map<String, Area> laid = new LinkedHashMap<>();
        long cursor = HEADER_BYTES;
        for (AreaSpec spec : specs) {
            int copies = spec.scope() == Scope.PER_CPU ? cpus : 1;
            long offset = alignUp(cursor, spec.alignment());
            Area area = new Area(spec, offset, copies);
            laid.put(spec.name(), area);
            cursor = Math.addExact(offset, area.span());
        }
        this.areas = Collections.unmodifiableMap(laid);
        this.totalSize = alignUp(cursor, AreaSpec.PAGE);
        this.fingerprint = digest(name, specs);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The layout's name (usually the library's name), recorded in error messages. */
    public String name() { return name; }

    /** How many copies each per-CPU area has. */
    public int cpus() { return cpus; }

    /** Region size in bytes: header plus every area, rounded up to a whole page. */
    public long totalSize() { return totalSize; }

    /** 64-bit digest of the declarations; see the class comment. */
    public long fingerprint() { return fingerprint; }

    /** The fingerprint as 16 hex digits, as it appears in messages. */
    public String fingerprintHex() { return String.format("%016x", fingerprint); }

    /** Every area in declaration (and offset) order. */
    public List<Area> areas() { return List.copyOf(areas.values()); }

    /**
     * The area called {@code name}.
     *
     * @throws IllegalArgumentException naming the missing area and the ones that exist
     */
    public Area area(String name) {
        Area a = areas.get(name);
        if (a == null) {
            throw new IllegalArgumentException("layout '" + this.name + "' has no area '" + name
                    + "'; its areas are " + areas.keySet());
        }
        return a;
    }

    /** Offset of a global area (or CPU 0's copy of a per-CPU area). */
    public long offset(String area) { return area(area).offset(); }

    /** Offset of {@code cpu}'s copy of a per-CPU area. */
    public long offset(String area, int cpu) { return area(area).offset(cpu); }

    /** A table for humans: one line per area with scope, offset, size, alignment and copies. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("vvar layout '%s'  fingerprint %s  cpus %d  total %d bytes%n",
                name, fingerprintHex(), cpus, totalSize));
        sb.append(String.format("  %-24s %-7s %12s %10s %6s %6s%n", "area", "scope", "offset", "size", "align", "copies"));
        sb.append(String.format("  %-24s %-7s %12d %10d %6d %6d%n", "(header)", "-", 0, HEADER_BYTES, 64, 1));
        for (Area a : areas.values()) {
            sb.append(String.format("  %-24s %-7s %12d %10d %6d %6d%n", a.name(),
                    a.scope() == Scope.GLOBAL ? "global" : "per-cpu", a.offset(), a.size(),
                    a.spec().alignment(), a.copies()));
        }
        return sb.toString();
    }

    @Override public String toString() { return describe(); }

    /** {@code value} rounded up to a multiple of the power of two {@code alignment}. */
    public static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }

    private static long digest(String name, List<AreaSpec> specs) {
        StringBuilder canonical = new StringBuilder("vdsolab-layout-v1|").append(name);
        for (AreaSpec s : specs) {
            canonical.append('|').append(s.name()).append(':').append(s.scope())
                    .append(':').append(s.size()).append(':').append(s.alignment());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Collects area declarations; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<AreaSpec> specs = new ArrayList<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("layout name must not be blank");
            }
            this.name = name;
        }

        /** A global area aligned to a cache line. */
        public Builder global(String area, long size) { return add(new AreaSpec(area, Scope.GLOBAL, size, AreaSpec.CACHE_LINE)); }

        public Builder global(String area, long size, long alignment) { return add(new AreaSpec(area, Scope.GLOBAL, size, alignment)); }

        /** A per-CPU area, each copy aligned to a page. */
        public Builder perCpu(String area, long size) { return add(new AreaSpec(area, Scope.PER_CPU, size, AreaSpec.PAGE)); }

        public Builder perCpu(String area, long size, long alignment) { return add(new AreaSpec(area, Scope.PER_CPU, size, alignment)); }

        /** An area of the given scope: switching global and per-CPU is this one argument. */
        public Builder area(String area, Scope scope, long size, long alignment) { return add(new AreaSpec(area, scope, size, alignment)); }

        public Builder add(AreaSpec spec) {
            for (AreaSpec s : specs) {
                if (s.name().equals(spec.name())) {
                    throw new IllegalArgumentException("layout '" + name + "' declares area '" + spec.name() + "' twice");
                }
            }
            specs.add(spec);
            return this;
        }

        /**
         * Lays the areas out for {@code cpus} CPUs.
         *
         * @throws IllegalArgumentException if {@code cpus} is not in [1, 4096]
         */
        public VvarLayout build(int cpus) {
            if (cpus < 1 || cpus > 4096) {
                throw new IllegalArgumentException("layout '" + name + "': cpu count must be in [1, 4096], got " + cpus);
            }
            return new VvarLayout(name, cpus, List.copyOf(specs));
        }
    }
}
