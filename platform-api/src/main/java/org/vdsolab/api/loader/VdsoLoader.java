package org.vdsolab.api.loader;

import org.vdsolab.api.spi.Provider;

import java.nio.file.Path;

/**
 * The mechanism that loads vDSO libraries into a kernel domain and user domains. The kernel side
 * offers libraries (creating their vvar regions); user domains map them on demand.
 * Stateless factory, thread-safe.
 */
public interface VdsoLoader extends Provider {

    /**
     * Starts a kernel domain whose regions live under {@code regionDirectory}.
     *
     * @return the kernel domain; {@link KernelDomain#userDomain} creates user domains
     */
    KernelDomain boot(String name, Path regionDirectory, int cpus);

    /** The kernel domain: owns the registry of offered libraries. */
    interface KernelDomain extends Domain {

        /** Offers a library (by its API interface) to every domain, creating its vvar region. */
        void offer(Class<?> api);

        /** A new user domain of the given kind; nothing is mapped into it until it binds. */
        Domain userDomain(String name, DomainKind kind);
    }
}
