package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.DomainTask;
import org.vdsolab.api.loader.LibraryMismatchException;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.vdso.LibraryDescriptor;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A domain whose code runs in this JVM: the kernel domain, an in-JVM user domain, or (inside a
 * child JVM) a process domain as seen from within its own process. It owns one
 * {@link DomainClassLoader} (its private copy of every mapped library's implementation) and its
 * own threads, and maps libraries on first bind.
 *
 * <p>Thread-safe: mapping is serialised on the domain; a bound API is looked up without locking.
 */
class LocalDomain implements Domain {

    /** How long close() waits for the domain's task threads after interrupting them. */
    private static final long THREAD_JOIN_MILLIS = 5_000;

    private final String name;
    private final DomainKind kind;
    private final int slot;
    private final RegistryArea registry;
    private final List<Path> libraryPath;
    private final ClassLoader classPath;
    private final DomainClassLoader loader;
    private final boolean recordsExit;
    private final Map<Class<?>, Object> stubs = new ConcurrentHashMap<>();
    private final Map<String, LiveMapping> mappings = new LinkedHashMap<>(); // guarded by this
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadCount = new AtomicInteger();
    private volatile boolean closed;

    /** A library mapped here: its registry slot and its region (unmapped on release). */
    private record LiveMapping(int librarySlot, SharedRegion region) { }

    /**
     * @param libraryPath jars and class folders searched for libraries before {@code classPath}
     * @param classPath   the parent of the domain's class loader (it holds the API interfaces)
     * @param recordsExit whether close() marks the domain exited in the registry (false inside a
     *                    process domain: the kernel records that once the process is gone)
     */
    LocalDomain(String name, DomainKind kind, int slot, RegistryArea registry, List<Path> libraryPath,
                ClassLoader classPath, boolean recordsExit) {
        this.name = name;
        this.kind = kind;
        this.slot = slot;
        this.registry = registry;
        this.libraryPath = List.copyOf(libraryPath);
        this.classPath = classPath;
        this.loader = new DomainClassLoader(name, classPath);
        this.recordsExit = recordsExit;
    }

    @Override public String name() { return name; }

    @Override public DomainKind kind() { return kind; }

    int slot() { return slot; }

    RegistryArea registryArea() { return registry; }

    List<Path> libraryPath() { return libraryPath; }

    ClassLoader classPath() { return classPath; }

    /** The domain's own class loader (the context class loader of its threads). */
    ClassLoader loader() { return loader; }

    @Override
    public <A> A bind(Class<A> api) {
        Objects.requireNonNull(api, "api");
        checkOpen();
        Object stub = stubs.get(api);
        if (stub == null) {
            synchronized (this) {
                checkOpen();
                stub = stubs.get(api);
                if (stub == null) {
                    stub = map(api);
                    stubs.put(api, stub);
                }
            }
        }
        return api.cast(stub);
    }

    /**
     * Maps the library exporting {@code api} into this domain and returns its stub. Called with the
     * domain's lock held, once per API.
     */
    protected Object map(Class<?> api) {
        long start = System.nanoTime();
        LibraryIndex index = LibraryIndex.forApi(api.getName(), libraryPath, classPath);
        RegistryArea.Entry offered = registry.findLibrary(index.name());
        if (offered == null) {
            List<String> names = registry.libraries().stream().map(RegistryArea.Entry::name).toList();
            throw new IllegalStateException("domain '" + name + "' cannot bind " + api.getName() + ": the kernel does not offer"
                    + " library '" + index.name() + "' (it offers " + (names.isEmpty() ? "none" : names) + ")");
        }
        if (offered.fingerprint() != index.fingerprint()) {
            throw new LibraryMismatchException(index.name(), index.version(), offered.version(), String.format(
                    "library '%s': domain '%s' loaded version %s (layout fingerprint %s, from %s), but the kernel offers"
                            + " version %s (layout fingerprint %016x, region %s); their shared-data layouts differ, so binding"
                            + " would read and write the wrong bytes: give this domain the kernel's version of the library",
                    index.name(), name, index.version(), index.fingerprintHex(), index.root(), offered.version(),
                    offered.fingerprint(), registry.regionFile(index.name())));
        }
        LibraryDescriptor descriptor = loadDescriptor(index, api);
        SharedRegion region = SharedRegion.attach(registry.regionFile(index.name()), descriptor.layout(offered.cpus()));
        try {
            Object stub = descriptor.bind(region.memory(), offered.cpus());
            recordMapping(index.name(), offered.slot(), region, System.nanoTime() - start);
            return stub;
        } catch (RuntimeException | Error e) {
            region.close();
            throw e;
        }
    }

    /** Records a completed mapping: kept for release, written to the registry. Lock held. */
    protected final void recordMapping(String library, int librarySlot, SharedRegion region, long mapNanos) {
        mappings.put(library, new LiveMapping(librarySlot, region));
        registry.mapped(slot, librarySlot, mapNanos);
    }

    /** Puts a stub in place for {@code api} (the kernel maps at offer time). Lock held. */
    protected final void installStub(Class<?> api, Object stub) {
        stubs.put(api, stub);
    }

    /**
     * Loads the library's descriptor with this domain's class loader (its implementation package
     * child-first) and checks it against its index entry. Reflection happens here, once per mapping.
     */
    protected final LibraryDescriptor loadDescriptor(LibraryIndex index, Class<?> api) {
        loader.addLibrary(index.root(), index.privatePackage());
        Object instance;
        try {
            Class<?> c = Class.forName(index.descriptor(), true, loader);
            instance = c.getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("library '" + index.name() + "' in " + index.root() + ": cannot instantiate its"
                    + " descriptor " + index.descriptor() + " (" + e + "); rebuild the library with the vDSO processor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("library '" + index.name() + "': its descriptor failed to initialise: "
                    + e.getCause(), e.getCause());
        }
        if (!(instance instanceof LibraryDescriptor d)) {
            throw new IllegalStateException("library '" + index.name() + "': " + index.descriptor() + " is not a "
                    + LibraryDescriptor.class.getName() + " (is platform-api loaded twice?)");
        }
        if (d.api() != api) {
            throw new IllegalStateException("library '" + index.name() + "' exports " + d.api().getName() + " as loaded by "
                    + d.api().getClassLoader() + ", but domain '" + name + "' binds it as loaded by " + api.getClassLoader()
                    + ": the API interface must come from the class path shared by every domain, not from the library's package");
        }
        if (d.fingerprint() != index.fingerprint()) {
            throw new IllegalStateException("library '" + index.name() + "' in " + index.root() + ": its index says fingerprint "
                    + index.fingerprintHex() + " but its classes say " + String.format("%016x", d.fingerprint())
                    + "; the jar or folder mixes two builds: rebuild it");
        }
        return d;
    }

    @Override
    public DomainRun start(Class<? extends DomainTask> task, Map<String, String> args) {
        Objects.requireNonNull(task, "task");
        Map<String, String> copy = Map.copyOf(args);
        checkOpen();
        DomainTask instance = DomainTasks.instantiate(task, name);
        CompletableFuture<Map<String, Long>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(Map.copyOf(instance.run(this, copy)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "vdso-" + name + "-" + threadCount.incrementAndGet());
        t.setDaemon(true);
        t.setContextClassLoader(loader);
        threads.add(t);
        t.start();
        return new ThreadRun(name, task.getName(), t, result);
    }

    @Override
    public boolean hasMapped(String library) {
        RegistryArea.Entry e = registry.findLibrary(library);
        return e != null && registry.everMapped(slot, e.slot());
    }

    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("domain '" + name + "' is closed; its libraries are unmapped");
        }
    }

    boolean isClosed() { return closed; }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Thread> running = new ArrayList<>(threads);
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(THREAD_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            for (LiveMapping m : mappings.values()) {
                try {
                    m.region().close();
                } finally {
                    registry.released(slot, m.librarySlot());
                }
            }
            mappings.clear();
            stubs.clear();
        }
        loader.close();
        if (recordsExit) {
            registry.domainExited(slot);
        }
    }

    @Override
    public String toString() {
        return kind.label() + " domain '" + name + "'";
    }
}
