package org.vdsolab.api.vdso.loader;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the kernel asks a process domain's JVM to do, and what it answers: two small properties
 * files in the kernel's region directory, so that arguments of any content survive the trip
 * (command-line arguments would need quoting). Immutable.
 *
 * <pre>
 *   request:  task=&lt;class&gt;  result=&lt;file&gt;  lib.0=&lt;path&gt; ...  arg.&lt;key&gt;=&lt;value&gt; ...
 *   result:   &lt;counter&gt;=&lt;long&gt; ...   (written to a temporary file, then moved in place)
 * </pre>
 */
record ProcessRequest(String task, Path result, List<Path> libraryPath, Map<String, String> args) {

    void write(Path file) {
        Properties p = new Properties();
        p.setProperty("task", task);
        p.setProperty("result", result.toString());
        for (int i = 0; i < libraryPath.size(); i++) {
            p.setProperty("lib." + i, libraryPath.get(i).toString());
        }
        args.forEach((k, v) -> p.setProperty("arg." + k, v));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "vDSO process domain request");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write process domain request " + file + ": " + e.getMessage(), e);
        }
    }

    static ProcessRequest read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<Path> libs = new ArrayList<>();
        for (int i = 0; p.getProperty("lib." + i) != null; i++) {
            libs.add(Path.of(p.getProperty("lib." + i)));
        }
        Map<String, String> args = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("arg.")) {
                args.put(k.substring(4), p.getProperty(k));
            }
        }
        String task = p.getProperty("task");
        String result = p.getProperty("result");
        if (task == null || result == null) {
            throw new IOException("process domain request " + file + " lacks 'task' or 'result'");
        }
        return new ProcessRequest(task, Path.of(result), libs, args);
    }

    static void writeResult(Path file, Map<String, Long> counters) throws IOException {
        Properties p = new Properties();
        counters.forEach((k, v) -> p.setProperty(k, Long.toString(v)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "vDSO process domain result");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, Long> readResult(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            out.put(k, Long.parseLong(p.getProperty(k)));
        }
        return out;
    }
}
