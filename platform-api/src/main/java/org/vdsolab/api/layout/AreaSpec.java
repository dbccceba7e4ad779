package org.vdsolab.api.layout;

import java.util.Objects;

/**
 * The declaration of one named vvar area: what a library asks for, before offsets are computed.
 *
 * @param name      unique within its layout; letters, digits, '.', '_', '-'
 * @param scope     global or per-CPU
 * @param size      bytes of one copy, at least 1
 * @param alignment power of two, at least 8; each copy starts on a multiple of it
 */
public record AreaSpec(String name, Scope scope, long size, long alignment) {

    /** Default alignment of a global area: one cache line. */
    public static final long CACHE_LINE = 64;
    /** Default alignment of a per-CPU copy: one page, as vsched pads its per-CPU records. */
    public static final long PAGE = 4096;

    public AreaSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("area name '" + name + "' may use only letters, digits, '.', '_' and '-'");
        }
        if (size < 1) {
            throw new IllegalArgumentException("area '" + name + "': size must be at least 1 byte, got " + size);
        }
        if (alignment < 8 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("area '" + name + "': alignment must be a power of two of at least 8, got " + alignment);
        }
    }

    /** Distance between consecutive per-CPU copies: the size rounded up to the alignment. */
    public long stride() {
        return VvarLayout.alignUp(size, alignment);
    }
}
