package org.vdsolab.api.memory;

import java.nio.file.Path;

/**
 * A region file could not be created or attached: missing, truncated, foreign, zero-filled,
 * from another format version, or laid out for another library version. The message names the
 * file and the mismatch.
 */
public final class RegionFormatException extends RuntimeException {

    private final Path file;

    public RegionFormatException(Path file, String problem) {
        super("vvar region " + file + ": " + problem);
        this.file = file;
    }

    public RegionFormatException(Path file, String problem, Throwable cause) {
        super("vvar region " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The region file the problem is about. */
    public Path file() { return file; }
}
