package org.vdsolab.api.vdso.testlib;

/**
 * The API of the test libraries that {@code TestLibraries} compiles at test time: a shared total,
 * a private (per-domain) count and per-CPU call counts. Lives in the test sources so that every
 * domain shares this one interface, as an application's class path would provide it.
 */
public interface Tally {

    /** Adds one to the shared total, this domain's private count and {@code cpu}'s calls; returns the new total. */
    long increment(int cpu);

    /** This domain's private count: a static field of the library, one copy per domain. */
    long privateCount();

    /** The shared total, as every domain sees it. */
    long sharedTotal();

    /** Calls made on {@code cpu}, by every domain. */
    long callsOnCpu(int cpu);
}
