package org.vdsolab.api.vdso.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a library's caller stub, its descriptor and its index entry.
 */
final class LibraryGenerator {

    private LibraryGenerator() { }

    /**
     * The caller stub: implements the API and forwards every call to the implementation instance
     * the domain created, through a final field bound once at bind time (the JVM's rendering of
     * vsched's vtable filled at load time). No reflection on the call path.
     */
    static String stub(LibraryModel lib, String pkg, String processor) {
        String apiName = lib.api.getQualifiedName().toString();
        String cls = lib.stubSimpleName();
        SourceWriter w = new SourceWriter();
        if (!pkg.isEmpty()) {
            w.line("package %s;", pkg).line("");
        }
        w.line("/**");
        w.line(" * Caller stub of vDSO library {@code %s} %s: implements {@link %s} by forwarding each call to", lib.name, lib.version, apiName);
        w.line(" * the implementation loaded in one domain (bound once, when the domain binds the API). Generated;");
        w.line(" * as thread-safe as the implementation.");
        w.line(" */");
        w.line("@javax.annotation.processing.Generated(%s)", SourceWriter.literal(processor));
        w.open("public final class %s implements %s {", cls, apiName);
        w.line("");
        w.line("private final %s target;", apiName);
        w.line("");
        w.line("/** A stub forwarding to {@code target}, the domain's implementation instance. */");
        w.open("public %s(%s target) {", cls, apiName);
        w.line("this.target = java.util.Objects.requireNonNull(target, \"target\");");
        w.close();
        for (ExecutableElement m : lib.apiMethods) {
            List<? extends VariableElement> ps = m.getParameters();
            String params = "";
            for (int i = 0; i < ps.size(); i++) {
                String type = ps.get(i).asType().toString();
                if (m.isVarArgs() && i == ps.size() - 1 && type.endsWith("[]")) {
                    type = type.substring(0, type.length() - 2) + "...";
                }
                params += (i == 0 ? "" : ", ") + type + " " + ps.get(i).getSimpleName();
            }
            String args = ps.stream().map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", "));
            List<? extends TypeMirror> thrown = m.getThrownTypes();
            String throwsClause = thrown.isEmpty() ? ""
                    : " throws " + thrown.stream().map(TypeMirror::toString).collect(Collectors.joining(", "));
            boolean isVoid = m.getReturnType().getKind() == TypeKind.VOID;
            w.line("");
            w.line("@Override");
            w.open("public %s %s(%s)%s {", m.getReturnType(), m.getSimpleName(), params, throwsClause);
            w.line("%starget.%s(%s);", isVoid ? "" : "return ", m.getSimpleName(), args);
            w.close();
        }
        w.line("");
        w.line("@Override");
        w.open("public String toString() {");
        w.line("return %s;", SourceWriter.literal("vDSO library " + lib.name + " " + lib.version + " (" + lib.api.getSimpleName() + " stub)"));
        w.close();
        w.close();
        return w.toString();
    }

    /** The descriptor: identity, layout and the factory that wires accessor, implementation and stub. */
    static String descriptor(LibraryModel lib, LayoutPlan plan, String pkg, String sharedPkg, String processor) {
        String cls = lib.descriptorSimpleName();
        String apiName = lib.api.getQualifiedName().toString();
        String vvar = lib.shared == null ? null : LibraryModel.qualify(sharedPkg, plan.declaration.vvarSimpleName());
        SourceWriter w = new SourceWriter();
        if (!pkg.isEmpty()) {
            w.line("package %s;", pkg).line("");
        }
        w.line("/**");
        w.line(" * Descriptor of vDSO library {@code %s} %s (API {@link %s}, implementation {@link %s}).",
                lib.name, lib.version, apiName, lib.impl.getSimpleName());
        w.line(" * A loader instantiates it with a domain's class loader. Generated; immutable and thread-safe.");
        w.line(" */");
        w.line("@javax.annotation.processing.Generated(%s)", SourceWriter.literal(processor));
        w.open("public final class %s implements org.vdsolab.api.vdso.LibraryDescriptor {", cls);
        w.line("");
        w.line("public static final String NAME = %s;", SourceWriter.literal(lib.name));
        w.line("public static final String VERSION = %s;", SourceWriter.literal(lib.version));
        w.line("public static final long FINGERPRINT = 0x%016xL;", plan.fingerprint);
        w.line("");
        w.line("@Override public String name() { return NAME; }");
        w.line("@Override public String version() { return VERSION; }");
        w.line("@Override public Class<?> api() { return %s.class; }", apiName);
        w.line("@Override public long fingerprint() { return FINGERPRINT; }");
        w.line("");
        w.line("@Override");
        w.open("public org.vdsolab.api.layout.VvarLayout layout(int cpus) {");
        if (vvar != null) {
            w.line("return %s.layout(cpus);", vvar);
        } else {
            w.line("return org.vdsolab.api.layout.VvarLayout.builder(NAME).build(cpus);");
        }
        w.close();
        w.line("");
        w.line("@Override");
        w.open("public Object bind(org.vdsolab.api.memory.WordMemory memory, int cpus) {");
        if (vvar != null) {
            w.line("%s shared = new %s(memory, cpus);", vvar, vvar);
            w.line("return new %s(new %s(%s));", lib.stubSimpleName(), lib.implName(), lib.takesVvar ? "shared" : "");
        } else {
            w.line("org.vdsolab.api.vdso.VvarSupport.requireFits(memory, layout(cpus));");
            w.line("return new %s(new %s());", lib.stubSimpleName(), lib.implName());
        }
        w.close();
        w.close();
        return w.toString();
    }

    /**
     * The index entry loaders read to find the library by name or by API, before loading any of
     * its classes: a properties file, keys in a fixed order (reproducible builds).
     */
    static String index(LibraryModel lib, LayoutPlan plan, String pkg, String apiBinaryName) {
        return "# vDSO library index entry, generated by org.vdsolab.api.vdso.processor.VdsoProcessor\n"
                + "format=1\n"
                + "name=" + lib.name + "\n"
                + "version=" + lib.version + "\n"
                + "api=" + apiBinaryName + "\n"
                + "implementation=" + lib.implName() + "\n"
                + "descriptor=" + LibraryModel.qualify(pkg, lib.descriptorSimpleName()) + "\n"
                + "privatePackage=" + pkg + "\n"
                + "fingerprint=" + String.format("%016x", plan.fingerprint) + "\n";
    }
}
