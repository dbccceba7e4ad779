package org.vdsolab.api.loader;

import java.nio.file.Path;
import java.util.List;

/**
 * The kernel domain: it offers vDSO libraries (creating each one's vvar region), keeps the
 * registry of offered libraries and of every domain's mappings in shared memory, and creates user
 * domains. The kernel domain maps each library it offers at {@link #offer} time (it created the
 * region); user domains map on first bind.
 *
 * <p>{@link #close()} closes every user domain it created (killing process domains still running),
 * then unmaps its own regions and deletes the region files. Thread-safe.
 */
public interface KernelDomain extends Domain {

    /**
     * Offers the library that exports {@code api} to every domain: finds it on the kernel's library
     * path or the class path, loads it into the kernel domain, creates its vvar region and enters
     * it in the registry. Offering the same library again returns the existing entry.
     *
     * @throws IllegalArgumentException if no library exporting {@code api} is found (the message
     *                                  says where it looked)
     */
    LibraryRegistry.OfferedLibrary offer(Class<?> api);

    /** A new user domain of the given kind, with libraries found like the kernel finds them. */
    default Domain userDomain(String name, DomainKind kind) {
        return userDomain(name, kind, List.of());
    }

    /**
     * A new user domain of the given kind. Nothing is mapped into it until it binds; a process
     * domain's JVM starts with its task ({@link Domain#start}).
     *
     * @param libraryPath jars or class folders this domain searches for libraries before the
     *                    kernel's library path and the class path (a domain may carry its own copy
     *                    of a library; if its layout differs from the kernel's, binding fails)
     * @throws IllegalArgumentException if the name is malformed or already used, or the kind is
     *                                  {@link DomainKind#KERNEL}
     * @throws IllegalStateException    if the registry has no free domain slot
     */
    Domain userDomain(String name, DomainKind kind, List<Path> libraryPath);

    /** The registry as it is now in shared memory (includes what process domains recorded). */
    LibraryRegistry registry();

    /** The folder holding the registry and the region files. */
    Path regionDirectory();

    /** Per-CPU copies in every region this kernel creates. */
    int cpus();
}
