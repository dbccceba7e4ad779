package org.vdsolab.api.vdso;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fixed element count of an array field in {@link SharedData} (shared data is statically
 * allocated, so every array has a length known at compile time). At least 1.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Length {
    int value();
}
