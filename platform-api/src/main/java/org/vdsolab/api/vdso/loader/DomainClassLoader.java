package org.vdsolab.api.vdso.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A domain's own class loader: its "address space" for library text. Child-first for the private
 * packages of the libraries mapped into the domain (so their static fields are this domain's
 * private data), parent-first for everything else (the API interfaces, platform-api, the JDK), so
 * that every domain shares one copy of each API type. Libraries are added as they are mapped.
 *
 * <p>Thread-safe (registered as parallel capable; additions are visible to later loads).
 */
final class DomainClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final Set<String> privatePackages = ConcurrentHashMap.newKeySet();
    private final Set<URL> roots = ConcurrentHashMap.newKeySet();

    DomainClassLoader(String domain, ClassLoader parent) {
        super("vdso-domain-" + domain, new URL[0], parent);
    }

    /** Makes {@code root} searchable and {@code privatePackage} (with sub-packages) child-first. */
    void addLibrary(Path root, String privatePackage) {
        try {
            URL url = root.toUri().toURL();
            if (roots.add(url)) {
                addURL(url);
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("library location " + root + " is not a valid URL: " + e.getMessage(), e);
        }
        privatePackages.add(privatePackage);
    }

    /** Whether {@code className} belongs to a private package of this domain. */
    boolean isPrivate(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        for (String p : privatePackages) {
            if (pkg.equals(p) || pkg.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isPrivate(name)) {
            return super.loadClass(name, resolve); // parent-first, then this domain's roots
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name); // child-first: this domain's own copy
                } catch (ClassNotFoundException notInLibrary) {
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the class loader of " + getName() + ": " + e.getMessage(), e);
        }
    }
}
