package org.vdsolab.api.loader;

/**
 * An address space into which vDSO libraries are loaded. Binding a library's API in a domain maps
 * the library there on first use (its region attached, its classes loaded by the domain's loader,
 * so its static fields are this domain's private data).
 *
 * <p>Thread-safety: thread-safe; the bound API objects are as thread-safe as the library says.
 */
public interface Domain extends AutoCloseable {

    String name();

    DomainKind kind();

    /**
     * The library's API as seen from this domain, mapping the library here if it is not yet.
     *
     * @throws IllegalStateException if the library's layout fingerprint differs from its region's;
     *                               the message names both
     */
    <A> A bind(Class<A> api);

    /** True once this domain has mapped the named library. */
    boolean hasMapped(String library);

    /** Unmaps every library and stops the domain's threads. */
    @Override
    void close();
}
