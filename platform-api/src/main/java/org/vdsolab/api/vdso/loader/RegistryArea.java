package org.vdsolab.api.vdso.loader;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.memory.WordMemory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's registry in shared memory: a small vvar region ({@value #FILE} in the kernel's
 * region directory) that every domain, in this JVM or another process, records itself and its
 * mappings in, so the kernel can report who mapped what and when.
 *
 * <pre>
 * area "control"    64 B     0 nextDomain long (slot claim, getAndAdd)   8 nextLibrary long
 *                           16 bootedMicros long                        24 kernelPid long
 * area "domains"    64 x 128 B, one per domain slot:
 *                    0 state long (0 free, 1 live, 2 exited; stored last, release)
 *                    8 kind int   16 pid long   24 startedMicros   32 exitedMicros   40 name (32 B)
 * area "libraries"  16 x 128 B, one per offered library:
 *                    0 state long (0 free, 1 offered; stored last, release)   8 fingerprint
 *                   16 cpus int   24 offeredMicros   32 name (32 B)   64 version (32 B)
 * area "mappings"   64 x 16 x 32 B, entry (domain slot, library slot):
 *                    0 state long (0 never, 1 mapped, 2 released; stored after the fields it publishes)
 *                    8 mappedMicros   16 mapNanos   24 releasedMicros
 * </pre>
 *
 * <p>Strings are UTF-8, zero-padded, packed eight bytes per long word. Writers: the kernel claims
 * domain and library slots (under its own lock: it is the only claimer); each mapping entry is
 * written only by the domain it belongs to, or by the kernel once that domain's process is gone.
 * Entries are written rarely (once per mapping), so they are packed, not padded. Readers load the
 * state word with acquire before the fields it publishes. Thread-safe under those rules.
 */
final class RegistryArea implements AutoCloseable {

    static final String FILE = "registry.vvar";
    static final int MAX_DOMAINS = 64;
    static final int MAX_LIBRARIES = 16;
    static final int NAME_BYTES = 32;

    private static final long DOMAIN_BYTES = 128;
    private static final long LIBRARY_BYTES = 128;
    private static final long MAPPING_BYTES = 32;

    static final VvarLayout LAYOUT = VvarLayout.builder("vdsolab-loader-registry")
            .global("control", 64)
            .global("domains", MAX_DOMAINS * DOMAIN_BYTES)
            .global("libraries", MAX_LIBRARIES * LIBRARY_BYTES)
            .global("mappings", MAX_DOMAINS * MAX_LIBRARIES * MAPPING_BYTES)
            .build(1);

    private static final long CONTROL = LAYOUT.offset("control");
    private static final long NEXT_DOMAIN = CONTROL;
    private static final long NEXT_LIBRARY = CONTROL + 8;
    private static final long BOOTED = CONTROL + 16;
    private static final long KERNEL_PID = CONTROL + 24;
    private static final long DOMAINS = LAYOUT.offset("domains");
    private static final long LIBRARIES = LAYOUT.offset("libraries");
    private static final long MAPPINGS = LAYOUT.offset("mappings");

    static final long DOMAIN_FREE = 0, DOMAIN_LIVE = 1, DOMAIN_EXITED = 2;
    static final long MAP_NEVER = 0, MAP_MAPPED = 1, MAP_RELEASED = 2;

    private final SharedRegion region;
    private final WordMemory m;
    private final Path directory;

    private RegistryArea(SharedRegion region, Path directory) {
        this.region = region;
        this.m = region.memory();
        this.directory = directory;
    }

    /** Creates the registry in {@code directory} (replacing a stale one a crashed kernel left). */
    static RegistryArea create(Path directory) {
        RegistryArea r = new RegistryArea(SharedRegion.create(directory.resolve(FILE), LAYOUT, true), directory);
        r.m.setLong(KERNEL_PID, ProcessHandle.current().pid());
        // Release: a domain that reads bootedMicros with acquire sees the kernel pid written before it.
        r.m.setLongRelease(BOOTED, nowMicros());
        return r;
    }

    /** Attaches the registry a kernel created in {@code directory}. */
    static RegistryArea attach(Path directory) {
        return new RegistryArea(SharedRegion.attach(directory.resolve(FILE), LAYOUT), directory);
    }

    Path directory() { return directory; }

