package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.KernelSpec;
import org.vdsolab.api.loader.VdsoLoader;

import java.util.Objects;

/**
 * The default vDSO loader ({@code default}): vvar regions are files mapped with FFM, a domain's
 * private data lives in its own class loader, process domains are child JVMs started with the same
 * class path, and a registry in shared memory records every mapping. Stateless, thread-safe.
 */
public final class DefaultVdsoLoader implements VdsoLoader {

    @Override public String name() { return "default"; }

    @Override
    public String description() {
        return "vDSO loader: FFM-mapped vvar regions, a class loader per domain (private data), child JVMs as process domains";
    }

    @Override
    public String capabilitySummary() {
        return "kernel, in-JVM and process domains; on-demand mapping; layout fingerprint check; shared registry";
    }

    /**
     * Boots a kernel whose libraries are found on {@code spec.libraryPath()} and then through the
     * calling thread's context class loader (which also becomes the parent of every domain's class
     * loader, so it must see the API interfaces).
     */
    @Override
    public KernelDomain boot(KernelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return DefaultKernel.boot(spec, cl != null ? cl : DefaultVdsoLoader.class.getClassLoader());
    }
}
