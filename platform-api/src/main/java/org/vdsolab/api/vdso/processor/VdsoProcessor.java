package org.vdsolab.api.vdso.processor;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The vDSO library annotation processor: what vsched generates from its api.rs and the vDSO design wants
 * macros for. For each {@code @VdsoLibrary} class it validates the declaration and generates, in
 * the implementation's package, the caller stub ({@code <Api>Stub}), the descriptor
 * ({@code <Impl>Descriptor}), next to the shared-data class its accessor ({@code <Shared>Vvar},
 * layout constants included), and the index entries {@code META-INF/vdsolab/libraries/<name>.properties}
 * and {@code META-INF/vdsolab/api/<api binary name>.properties}. Every {@code @SharedData} class is
 * validated even when no library in the compilation uses it.
 *
 * <p>Registered in {@code META-INF/services/javax.annotation.processing.Processor}; since JDK 23
 * javac runs it only when it is on the processor path (Maven: {@code <annotationProcessorPaths>}).
 * Each javac instance creates its own processor; not thread-safe, as javac never shares one.
 */
@SupportedAnnotationTypes({"org.vdsolab.api.vdso.VdsoLibrary", "org.vdsolab.api.vdso.SharedData"})
public final class VdsoProcessor extends AbstractProcessor {

    private static final String SELF = VdsoProcessor.class.getName();

    /** Library name to its implementation class, across rounds. */
    private final Map<String, String> libraries = new HashMap<>();
    /** Shared-data class to the library that owns it (its layout bears that library's name). */
    private final Map<String, String> sharedOwners = new HashMap<>();
    private final Set<String> sharedChecked = new HashSet<>();
    /** Shared-data classes whose accessor has been written. */
    private final Set<String> vvarWritten = new HashSet<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Elements elements = processingEnv.getElementUtils();
        TypeElement library = elements.getTypeElement(LibraryModel.ANNOTATION);
        TypeElement sharedData = elements.getTypeElement("org.vdsolab.api.vdso.SharedData");
        if (library != null) {
            for (Element e : round.getElementsAnnotatedWith(library)) {
                processLibrary(e);
            }
        }
        if (sharedData != null) {
            for (Element e : round.getElementsAnnotatedWith(sharedData)) {
                if (e instanceof TypeElement t && sharedChecked.add(t.getQualifiedName().toString())) {
                    SharedDeclaration d = SharedDeclaration.analyze(t, processingEnv.getMessager());
                    if (d != null) {
                        String clash = VvarGenerator.clash(d);
                        if (clash != null) {
                            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, clash, t);
                        } else {
                            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "@SharedData "
                                    + t.getQualifiedName() + " is not the shared data of any @VdsoLibrary in this compilation,"
                                    + " so no accessor was generated for it", t);
                        }
                    }
                }
            }
        }
        return false;
    }

    private void processLibrary(Element element) {
        Messager messager = processingEnv.getMessager();
        Elements elements = processingEnv.getElementUtils();
        LibraryModel lib = LibraryModel.analyze(element, processingEnv);
        if (lib == null) {
            return;
        }
        String previous = libraries.putIfAbsent(lib.name, lib.implName());
        if (previous != null && !previous.equals(lib.implName())) {
            messager.printMessage(Diagnostic.Kind.ERROR, "vDSO library name '" + lib.name + "' is declared twice: by "
                    + previous + " and by " + lib.implName() + "; library names must be unique", lib.impl);
            return;
        }
        SharedDeclaration declaration;
        String sharedPkg = "";
        if (lib.shared != null) {
            String sharedName = lib.shared.getQualifiedName().toString();
            sharedChecked.add(sharedName);
            declaration = SharedDeclaration.analyze(lib.shared, messager);
            if (declaration == null) {
                return;
            }
            String clash = VvarGenerator.clash(declaration);
            if (clash != null) {
                messager.printMessage(Diagnostic.Kind.ERROR, clash, lib.shared);
                return;
            }
            String owner = sharedOwners.putIfAbsent(sharedName, lib.name);
            if (owner != null && !owner.equals(lib.name)) {
                messager.printMessage(Diagnostic.Kind.ERROR, "@SharedData " + sharedName + " is already the shared data of library '"
                        + owner + "'; library '" + lib.name + "' needs its own declaration (a layout is named after its library)",
                        lib.impl);
                return;
            }
            sharedPkg = elements.getPackageOf(lib.shared).getQualifiedName().toString();
        } else {
            declaration = null;
        }
        LayoutPlan plan;
        try {
            plan = new LayoutPlan(lib.name, declaration == null ? SharedDeclaration.empty(lib.impl) : declaration);
        } catch (IllegalArgumentException | ArithmeticException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "library '" + lib.name + "': its shared data cannot be laid out: "
                    + e.getMessage(), lib.shared == null ? lib.impl : lib.shared);
            return;
        }
        String pkg = lib.packageName(elements);
        String apiBinary = elements.getBinaryName(lib.api).toString();
        Filer filer = processingEnv.getFiler();
        try {
            if (declaration != null && owner(declaration)) {
                write(filer, LibraryModel.qualify(sharedPkg, declaration.vvarSimpleName()),
                        VvarGenerator.generate(sharedPkg, plan, SELF), lib.shared, lib.impl);
            }
            write(filer, LibraryModel.qualify(pkg, lib.stubSimpleName()), LibraryGenerator.stub(lib, pkg, SELF), lib.impl, lib.api);
            write(filer, LibraryModel.qualify(pkg, lib.descriptorSimpleName()),
                    LibraryGenerator.descriptor(lib, plan, pkg, sharedPkg, SELF), lib.impl);
            String index = LibraryGenerator.index(lib, plan, pkg, apiBinary);
            resource(filer, "META-INF/vdsolab/libraries/" + lib.name + ".properties", index, lib.impl);
            resource(filer, "META-INF/vdsolab/api/" + apiBinary + ".properties", index, lib.impl);
        } catch (FilerException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "library '" + lib.name + "': a generated file already exists ("
                    + e.getMessage() + "); does another library in this compilation export the same API?", lib.impl);
        } catch (IOException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "library '" + lib.name + "': cannot write generated files: "
                    + e.getMessage(), lib.impl);
        }
    }

    /** True the first time the accessor of {@code d} is due (it is generated once, by its owning library). */
    private boolean owner(SharedDeclaration d) {
        return vvarWritten.add(d.qualifiedName());
    }

    private void write(Filer filer, String qualifiedName, String source, Element... origin) throws IOException {
        try (Writer w = filer.createSourceFile(qualifiedName, origin).openWriter()) {
            w.write(source);
        }
    }

    private void resource(Filer filer, String path, String text, Element... origin) throws IOException {
        try (Writer w = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origin).openWriter()) {
            w.write(text);
        }
    }
}
