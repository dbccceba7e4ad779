package org.vdsolab.api.vdso;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a vDSO library. Put it on the library's implementation class: a public top-level class
 * that implements the exported {@link #api()} interface and has a public constructor taking the
 * generated shared-data accessor ({@code <SharedClass>Vvar}), or a public no-argument constructor
 * when the library declares no shared data.
 *
 * <p>The implementation class's static fields (and those of every class in its package and
 * sub-packages, which each domain loads with its own class loader) are the library's
 * <em>private data</em>: one copy per domain. Its shared data is the {@link #shared()} declaration,
 * laid out in the vvar region the kernel creates: one copy for every domain.
 *
 * <p>The annotation processor ({@code org.vdsolab.api.vdso.processor.VdsoProcessor}) generates,
 * next to the implementation class: {@code <Impl>Descriptor} (name, version, layout fingerprint,
 * factory), {@code <Impl>Stub} (the caller stub implementing the API), {@code <Shared>Vvar} (layout
 * constants and atomic accessors) and the index entries {@code META-INF/vdsolab/libraries/<name>.properties}
 * and {@code META-INF/vdsolab/api/<api binary name>.properties} through which loaders find it.
 *
 * <p>Keep the API interface, and every type its methods use, outside the implementation's package:
 * those types are shared by every domain, and the processor rejects an API that names a type from
 * the private package.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VdsoLibrary {

    /**
     * The library's name: 1..31 characters, lower-case letters, digits, '-' and '_', starting with
     * a letter. It names the vvar layout and the region file.
     */
    String name();

    /** The library's version, for humans and mismatch messages: 1..31 printable ASCII characters. */
    String version();

    /** The exported API: a public, non-generic interface that the annotated class implements. */
    Class<?> api();

    /** The shared-data declaration (a class annotated {@link SharedData}), or {@code void.class} for none. */
    Class<?> shared() default void.class;
}
