package org.vdsolab.api.vdso;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.WordMemory;

/**
 * What the annotation processor generates for each {@link VdsoLibrary}: the library's identity,
 * its shared-data layout and a factory that wires an implementation to a mapped region. A loader
 * instantiates the descriptor with the domain's class loader, so everything the factory creates
 * belongs to that domain.
 *
 * <p>Generated implementations are immutable and thread-safe; {@link #bind} creates a new
 * implementation instance on each call.
 */
public interface LibraryDescriptor {

    /** The library's name ({@link VdsoLibrary#name()}). */
    String name();

    /** The library's version ({@link VdsoLibrary#version()}). */
    String version();

    /** The exported API interface. */
    Class<?> api();

    /** The fingerprint of {@link #layout}, the same for every CPU count; a compile-time constant. */
    long fingerprint();

    /** The shared-data layout for {@code cpus} CPUs (header only when the library declares none). */
    VvarLayout layout(int cpus);

    /**
     * A new implementation over {@code memory} (the library's whole region, laid out by
     * {@code layout(cpus)}), wrapped in the generated caller stub.
     *
     * @return an instance of {@link #api()}
     * @throws IllegalArgumentException if the memory is smaller than the layout
     */
    Object bind(WordMemory memory, int cpus);
}
