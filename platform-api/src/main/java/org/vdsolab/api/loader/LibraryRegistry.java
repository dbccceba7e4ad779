package org.vdsolab.api.loader;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the kernel's registry, read from the shared-memory area every domain (in this JVM
 * or another process) records itself and its mappings in: the libraries offered, the domains, and
 * which domain mapped which library, when, how long mapping took, and when it was released.
 *
 * <p>Immutable snapshot; take a new one with {@link KernelDomain#registry()}.
 */
public interface LibraryRegistry {

    /** When the kernel booted. */
    Instant bootedAt();

    List<OfferedLibrary> libraries();

    List<DomainRecord> domains();

    /** Every mapping ever made, in domain then library order. */
    List<Mapping> mappings();

    /** The mapping of {@code library} into {@code domain}, if that domain ever mapped it. */
    default Optional<Mapping> mapping(String domain, String library) {
        return mappings().stream().filter(m -> m.domain().equals(domain) && m.library().equals(library)).findFirst();
    }

    /**
     * A table for humans: every offered library, then one line per domain with what it mapped,
     * when (milliseconds after boot), how long mapping took and whether it was released.
     */
    default String describe() {
        StringBuilder b = new StringBuilder();
        for (OfferedLibrary l : libraries()) {
            b.append(String.format("library %-16s version %-10s fingerprint %s  %d cpus  region %s%n", l.name(), l.version(),
                    l.fingerprintHex(), l.cpus(), l.regionFile()));
        }
        b.append(String.format("%-20s %-13s %8s %-16s %12s %12s %s%n", "domain", "kind", "pid", "library", "mapped_ms",
                "map_cost_us", "state"));
        for (DomainRecord d : domains()) {
            List<Mapping> mine = mappings().stream().filter(m -> m.domain().equals(d.name())).toList();
            String state = d.live() ? "live" : "exited";
            if (mine.isEmpty()) {
                b.append(String.format("%-20s %-13s %8d %-16s %12s %12s %s%n", d.name(), d.kind().label(), d.pid(), "-", "-",
                        "-", state + ", nothing mapped"));
            }
            for (Mapping m : mine) {
                b.append(String.format("%-20s %-13s %8d %-16s %12d %12d %s%n", d.name(), d.kind().label(), d.pid(), m.library(),
                        java.time.Duration.between(bootedAt(), m.mappedAt()).toMillis(), m.mapNanos() / 1_000,
                        state + (m.live() ? ", mapped" : ", released")));
            }
        }
        return b.toString();
    }

    /** A library the kernel offers. */
    record OfferedLibrary(String name, String version, long fingerprint, int cpus, Path regionFile, Instant offeredAt) {
        public String fingerprintHex() { return String.format("%016x", fingerprint); }
    }

    /**
     * A domain known to the kernel.
     *
     * @param pid      the process it runs in (0 until a process domain's JVM has started)
     * @param exitedAt null while the domain is live
     */
    record DomainRecord(String name, DomainKind kind, long pid, Instant startedAt, Instant exitedAt) {
        public boolean live() { return exitedAt == null; }
    }

    /**
     * A library mapped into a domain.
     *
     * @param mappedAt   when the mapping completed
     * @param mapNanos   how long mapping took (finding the library, loading its classes, attaching
     *                   its region)
     * @param releasedAt null while the mapping is live
     */
    record Mapping(String domain, DomainKind kind, String library, Instant mappedAt, long mapNanos, Instant releasedAt) {
        public boolean live() { return releasedAt == null; }
    }
}
