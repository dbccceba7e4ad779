package org.vdsolab.api.loader;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to boot a kernel domain.
 *
 * @param name            the kernel domain's name: lower-case letters, digits and '_', 1..31 characters
 * @param regionDirectory where the registry and every library's vvar region file are created (a
 *                        folder the kernel owns: it creates it if missing and deletes the files it
 *                        made when it closes); use one under {@code /dev/shm} for RAM-backed regions
 * @param cpus            per-CPU copies of every per-CPU area, in [1, 4096]
 * @param libraryPath     jars or class folders searched for libraries before the class path
 */
public record KernelSpec(String name, Path regionDirectory, int cpus, List<Path> libraryPath) {

    public KernelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regionDirectory, "regionDirectory");
        libraryPath = List.copyOf(libraryPath);
        DomainNames.check("kernel domain name", name);
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("kernel '" + name + "': cpus must be in [1, 4096], got " + cpus);
        }
    }
}