    /** The region file of library {@code name} in this kernel's directory. */
    Path regionFile(String library) { return directory.resolve(library + ".vvar"); }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return micros == 0 ? null : Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
    }

    // ---- domains

    private static long domain(int slot) { return DOMAINS + slot * DOMAIN_BYTES; }

    /**
     * Claims a domain slot (kernel only, under the kernel's lock).
     *
     * @throws IllegalArgumentException if a domain of that name exists
     * @throws IllegalStateException    if every slot is taken
     */
    int claimDomain(String name, DomainKind kind, long pid) {
        for (int s = 0; s < domainCount(); s++) {
            if (m.getLongAcquire(domain(s)) != DOMAIN_FREE && readString(domain(s) + 40).equals(name)) {
                throw new IllegalArgumentException("a domain named '" + name + "' already exists in this kernel; domain names are unique");
            }
        }
        // getAndAdd: atomic even though the kernel is the only claimer, so a reader's count is never torn.
        long slot = m.getAndAddLong(NEXT_DOMAIN, 1);
        if (slot >= MAX_DOMAINS) {
            m.getAndAddLong(NEXT_DOMAIN, -1);
            throw new IllegalStateException("the kernel's registry holds at most " + MAX_DOMAINS + " domains; '" + name
                    + "' does not fit (close and reboot the kernel to start over)");
        }
        long at = domain((int) slot);
        m.setInt(at + 8, kind.ordinal());
        m.setLong(at + 16, pid);
        m.setLong(at + 24, nowMicros());
        writeString(at + 40, name);
        // Release: readers that see LIVE see the name, kind and start time stored above.
        m.setLongRelease(at, DOMAIN_LIVE);
        return (int) slot;
    }

    /** Records the pid of a process domain (written by the process itself). */
    void setPid(int slot, long pid) {
        // Release: published on its own; readers use acquire.
        m.setLongRelease(domain(slot) + 16, pid);
    }

    /** Marks a domain exited (kernel side, once it is gone). */
    void domainExited(int slot) {
        long at = domain(slot);
        m.setLong(at + 32, nowMicros());
        // Release: readers that see EXITED see the exit time.
        m.setLongRelease(at, DOMAIN_EXITED);
    }

    int domainCount() {
        // Acquire: pairs with the claimer's getAndAdd; a slot below the count may still be in the
        // middle of being written, which its state word (acquire) tells.
        return (int) Math.min(MAX_DOMAINS, m.getLongAcquire(NEXT_DOMAIN));
    }

    String domainName(int slot) { return readString(domain(slot) + 40); }

    // ---- libraries

    private static long library(int slot) { return LIBRARIES + slot * LIBRARY_BYTES; }

    /** An offered library as the registry records it. */
    record Entry(int slot, String name, String version, long fingerprint, int cpus, long offeredMicros) { }

    /** Adds an offered library (kernel only, after its region exists). */
    int addLibrary(String name, String version, long fingerprint, int cpus) {
        long slot = m.getAndAddLong(NEXT_LIBRARY, 1);
        if (slot >= MAX_LIBRARIES) {
            m.getAndAddLong(NEXT_LIBRARY, -1);
            throw new IllegalStateException("the kernel's registry holds at most " + MAX_LIBRARIES + " libraries; '" + name
                    + "' does not fit");
        }
        long at = library((int) slot);
        m.setLong(at + 8, fingerprint);
        m.setInt(at + 16, cpus);
        m.setLong(at + 24, nowMicros());
        writeString(at + 32, name);
        writeString(at + 64, version);
        // Release: a domain that sees OFFERED sees the fingerprint, CPU count and names above, and
        // (because the kernel created the region before adding the entry) a complete region file.
        m.setLongRelease(at, 1);
        return (int) slot;
    }

    /** The offered library called {@code name}, or null. */
    Entry findLibrary(String name) {
        for (Entry e : libraries()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    List<Entry> libraries() {
        List<Entry> out = new ArrayList<>();
        long n = Math.min(MAX_LIBRARIES, m.getLongAcquire(NEXT_LIBRARY));
        for (int s = 0; s < n; s++) {
            long at = library(s);
            // Acquire: pairs with addLibrary's release of the state word.
            if (m.getLongAcquire(at) == 1) {
                out.add(new Entry(s, readString(at + 32), readString(at + 64), m.getLong(at + 8), m.getInt(at + 16),
                        m.getLong(at + 24)));
            }
        }
        return out;
    }

    // ---- mappings

    private static long mapping(int domainSlot, int librarySlot) {
        return MAPPINGS + ((long) domainSlot * MAX_LIBRARIES + librarySlot) * MAPPING_BYTES;
    }

    /** Records that a domain mapped a library (written by that domain). */
    void mapped(int domainSlot, int librarySlot, long mapNanos) {
        long at = mapping(domainSlot, librarySlot);
        m.setLong(at + 8, nowMicros());
        m.setLong(at + 16, mapNanos);
        // Release: readers that see MAPPED see the time and duration.
        m.setLongRelease(at, MAP_MAPPED);
    }

    /** Records that a domain's mapping was released; does nothing if it is not mapped. */
    void released(int domainSlot, int librarySlot) {
        long at = mapping(domainSlot, librarySlot);
        // Acquire: only a mapping this domain (or its dead process) published is released.
        if (m.getLongAcquire(at) != MAP_MAPPED) {
            return;
        }
        m.setLong(at + 24, nowMicros());
        // CAS: the domain's own close and the kernel's clean-up after its process must not both win.
        m.compareAndSetLong(at, MAP_MAPPED, MAP_RELEASED);
    }

    /** Releases every live mapping of a domain (the kernel's clean-up after a process domain). */
    void releaseAll(int domainSlot) {
        for (int l = 0; l < MAX_LIBRARIES; l++) {
            released(domainSlot, l);
        }
    }

    boolean everMapped(int domainSlot, int librarySlot) {
        // Acquire: pairs with the release in mapped().
        return m.getLongAcquire(mapping(domainSlot, librarySlot)) != MAP_NEVER;
    }

    // ---- snapshot

    /** The whole registry, read now. */
    LibraryRegistry snapshot() {
        List<LibraryRegistry.OfferedLibrary> libs = new ArrayList<>();
        List<Entry> entries = libraries();
        for (Entry e : entries) {
            libs.add(new LibraryRegistry.OfferedLibrary(e.name(), e.version(), e.fingerprint(), e.cpus(),
                    regionFile(e.name()), instant(e.offeredMicros())));
        }
        List<LibraryRegistry.DomainRecord> domains = new ArrayList<>();
        List<LibraryRegistry.Mapping> mappings = new ArrayList<>();
        DomainKind[] kinds = DomainKind.values();
        for (int s = 0; s < domainCount(); s++) {
            long at = domain(s);
            long state = m.getLongAcquire(at);
            if (state == DOMAIN_FREE) {
                continue;
            }
            String name = readString(at + 40);
            DomainKind kind = kinds[m.getInt(at + 8)];
            domains.add(new LibraryRegistry.DomainRecord(name, kind, m.getLongAcquire(at + 16), instant(m.getLong(at + 24)),
                    state == DOMAIN_EXITED ? instant(m.getLong(at + 32)) : null));
            for (Entry e : entries) {
                long mp = mapping(s, e.slot());
                long ms = m.getLongAcquire(mp);
                if (ms != MAP_NEVER) {
                    mappings.add(new LibraryRegistry.Mapping(name, kind, e.name(), instant(m.getLong(mp + 8)), m.getLong(mp + 16),
                            ms == MAP_RELEASED ? instant(m.getLong(mp + 24)) : null));
                }
            }
        }
        return new Snapshot(instant(m.getLongAcquire(BOOTED)), List.copyOf(libs), List.copyOf(domains), List.copyOf(mappings));
    }

    private record Snapshot(Instant bootedAt, List<LibraryRegistry.OfferedLibrary> libraries,
                            List<LibraryRegistry.DomainRecord> domains, List<LibraryRegistry.Mapping> mappings)
            implements LibraryRegistry { }

    // ---- strings: UTF-8, zero-padded, eight bytes per long (little-endian byte order in the word)

    private void writeString(long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= NAME_BYTES) {
            throw new IllegalArgumentException("'" + s + "' is longer than " + (NAME_BYTES - 1) + " bytes, the registry's limit");
        }
        for (int w = 0; w < NAME_BYTES / 8; w++) {
            long word = 0;
            for (int i = 7; i >= 0; i--) {
                int k = w * 8 + i;
                word = (word << 8) | (k < b.length ? b[k] & 0xFF : 0);
            }
            m.setLong(at + w * 8L, word);
        }
    }

    private String readString(long at) {
        byte[] b = new byte[NAME_BYTES];
        int len = 0;
        for (int w = 0; w < NAME_BYTES / 8; w++) {
            long word = m.getLong(at + w * 8L);
            for (int i = 0; i < 8; i++) {
                b[w * 8 + i] = (byte) (word >>> (8 * i));
            }
        }
        while (len < NAME_BYTES && b[len] != 0) {
            len++;
        }
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** Unmaps the registry in this JVM. */
    @Override
    public void close() {
        region.close();
    }

    /** Deletes the registry file (the kernel, when it closes). */
    void delete() {
        region.delete();
    }
}
