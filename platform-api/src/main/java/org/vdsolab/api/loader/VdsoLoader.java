package org.vdsolab.api.loader;

import org.vdsolab.api.spi.Provider;

import java.nio.file.Path;
import java.util.List;

/**
 * The mechanism that loads vDSO libraries into a kernel domain and user domains. The kernel side
 * offers libraries (creating their vvar regions and a registry in shared memory); user domains map
 * them on demand. Found by name through {@link org.vdsolab.api.spi.Providers} (the default one is
 * called {@code default}).
 *
 * <p>Stateless factory, thread-safe.
 */
public interface VdsoLoader extends Provider {

    /**
     * Starts a kernel domain.
     *
     * @return the kernel domain; {@link KernelDomain#userDomain} creates user domains
     * @throws IllegalArgumentException naming the field of {@code spec} that is not allowed
     * @throws org.vdsolab.api.memory.RegionFormatException if the registry region cannot be created
     */
    KernelDomain boot(KernelSpec spec);

    /**
     * Starts a kernel domain whose regions live under {@code regionDirectory}, with libraries found
     * on the class path.
     */
    default KernelDomain boot(String name, Path regionDirectory, int cpus) {
        return boot(new KernelSpec(name, regionDirectory, cpus, List.of()));
    }
}
