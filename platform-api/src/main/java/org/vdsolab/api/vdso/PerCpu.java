package org.vdsolab.api.vdso;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link SharedData} field with one copy per CPU, in the library's per-CPU block; accessors take
 * the CPU id as their first argument.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface PerCpu {
}
