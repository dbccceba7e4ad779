package org.vdsolab.api.vdso.processor;

import org.vdsolab.api.layout.Scope;
import org.vdsolab.api.vdso.Global;
import org.vdsolab.api.vdso.Length;
import org.vdsolab.api.vdso.PerCpu;
import org.vdsolab.api.vdso.SharedData;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@link SharedData} class: its fields in declaration order and its alignments. Every
 * rule the vvar imposes is checked here, each violation reported as a compile error on the element
 * at fault, naming it and saying what is allowed.
 */
final class SharedDeclaration {

    final TypeElement type;
    final List<SharedField> fields;
    final long globalAlignment;
    final long perCpuAlignment;

    private SharedDeclaration(TypeElement type, List<SharedField> fields, long globalAlignment, long perCpuAlignment) {
        this.type = type;
        this.fields = fields;
        this.globalAlignment = globalAlignment;
        this.perCpuAlignment = perCpuAlignment;
    }

    String qualifiedName() { return type.getQualifiedName().toString(); }

    String simpleName() { return type.getSimpleName().toString(); }

    /** The generated accessor class's simple name. */
    String vvarSimpleName() { return simpleName() + "Vvar"; }

    /** The declaration of a library without shared data: no fields, so a header-only layout. */
    static SharedDeclaration empty(TypeElement library) {
        return new SharedDeclaration(library, List.of(), 128, 4096);
    }

    /**
     * Validates {@code type}; reports every problem found.
     *
     * @return the declaration, or null if it has errors
     */
    static SharedDeclaration analyze(TypeElement type, Messager messager) {
        String where = type.getQualifiedName().toString();
        boolean ok = true;
        SharedData ann = type.getAnnotation(SharedData.class);
        if (ann == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, "shared data class " + where
                    + " is not annotated @SharedData; annotate it, or give @VdsoLibrary no 'shared'", type);
            return null;
        }
        if (type.getKind() != ElementKind.CLASS || type.getNestingKind() != NestingKind.TOP_LEVEL) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@SharedData " + where
                    + " must be a top-level class (its accessor " + type.getSimpleName() + "Vvar is generated next to it)", type);
            ok = false;
        }
        ok &= checkAlignment(messager, type, "globalAlignment", ann.globalAlignment());
        ok &= checkAlignment(messager, type, "perCpuAlignment", ann.perCpuAlignment());
        List<SharedField> fields = new ArrayList<>();
        for (Element member : type.getEnclosedElements()) {
            if (member.getKind() != ElementKind.FIELD) {
                continue;
            }
            SharedField f = field((VariableElement) member, where, messager);
            if (f == null) {
                ok = false;
            } else if (f != SKIP) {
                fields.add(f);
            }
        }
        return ok ? new SharedDeclaration(type, List.copyOf(fields), ann.globalAlignment(), ann.perCpuAlignment()) : null;
    }

    private static final SharedField SKIP = new SharedField("-", WordType.LONG, Scope.GLOBAL, 0, null);

    private static boolean checkAlignment(Messager messager, TypeElement type, String attribute, long value) {
        if (value < 8 || Long.bitCount(value) != 1) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@SharedData(" + attribute + " = " + value + ") on "
                    + type.getQualifiedName() + ": must be a power of two of at least 8", type);
            return false;
        }
        return true;
    }

    /** The field, {@link #SKIP} for an allowed static constant, or null after reporting an error. */
    private static SharedField field(VariableElement f, String where, Messager messager) {
        String name = f.getSimpleName().toString();
        boolean global = f.getAnnotation(Global.class) != null;
        boolean perCpu = f.getAnnotation(PerCpu.class) != null;
        Length length = f.getAnnotation(Length.class);
        String id = "shared field '" + name + "' in " + where;
        if (f.getModifiers().contains(Modifier.STATIC)) {
            if (global || perCpu || length != null) {
                return error(messager, f, id + " is static: shared fields are instance fields that describe the layout; remove 'static'");
            }
            if (!f.getModifiers().contains(Modifier.FINAL)) {
                return error(messager, f, "static field '" + name + "' in " + where + " would be private data, not shared data:"
                        + " declare private data as static fields of the library class (only static final constants are allowed here)");
            }
            return SKIP;
        }
        if (global && perCpu) {
            return error(messager, f, id + " is marked both @Global and @PerCpu: mark it with exactly one");
        }
        if (!global && !perCpu) {
            return error(messager, f, id + " is marked neither @Global nor @PerCpu: mark it with exactly one");
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            return error(messager, f, id + ": shared field names may use only ASCII letters, digits and '_' (they name vvar areas)");
        }
        TypeMirror t = f.asType();
        WordType word;
        int count = 0;
        if (t.getKind() == TypeKind.ARRAY) {
            TypeMirror component = ((ArrayType) t).getComponentType();
            word = WordType.of(component.getKind());
            if (word == null) {
                return error(messager, f, id + " is an array of " + component + ": " + allowed(component));
            }
            if (length == null) {
                return error(messager, f, id + " is an array without a fixed size: shared data is statically allocated,"
                        + " so give it one with @Length(n)");
            }
            if (length.value() < 1) {
                return error(messager, f, id + " has @Length(" + length.value() + "): an array needs at least 1 element");
            }
            count = length.value();
        } else {
            word = WordType.of(t.getKind());
            if (word == null) {
                return error(messager, f, id + " has type " + t + ": " + allowed(t));
            }
            if (length != null) {
                return error(messager, f, id + " is not an array but carries @Length: remove it, or make the field an array");
            }
        }
        return new SharedField(name, word, global ? Scope.GLOBAL : Scope.PER_CPU, count, f);
    }

    private static String allowed(TypeMirror t) {
        String what = t.getKind().isPrimitive()
                ? "shared data holds only long, int, double and float words, which WordMemory accesses atomically (use int for smaller values)"
                : "it is a reference type, and shared data holds only long, int, double, float and fixed-size arrays of them"
                        + " (a Java reference means nothing in another domain)";
        return what;
    }

    private static SharedField error(Messager messager, Element e, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, e);
        return null;
    }
}
