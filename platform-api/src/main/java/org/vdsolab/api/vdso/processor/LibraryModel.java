package org.vdsolab.api.vdso.processor;

import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A validated {@code @VdsoLibrary} declaration: the implementation class, the API interface and its
 * methods, the optional shared-data declaration, and how the implementation is constructed.
 */
final class LibraryModel {

    static final String ANNOTATION = "org.vdsolab.api.vdso.VdsoLibrary";

    final TypeElement impl;
    final String name;
    final String version;
    final TypeElement api;
    final TypeElement shared; // null when the library declares no shared data
    final List<ExecutableElement> apiMethods;
    /** True when the implementation is constructed with the generated accessor, false for a no-argument constructor. */
    final boolean takesVvar;

    private LibraryModel(TypeElement impl, String name, String version, TypeElement api, TypeElement shared,
                         List<ExecutableElement> apiMethods, boolean takesVvar) {
        this.impl = impl;
        this.name = name;
        this.version = version;
        this.api = api;
        this.shared = shared;
        this.apiMethods = apiMethods;
        this.takesVvar = takesVvar;
    }

    String packageName(Elements elements) { return elements.getPackageOf(impl).getQualifiedName().toString(); }

    String implName() { return impl.getQualifiedName().toString(); }

    String stubSimpleName() { return api.getSimpleName() + "Stub"; }

    String descriptorSimpleName() { return impl.getSimpleName() + "Descriptor"; }

