package org.vdsolab.experiments.faults;

/** What a watchdog ({@link DomainThreads}) reads of a running user domain; both methods are safe from any thread. */
interface DomainProgress {

    /** When the domain last saw an answer (System.nanoTime). */
    long progressNanos();

    /** True once the domain's run has returned. */
    boolean finished();
}
