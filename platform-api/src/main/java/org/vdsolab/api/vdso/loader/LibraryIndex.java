package org.vdsolab.api.vdso.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A library's index entry (written by the annotation processor under {@code META-INF/vdsolab/}) and
 * the jar or class folder it was found in: everything a domain needs to know about a library
 * before loading any of its classes. Immutable.
 *
 * @param root           the jar or class folder holding the library
 * @param privatePackage the implementation's package: each domain loads it (and its sub-packages)
 *                       with its own class loader
 */
record LibraryIndex(String name, String version, String api, String implementation, String descriptor,
                    String privatePackage, long fingerprint, Path root) {

    static final String BY_API = "META-INF/vdsolab/api/";
    static final String BY_NAME = "META-INF/vdsolab/libraries/";

    String fingerprintHex() { return String.format("%016x", fingerprint); }

    /**
     * The library exporting {@code apiBinaryName}: searched in {@code libraryPath} in order, then
     * through {@code classPath}'s resources.
     *
     * @throws IllegalArgumentException if none is found, saying where it looked
     */
    static LibraryIndex forApi(String apiBinaryName, List<Path> libraryPath, ClassLoader classPath) {
        return find(BY_API + apiBinaryName + ".properties", "API " + apiBinaryName, libraryPath, classPath);
    }

    /** The library called {@code name}, searched like {@link #forApi}. */
    static LibraryIndex forName(String name, List<Path> libraryPath, ClassLoader classPath) {
        return find(BY_NAME + name + ".properties", "library '" + name + "'", libraryPath, classPath);
    }

    private static LibraryIndex find(String entry, String what, List<Path> libraryPath, ClassLoader classPath) {
        for (Path root : libraryPath) {
            LibraryIndex found = read(root, entry);
            if (found != null) {
                return found;
            }
        }
        URL url = classPath == null ? null : classPath.getResource(entry);
        if (url != null) {
            return read(rootOf(url, entry), entry);
        }
        List<String> searched = new ArrayList<>();
        libraryPath.forEach(p -> searched.add(p.toString()));
        searched.add("the class path");
        throw new IllegalArgumentException("no vDSO library exports " + what + ": looked for " + entry + " in " + searched
                + "; is the library compiled with org.vdsolab.api.vdso.processor.VdsoProcessor on the processor path?");
    }

    /** Reads {@code entry} from a class folder or jar, or null if it has none. */
    static LibraryIndex read(Path root, String entry) {
        try {
            if (Files.isDirectory(root)) {
                Path file = root.resolve(entry);
                if (!Files.isRegularFile(file)) {
                    return null;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return parse(in, root, file.toString());
                }
            }
            if (Files.isRegularFile(root)) {
                try (JarFile jar = new JarFile(root.toFile())) {
                    ZipEntry z = jar.getEntry(entry);
                    if (z == null) {
                        return null;
                    }
                    try (InputStream in = jar.getInputStream(z)) {
                        return parse(in, root, root + "!/" + entry);
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vDSO library index " + entry + " in " + root + ": " + e.getMessage(), e);
        }
    }

    private static LibraryIndex parse(InputStream in, Path root, String where) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String format = p.getProperty("format");
        if (!"1".equals(format)) {
            throw new IllegalArgumentException("vDSO library index " + where + " has format " + format
                    + "; this platform-api reads format 1 (rebuild the library with its processor)");
        }
        return new LibraryIndex(required(p, "name", where), required(p, "version", where), required(p, "api", where),
                required(p, "implementation", where), required(p, "descriptor", where), required(p, "privatePackage", where),
                Long.parseUnsignedLong(required(p, "fingerprint", where), 16), root);
    }

    private static String required(Properties p, String key, String where) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("vDSO library index " + where + " has no '" + key + "'");
        }
        return v.trim();
    }

    /** The class folder or jar a class-path resource URL comes from. */
    private static Path rootOf(URL url, String entry) {
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                return Path.of(c.getJarFileURL().toURI());
            }
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < entry.split("/").length; i++) {
                    root = root.getParent();
                }
                return root;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalArgumentException("cannot locate the library holding " + url + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("vDSO library index " + url + " is neither in a jar nor in a class folder;"
                + " put the library in one, or on the kernel's library path");
    }
}
