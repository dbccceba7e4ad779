package org.vdsolab.experiments.vdso.example;

/**
 * The exported API of the example vDSO library {@code counter}: a counter shared by every domain
 * (in the vvar), a count private to each domain (a static field of the library, one copy per
 * domain) and per-CPU statistics. Bind it in any domain and call it: kernel and user code read
 * the same.
 *
 * <p>Thread-safe: every method may be called from any thread of any domain.
 */
public interface SharedCounter {

    /**
     * Adds one to the shared counter and to this domain's private count, and counts the call in
     * {@code cpu}'s statistics.
     *
     * @return the shared counter's new value
     * @throws IndexOutOfBoundsException if {@code cpu} is not in [0, cpus)
     */
    long increment(int cpu);

    /** Calls made through this domain's copy of the library: its private data. */
    long privateCount();

    /** The shared counter as every domain sees it. */
    long sharedTotal();

    /** Calls made on {@code cpu}, by every domain. */
    long callsOnCpu(int cpu);

    /** The highest shared-counter value a call on {@code cpu} has returned. */
    long highWater(int cpu);
}
