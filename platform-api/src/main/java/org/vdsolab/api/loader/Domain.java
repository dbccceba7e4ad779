package org.vdsolab.api.loader;

import java.util.Map;

/**
 * An address space into which vDSO libraries are loaded: the kernel domain, a user domain inside
 * this JVM, or a user domain in a separate JVM process. Every kind is used through this one
 * interface.
 *
 * <p>A library is mapped into a domain on demand: nothing is mapped when the domain starts; the
 * first {@link #bind} of one of its APIs attaches the library's vvar region and loads the
 * library's implementation classes with the domain's own class loader, so the implementation's
 * static fields are this domain's <em>private data</em> while the library's declared shared data
 * is the same bytes in every domain. The kernel's registry records who mapped what and when
 * ({@link KernelDomain#registry()}); {@link #close()} releases every mapping.
 *
 * <p>Code runs "in" a domain in two ways. In the kernel domain and in-JVM user domains, any thread
 * may {@link #bind} and call the returned API directly. {@link #start} runs a {@link DomainTask}
 * on the domain's own threads (in-JVM) or as the main program of its process (process domain); the
 * task receives the domain as seen from inside it and binds there, so the same task code runs in
 * either kind.
 *
 * <p>Thread-safety: every method is thread-safe. A bound API object is as thread-safe as the
 * library documents.
 */
public interface Domain extends AutoCloseable {

    /** The domain's name, unique within its kernel: lower-case letters, digits and '_'. */
    String name();

    DomainKind kind();

    /**
     * The library's API as seen from this domain, mapping the library here if it is not yet (on
     * the first call only; later calls return the same object). Binding reflects on the library
     * once; calls through the returned object go to the domain's implementation directly.
     *
     * @throws LibraryMismatchException      if this domain's copy of the library has another layout
     *                                       fingerprint than the region the kernel created; the
     *                                       message names both versions and fingerprints
     * @throws IllegalStateException         if the kernel does not offer the library, or the domain
     *                                       is closed; the message names the library
     * @throws UnsupportedOperationException on the kernel's handle of a {@link DomainKind#USER_PROCESS}
     *                                       domain: its libraries are bound by code running in that
     *                                       process, see {@link #start}
     */
    <A> A bind(Class<A> api);

    /**
     * Runs {@code task} in this domain: on a thread of the domain (kernel and in-JVM user domains,
     * which may run several tasks) or as the main program of the domain's process (a process
     * domain runs exactly one task; its JVM starts here).
     *
     * @param task a class with a public no-argument constructor, on this JVM's class path
     * @param args the task's arguments, passed to {@link DomainTask#run}
     * @throws IllegalStateException if the domain is closed, or a process domain already ran its task
     */
    DomainRun start(Class<? extends DomainTask> task, Map<String, String> args);

    /** True once this domain has mapped the named library (also after the mapping was released). */
    boolean hasMapped(String library);

    /**
     * Releases every mapping (unmaps the regions, drops the domain's class loader), stops the
     * domain's threads or process and records the exit in the registry. Idempotent. A process
     * still running is killed. Bound API objects must not be used afterwards (calls that touch
     * shared data then fail with {@link IllegalStateException}).
     */
    @Override
    void close();
}