    /**
     * Validates the annotated element; reports every problem on the element at fault.
     *
     * @return the model, or null if there are errors
     */
    static LibraryModel analyze(Element element, ProcessingEnvironment env) {
        Messager messager = env.getMessager();
        Elements elements = env.getElementUtils();
        Types types = env.getTypeUtils();
        if (element.getKind() != ElementKind.CLASS) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@VdsoLibrary belongs on the library's implementation class, not on "
                    + element.getKind().toString().toLowerCase(java.util.Locale.ROOT) + " " + element, element);
            return null;
        }
        TypeElement impl = (TypeElement) element;
        String where = impl.getQualifiedName().toString();
        AnnotationMirror mirror = null;
        for (AnnotationMirror m : impl.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
                mirror = m;
            }
        }
        if (mirror == null) {
            return null;
        }
        Map<String, AnnotationValue> values = new LinkedHashMap<>();
        elements.getElementValuesWithDefaults(mirror).forEach((k, v) -> values.put(k.getSimpleName().toString(), v));
        boolean ok = true;

        String name = String.valueOf(values.get("name").getValue());
        if (!name.matches("[a-z][a-z0-9_-]{0,30}")) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@VdsoLibrary(name = \"" + name + "\") on " + where
                    + ": a library name is 1..31 characters, lower-case letters, digits, '-' and '_', starting with a letter"
                    + " (it names the region file)", impl, mirror, values.get("name"));
            ok = false;
        }
        String version = String.valueOf(values.get("version").getValue());
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9._+-]{0,30}")) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@VdsoLibrary(version = \"" + version + "\") on " + where
                    + ": a version is 1..31 characters, letters, digits, '.', '_', '+' and '-', starting with a letter or digit",
                    impl, mirror, values.get("version"));
            ok = false;
        }
        if (elements.getPackageOf(impl).isUnnamed()) {
            messager.printMessage(Diagnostic.Kind.ERROR, "vDSO library class " + where + " is in the unnamed package: put it in"
                    + " a package of its own (that package is what each domain loads privately)", impl);
            return null;
        }
        if (impl.getNestingKind() != NestingKind.TOP_LEVEL || !impl.getModifiers().contains(Modifier.PUBLIC)
                || impl.getModifiers().contains(Modifier.ABSTRACT)) {
            messager.printMessage(Diagnostic.Kind.ERROR, "vDSO library class " + where
                    + " must be a public, top-level, non-abstract class (each domain instantiates it)", impl);
            ok = false;
        }

        TypeElement api = classValue(values.get("api"));
        if (api == null || api.getKind() != ElementKind.INTERFACE) {
            messager.printMessage(Diagnostic.Kind.ERROR, "@VdsoLibrary(api = ...) on " + where
                    + " must name an interface: the library's exported API", impl, mirror, values.get("api"));
            return null;
        }
        String apiName = api.getQualifiedName().toString();
        String privatePackage = elements.getPackageOf(impl).getQualifiedName().toString();
        if (!api.getModifiers().contains(Modifier.PUBLIC) || !api.getTypeParameters().isEmpty()) {
            messager.printMessage(Diagnostic.Kind.ERROR, "API " + apiName + " of library '" + name
                    + "' must be a public, non-generic interface", impl, mirror, values.get("api"));
            ok = false;
        }
        if (isPrivate(elements.getPackageOf(api).getQualifiedName().toString(), privatePackage)) {
            messager.printMessage(Diagnostic.Kind.ERROR, "API " + apiName + " of library '" + name + "' is in the package of its"
                    + " implementation (" + privatePackage + "), which every domain loads privately: move the API interface to"
                    + " another package so that all domains share it", impl, mirror, values.get("api"));
            ok = false;
        }
        if (!types.isAssignable(types.erasure(impl.asType()), types.erasure(api.asType()))) {
            messager.printMessage(Diagnostic.Kind.ERROR, "vDSO library class " + where + " must implement its API " + apiName, impl);
            ok = false;
        }

        List<ExecutableElement> methods = apiMethods(api, elements, types);
        for (ExecutableElement m : methods) {
            if (!m.getTypeParameters().isEmpty()) {
                messager.printMessage(Diagnostic.Kind.ERROR, "API method " + apiName + "." + m.getSimpleName()
                        + " is generic: vDSO API methods may not declare type parameters", m);
                ok = false;
            }
            List<TypeMirror> used = new ArrayList<>();
            used.add(m.getReturnType());
            m.getParameters().forEach(p -> used.add(p.asType()));
            used.addAll(m.getThrownTypes());
            for (TypeMirror t : used) {
                String bad = privateType(t, privatePackage, elements);
                if (bad != null) {
                    messager.printMessage(Diagnostic.Kind.ERROR, "API method " + apiName + "." + m.getSimpleName() + " uses " + bad
                            + " from the library's private package " + privatePackage
                            + ": types in API signatures must be shared by every domain, so move it out of that package", m);
                    ok = false;
                }
            }
        }

        TypeElement shared = null;
        AnnotationValue sharedValue = values.get("shared");
        if (sharedValue.getValue() instanceof TypeMirror t && t.getKind() != TypeKind.VOID) {
            shared = classValue(sharedValue);
            if (shared == null) {
                messager.printMessage(Diagnostic.Kind.ERROR, "@VdsoLibrary(shared = ...) on " + where
                        + " must name a class annotated @SharedData, or be omitted", impl, mirror, sharedValue);
                return null;
            }
        }

        boolean takesVvar = false;
        boolean noArg = false;
        String vvarSimple = shared == null ? null : shared.getSimpleName() + "Vvar";
        String vvarQualified = shared == null ? null
                : qualify(elements.getPackageOf(shared).getQualifiedName().toString(), vvarSimple);
        for (ExecutableElement c : ElementFilter.constructorsIn(impl.getEnclosedElements())) {
            if (!c.getModifiers().contains(Modifier.PUBLIC)) {
                continue;
            }
            List<? extends VariableElement> ps = c.getParameters();
            if (ps.isEmpty()) {
                noArg = true;
            } else if (shared != null && ps.size() == 1) {
                String t = ps.get(0).asType().toString();
                if (t.equals(vvarSimple) || t.equals(vvarQualified)) {
                    takesVvar = true;
                }
            }
        }
        if (!takesVvar && !noArg) {
            messager.printMessage(Diagnostic.Kind.ERROR, "vDSO library class " + where + " needs a public constructor "
                    + (shared == null ? "without parameters" : "taking the generated shared-data accessor " + vvarQualified
                    + " (or one without parameters)"), impl);
            ok = false;
        }
        return ok ? new LibraryModel(impl, name, version, api, shared, methods, takesVvar) : null;
    }

    static String qualify(String pkg, String simple) {
        return pkg.isEmpty() ? simple : pkg + "." + simple;
    }

    private static boolean isPrivate(String pkg, String privatePackage) {
        return pkg.equals(privatePackage) || pkg.startsWith(privatePackage + ".");
    }

    private static TypeElement classValue(AnnotationValue v) {
        if (v != null && v.getValue() instanceof DeclaredType dt && dt.asElement() instanceof TypeElement te) {
            return te;
        }
        return null;
    }

    /** The API's instance methods to forward (abstract and default), one per signature, Object's excluded. */
    private static List<ExecutableElement> apiMethods(TypeElement api, Elements elements, Types types) {
        Map<String, ExecutableElement> bySignature = new LinkedHashMap<>();
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(api))) {
            if (m.getEnclosingElement().getKind() != ElementKind.INTERFACE || m.getModifiers().contains(Modifier.STATIC)
                    || m.getModifiers().contains(Modifier.PRIVATE) || isObjectMethod(m)) {
                continue;
            }
            String sig = m.getSimpleName() + m.getParameters().stream().map(p -> types.erasure(p.asType()).toString())
                    .collect(Collectors.joining(",", "(", ")"));
            bySignature.putIfAbsent(sig, m);
        }
        return List.copyOf(bySignature.values());
    }

    private static boolean isObjectMethod(ExecutableElement m) {
        String n = m.getSimpleName().toString();
        int arity = m.getParameters().size();
        return (n.equals("equals") && arity == 1 && m.getParameters().get(0).asType().toString().equals("java.lang.Object"))
                || (n.equals("hashCode") && arity == 0) || (n.equals("toString") && arity == 0);
    }

    /** The first type inside {@code t} declared in the private package, or null. */
    private static String privateType(TypeMirror t, String privatePackage, Elements elements) {
        switch (t.getKind()) {
            case DECLARED -> {
                DeclaredType dt = (DeclaredType) t;
                if (isPrivate(elements.getPackageOf(dt.asElement()).getQualifiedName().toString(), privatePackage)) {
                    return dt.asElement().toString();
                }
                for (TypeMirror arg : dt.getTypeArguments()) {
                    String bad = privateType(arg, privatePackage, elements);
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
            }
            case ARRAY -> {
                return privateType(((ArrayType) t).getComponentType(), privatePackage, elements);
            }
            case WILDCARD -> {
                WildcardType w = (WildcardType) t;
                String bad = w.getExtendsBound() == null ? null : privateType(w.getExtendsBound(), privatePackage, elements);
                return bad != null || w.getSuperBound() == null ? bad : privateType(w.getSuperBound(), privatePackage, elements);
            }
            default -> {
                return null;
            }
        }
    }
}
