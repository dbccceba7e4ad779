package org.vdsolab.api.vdso;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a vDSO library's shared data: the class's instance fields are a layout, not Java
 * storage. Each field is marked {@link Global} (one copy in the vvar) or {@link PerCpu} (one copy
 * per CPU); switching a field between the two is that one word. Allowed types: {@code long},
 * {@code int}, {@code double}, {@code float}, and arrays of them with a fixed {@link Length}. A
 * reference type, an array without {@link Length}, or another primitive is a compile-time error
 * naming the field: the vvar holds only aligned words that every domain can access atomically.
 *
 * <p>Layout rules (also in the generated {@code <Class>Vvar} Javadoc): every global field is its
 * own area aligned to {@link #globalAlignment()}; all per-CPU fields form one per-CPU block (area
 * {@code per-cpu}), packed in declaration order with natural alignment, each CPU's copy aligned to
 * {@link #perCpuAlignment()}. Global areas come first, so every offset is a compile-time constant.
 * Static fields are not allowed here (private data belongs in the library class).
 *
 * <p>Raw shared areas: a {@code @Global @Length(n) long[]} field is also exposed by the generated
 * accessor as {@code <field>Area()}, a {@link org.vdsolab.api.memory.WordMemory#slice slice} of
 * its {@code 8 n} bytes in which offset 0 is the field's first word. A library builds there a
 * structure whose layout is computed at run time from a spec (a queue from its provider's
 * footprint, an io_uring from its {@code UringLayout}, a scheduler from its provider). Shared data
 * is statically allocated, so the spec must be a compile-time constant of the library and its
 * size must fit {@code n}: the library checks that once, when it lays the structure out, and fails
 * with a message naming the field, the bytes needed and the bytes declared.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SharedData {

    /**
     * Alignment of each global field's area, a power of two of at least 8. The default, 128 bytes,
     * keeps two global words written by different domains off the same cache line and off the
     * adjacent line the hardware prefetcher pairs with it.
     */
    long globalAlignment() default 128;

    /**
     * Alignment of each CPU's copy of the per-CPU block, a power of two of at least 8. The default,
     * one 4 KiB page, is how vsched pads its per-CPU records; 64 or 128 packs them tighter.
     */
    long perCpuAlignment() default 4096;
}
