package org.vdsolab.api.queue.testkit;

/** How a Lincheck check runs, and over which backend. */
public enum LincheckMode {
    /**
     * Lincheck's model checker, over {@link Backend#HEAP}: it explores thread switches at every
     * shared heap access, deterministically, but cannot see off-heap memory.
     */
    MODEL_CHECKING(Backend.HEAP),
    /** Lincheck's stress strategy, over {@link Backend#MAPPED}: real threads on the real backend. */
    STRESS(Backend.MAPPED);

    private final Backend backend;

    LincheckMode(Backend backend) {
        this.backend = backend;
    }

    public Backend backend() { return backend; }
}
