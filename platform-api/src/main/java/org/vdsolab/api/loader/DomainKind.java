package org.vdsolab.api.loader;

/** The kinds of address space a vDSO library can be loaded into. */
public enum DomainKind {
    /** The kernel domain: creates the vvar regions and the registry, runs pollers and drivers. */
    KERNEL,
    /** A user domain inside this JVM: its own class loader (its own private data) and threads. */
    USER_IN_JVM,
    /** A user domain in a separate JVM process: a genuinely separate address space. */
    USER_PROCESS;

    /** The lower-case name used in registry reports and messages, e.g. {@code user_process}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
