package org.vdsolab.api.loader;

/**
 * A domain's copy of a vDSO library was built with a different shared-data layout than the one the
 * kernel created the library's region with, so binding it would read and write the wrong bytes.
 * The message names the library, both versions, both layout fingerprints and where each came from.
 */
public final class LibraryMismatchException extends IllegalStateException {

    private final String library;
    private final String domainVersion;
    private final String kernelVersion;

    public LibraryMismatchException(String library, String domainVersion, String kernelVersion, String message) {
        super(message);
        this.library = library;
        this.domainVersion = domainVersion;
        this.kernelVersion = kernelVersion;
    }

    public String library() { return library; }

    /** The version of the library the binding domain loaded. */
    public String domainVersion() { return domainVersion; }

    /** The version the kernel offered (and created the region for). */
    public String kernelVersion() { return kernelVersion; }
}
