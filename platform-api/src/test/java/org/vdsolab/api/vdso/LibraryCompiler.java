package org.vdsolab.api.vdso;

import org.vdsolab.api.vdso.processor.VdsoProcessor;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test support: compiles Java sources given as strings with {@link VdsoProcessor} into a folder,
 * the way Maven compiles a library module, against this test JVM's class path (platform-api and
 * the test API interfaces). Stateless.
 */
public final class LibraryCompiler {

    private LibraryCompiler() { }

    /** The outcome: whether javac succeeded, and every diagnostic it printed. */
    public record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path output) {

        public List<String> errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT)).toList();
        }

        /** The diagnostics as text, for assertion messages. */
        public String report() {
            return diagnostics.stream().map(d -> d.getKind() + " " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
        }

        /** A class loader over the output (parent: this test's), for reading generated constants. */
        public URLClassLoader loader() {
            try {
                return new URLClassLoader(new URL[] {output.toUri().toURL()}, LibraryCompiler.class.getClassLoader());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Compiles {@code sources} (binary class name to source text) into {@code output}.
     */
    public static Result compile(Path output, Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(output);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(output));
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new Source(name, text)));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-proc:full", "-Xlint:-options"), null, units);
            task.setProcessors(List.of(new VdsoProcessor()));
            boolean ok = task.call();
            return new Result(ok, List.copyOf(diagnostics.getDiagnostics()), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
