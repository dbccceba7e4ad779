package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainNames;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.KernelSpec;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.vdso.LibraryDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The default kernel domain: creates the registry and one vvar region per offered library in its
 * region directory, maps each library into itself when offering it, and creates user domains.
 * Thread-safe (offering and domain creation are serialised on the kernel).
 */
final class DefaultKernel extends LocalDomain implements KernelDomain {

    private final KernelSpec spec;
    private final RegistryArea registry;
    private final List<Domain> userDomains = new ArrayList<>(); // guarded by this
    private final List<Path> regionFiles = new ArrayList<>();   // guarded by this

    private DefaultKernel(KernelSpec spec, RegistryArea registry, int slot, ClassLoader classPath) {
        super(spec.name(), DomainKind.KERNEL, slot, registry, spec.libraryPath(), classPath, true);
        this.spec = spec;
        this.registry = registry;
    }

    static DefaultKernel boot(KernelSpec spec, ClassLoader classPath) {
        try {
            Files.createDirectories(spec.regionDirectory());
        } catch (IOException e) {
            throw new IllegalArgumentException("kernel '" + spec.name() + "': cannot create region directory "
                    + spec.regionDirectory() + ": " + e.getMessage(), e);
        }
        RegistryArea registry = RegistryArea.create(spec.regionDirectory());
        try {
            int slot = registry.claimDomain(spec.name(), DomainKind.KERNEL, ProcessHandle.current().pid());
            return new DefaultKernel(spec, registry, slot, classPath);
        } catch (RuntimeException e) {
            registry.close();
            registry.delete();
            throw e;
        }
    }

    @Override
    public synchronized LibraryRegistry.OfferedLibrary offer(Class<?> api) {
        Objects.requireNonNull(api, "api");
        checkOpen();
        LibraryIndex index = LibraryIndex.forApi(api.getName(), spec.libraryPath(), classPath());
        RegistryArea.Entry existing = registry.findLibrary(index.name());
        if (existing != null) {
            if (existing.fingerprint() != index.fingerprint()) {
                throw new IllegalStateException("kernel '" + name() + "' already offers library '" + index.name() + "' version "
                        + existing.version() + String.format(" (fingerprint %016x)", existing.fingerprint())
                        + "; it cannot also offer version " + index.version() + " (fingerprint " + index.fingerprintHex()
                        + ") from " + index.root());
            }
            return offered(existing);
        }
        long start = System.nanoTime();
        LibraryDescriptor descriptor = loadDescriptor(index, api);
        Path file = registry.regionFile(index.name());
        SharedRegion region = SharedRegion.create(file, descriptor.layout(spec.cpus()), true);
        regionFiles.add(file);
        try {
            // The region exists (header written with release) before the registry announces it.
            int librarySlot = registry.addLibrary(index.name(), index.version(), index.fingerprint(), spec.cpus());
            installStub(api, descriptor.bind(region.memory(), spec.cpus()));
            recordMapping(index.name(), librarySlot, region, System.nanoTime() - start);
            return offered(registry.findLibrary(index.name()));
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
    }

    private LibraryRegistry.OfferedLibrary offered(RegistryArea.Entry e) {
        return new LibraryRegistry.OfferedLibrary(e.name(), e.version(), e.fingerprint(), e.cpus(), registry.regionFile(e.name()),
                RegistryArea.instant(e.offeredMicros()));
    }

    /** The kernel maps a library by offering it: binding an API it does not offer yet offers it. */
    @Override
    protected Object map(Class<?> api) {
        offer(api);
        return bind(api);
    }

    @Override
    public synchronized Domain userDomain(String name, DomainKind kind, List<Path> libraryPath) {
        checkOpen();
        DomainNames.check("user domain name", name);
        Objects.requireNonNull(kind, "kind");
        if (kind == DomainKind.KERNEL) {
            throw new IllegalArgumentException("user domain '" + name + "' cannot be of kind KERNEL; use USER_IN_JVM or USER_PROCESS");
        }
        List<Path> path = new ArrayList<>(libraryPath);
        path.addAll(spec.libraryPath());
        Domain d;
        if (kind == DomainKind.USER_IN_JVM) {
            int slot = registry.claimDomain(name, kind, ProcessHandle.current().pid());
            d = new LocalDomain(name, kind, slot, registry, path, classPath(), true);
        } else {
            int slot = registry.claimDomain(name, kind, 0);
            d = new ProcessDomain(name, slot, registry, path);
        }
        userDomains.add(d);
        return d;
    }

    @Override
    public LibraryRegistry registry() {
        return registry.snapshot();
    }

    @Override
    public Path regionDirectory() { return spec.regionDirectory(); }

    @Override
    public int cpus() { return spec.cpus(); }

    @Override
    public void close() {
        List<Domain> users;
        synchronized (this) {
            if (isClosed()) {
                return;
            }
            users = new ArrayList<>(userDomains);
        }
        RuntimeException first = null;
        for (int i = users.size() - 1; i >= 0; i--) {
            try {
                users.get(i).close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        super.close();
        synchronized (this) {
            for (Path f : regionFiles) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    first = first == null ? new IllegalStateException("cannot delete region " + f + ": " + e.getMessage(), e) : first;
                }
            }
        }
        registry.close();
        registry.delete();
        if (first != null) {
            throw first;
        }
    }
}
