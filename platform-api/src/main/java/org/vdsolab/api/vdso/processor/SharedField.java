package org.vdsolab.api.vdso.processor;

import org.vdsolab.api.layout.Scope;

import javax.lang.model.element.VariableElement;
import java.util.Locale;

/**
 * One field of a shared-data declaration, after validation.
 *
 * @param name    the Java field name (also the area name of a global field)
 * @param type    element type
 * @param scope   global or per-CPU
 * @param length  element count for an array, 0 for a scalar
 * @param element the source element, for diagnostics
 */
record SharedField(String name, WordType type, Scope scope, int length, VariableElement element) {

    boolean isArray() { return length > 0; }

    /** Bytes the field occupies: one element, or length elements. */
    long size() { return (long) type.bytes * Math.max(1, length); }

    /** camelCase to UPPER_SNAKE, the stem of the field's generated constants. */
    String constantStem() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && name.charAt(i - 1) != '_') {
                b.append('_');
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** The field name with its first letter upper-cased, for accessor names (getTotal). */
    String capitalized() {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
