package org.vdsolab.api.memory;

import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.process.CleanupRegistry;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A vvar region: a file-backed, memory-mapped {@link MemorySegment} that the kernel domain creates
 * and every user domain attaches, in this JVM or in another process. The file lives in /dev/shm
 * when it exists (so it is RAM, not disk), otherwise in the temp folder, with mode 0600.
 * {@link #create} registers the file with {@link CleanupRegistry#global()} until {@link #delete()},
 * so a run that ends early (a timeout, SIGTERM) still removes it.
 *
 * <p>The first {@value RegionHeader#HEADER_BYTES} bytes are a {@link RegionHeader}. {@link #create}
 * writes it (magic last, with release); {@link #attach} validates every field against the layout
 * the caller expects and throws {@link RegionFormatException} naming the file and the mismatch.
 * The rest of the region is the layout's areas, zero-filled at creation.
 *
 * <p>Thread-safety: the region object is immutable; the memory it maps is shared and is accessed
 * through {@link #memory()} with the ordering each access names. {@link #close()} unmaps it and
 * must happen after every thread in this JVM has stopped using it (the shared arena enforces that
 * accesses after close fail instead of crashing).
 */
public final class SharedRegion implements AutoCloseable {

    private final Path file;
    private final VvarLayout layout;
    private final RegionHeader header;
    private final Arena arena;
    private final SegmentWordMemory memory;
    /** The mapped file's identity (device and inode on Linux), to tell it from a replacement. */
    private final Object fileKey;

    private SharedRegion(Path file, VvarLayout layout, RegionHeader header, Arena arena, MemorySegment segment) {
        this.file = file;
        this.layout = layout;
        this.header = header;
        this.arena = arena;
        this.memory = new SegmentWordMemory(segment);
        this.fileKey = fileKey(file);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** /dev/shm when it is a directory, else {@code java.io.tmpdir}. */
    public static Path defaultDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The default path of a region called {@code name}: {@code defaultDirectory()/vdsolab-<name>.vvar}. */
    public static Path defaultPath(String name) {
        return defaultDirectory().resolve("vdsolab-" + name + ".vvar");
    }

    /**
     * Creates the region file for {@code layout}, zero-filled, with mode 0600, writes its header
     * and maps it.
     *
     * @param replace when true an existing file is deleted first; when false an existing file is
     *                an error (another kernel may own it)
     * @throws RegionFormatException if the file exists (and {@code replace} is false) or cannot be
     *                               created or mapped
     */
    public static SharedRegion create(Path file, VvarLayout layout, boolean replace) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layout, "layout");
        try {
            if (replace) {
                Files.deleteIfExists(file);
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new RegionFormatException(file, "already exists; attach to it, or create with replace to start over");
        } catch (UnsupportedOperationException e) {
            try {
                Files.createFile(file); // a file system without POSIX permissions
            } catch (IOException io) {
                throw new RegionFormatException(file, "cannot create: " + io.getMessage(), io);
            }
        } catch (IOException e) {
            throw new RegionFormatException(file, "cannot create: " + e.getMessage(), e);
        }
        CleanupRegistry.global().register(file); // until delete(): a run that ends early removes it
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Sparse: extending the file does not touch its pages; tmpfs and ext4 read them as zero.
            ch.position(layout.totalSize() - 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]));
            MemorySegment segment = ch.map(FileChannel.MapMode.READ_WRITE, 0, layout.totalSize(), arena);
            RegionHeader header = new RegionHeader(RegionHeader.FORMAT_VERSION, layout.fingerprint(), layout.totalSize(),
                    layout.cpus(), ProcessHandle.current().pid(), System.currentTimeMillis(), layout.name());
            SharedRegion region = new SharedRegion(file, layout, header, arena, segment);
            header.writeTo(region.memory);
            return region;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e instanceof RegionFormatException r ? r
                    : new RegionFormatException(file, "cannot size or map " + layout.totalSize() + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Maps an existing region file and checks that it was created for {@code expected}: magic,
     * format version, layout fingerprint, CPU count and size must all match.
     *
     * @throws RegionFormatException naming the file and the first mismatch found
     */
    public static SharedRegion attach(Path file, VvarLayout expected) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expected, "expected");
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < RegionHeader.HEADER_BYTES) {
                throw new RegionFormatException(file, "truncated: " + size + " bytes, shorter than the "
                        + RegionHeader.HEADER_BYTES + "-byte header");
            }
            MemorySegment segment = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            SegmentWordMemory m = new SegmentWordMemory(segment);
            long magic = m.getLongAcquire(RegionHeader.OFF_MAGIC);
            if (magic != RegionHeader.MAGIC) {
                if (magic == 0 && isZero(segment, RegionHeader.HEADER_BYTES)) {
                    throw new RegionFormatException(file, "header is all zero: not a vvar region, or its creator has not finished writing it");
                }
                throw new RegionFormatException(file, String.format(
                        "not a vdsolab vvar region (magic %016x, expected %016x)", magic, RegionHeader.MAGIC));
            }
            RegionHeader h = RegionHeader.readFrom(m);
            if (h.version() != RegionHeader.FORMAT_VERSION) {
                throw new RegionFormatException(file, "format version " + h.version() + ", this vdsolab reads version "
                        + RegionHeader.FORMAT_VERSION);
            }
            if (h.fingerprint() != expected.fingerprint()) {
                throw new RegionFormatException(file, "created with layout '" + h.layoutName() + "' fingerprint "
                        + h.fingerprintHex() + ", this library expects layout '" + expected.name() + "' fingerprint "
                        + expected.fingerprintHex());
            }
            if (h.cpus() != expected.cpus()) {
                throw new RegionFormatException(file, "created for " + h.cpus() + " CPUs, this domain expects " + expected.cpus());
            }
            if (h.totalSize() != expected.totalSize()) {
                throw new RegionFormatException(file, "header says " + h.totalSize() + " bytes, layout '" + expected.name()
                        + "' needs " + expected.totalSize());
            }
            if (size != h.totalSize()) {
                throw new RegionFormatException(file, "truncated or extended: file has " + size + " bytes, header says "
                        + h.totalSize());
            }
            return new SharedRegion(file, expected, h, arena, segment);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new RegionFormatException(file, "no such file; has the kernel domain created it?", e);
        } catch (IOException e) {
            arena.close();
            throw new RegionFormatException(file, "cannot open or map: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static boolean isZero(MemorySegment s, long bytes) {
        for (long i = 0; i < bytes; i += 8) {
            if (s.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, i) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks, while attached, that the region is still the one this domain mapped: the file still
     * exists at its path and is the same file (not deleted and re-created by another kernel), it
     * is not shorter than the mapping (accesses beyond a truncated end fault), and the header in
     * the mapping still carries the format version and layout fingerprint it was attached with
     * (not rewritten by another version). Allocates and asks the file system: for supervisors and
     * error paths, not hot paths.
     *
     * @return what is wrong, naming the file, or empty if the region is intact
     */
    public java.util.Optional<String> problem() {
        return whatChanged().map(detail -> file + ": " + detail);
    }

    private java.util.Optional<String> whatChanged() {
        long mapped = memory.byteSize();
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return java.util.Optional.of("deleted while attached; this domain still maps the old region, "
                    + "which no new domain can attach to");
        } catch (IOException e) {
            return java.util.Optional.of("cannot be read while attached: " + e.getMessage());
        }
        if (fileKey != null && now.fileKey() != null && !fileKey.equals(now.fileKey())) {
            return java.util.Optional.of("replaced by another file while attached (was " + fileKey + ", now "
                    + now.fileKey() + "); this domain maps the old one");
        }
        if (now.size() < mapped) {
            return java.util.Optional.of("truncated to " + now.size() + " bytes while attached; " + mapped
                    + " are mapped, and accesses past the end fault");
        }
        try {
            RegionHeader h = RegionHeader.readFrom(memory);
            if (memory.getLongAcquire(RegionHeader.OFF_MAGIC) != RegionHeader.MAGIC || h.version() != header.version()
                    || h.fingerprint() != header.fingerprint()) {
                return java.util.Optional.of("header rewritten while attached (format version " + h.version()
                        + ", layout fingerprint " + h.fingerprintHex() + "; attached as version " + header.version()
                        + ", fingerprint " + header.fingerprintHex() + ")");
            }
        } catch (InternalError | RuntimeException e) {
            return java.util.Optional.of("its header cannot be read while attached: " + e.getMessage());
        }
        return java.util.Optional.empty();
    }

    /**
     * Throws if {@link #problem()} finds one.
     *
     * @throws RegionFormatException naming the file and what changed under this domain
     */
    public void verifyAttached() {
        java.util.Optional<String> detail = whatChanged();
        if (detail.isPresent()) {
            throw new RegionFormatException(file, detail.get());
        }
    }

    /**
     * Turns a fault raised by an access to this region's memory into an error that names the file.
     * A load or store to a page past a truncated end raises SIGBUS, which HotSpot reports as an
     * {@link InternalError}; so does an atomic in compiled code. An atomic run by the interpreter
     * is not guarded by HotSpot and the SIGBUS kills the JVM: truncating a mapped region is fatal
     * to a domain that is still warming up (docs/FAULTS.md). The error says what happened to the
     * file, or, if the file looks intact, that the fault is not explained by it.
     */
    public RegionFormatException explain(Throwable fault) {
        String detail = whatChanged().orElse("a memory fault (" + fault + ") although the file looks intact");
        return new RegionFormatException(file, detail, fault);
    }

    public Path file() { return file; }

    public VvarLayout layout() { return layout; }

    public RegionHeader header() { return header; }

    /** Word access to the whole region (offsets from the region start, header included). */
    public WordMemory memory() { return memory; }

    public MemorySegment segment() { return memory.segment(); }

    /** Offset of a global area (or CPU 0's copy of a per-CPU one). */
    public long offset(String area) { return layout.offset(area); }

    /** Offset of {@code cpu}'s copy of a per-CPU area. */
    public long offset(String area, int cpu) { return layout.offset(area, cpu); }

    /** Forces the mapping's dirty pages to the file (not needed for sharing; for durability only). */
    public void force() { memory.segment().force(); }

    /** Unmaps the region in this JVM. The file stays; see {@link #delete()}. */
    @Override
    public void close() { arena.close(); }

    /** Deletes the region file; domains that already mapped it keep their mapping. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
            CleanupRegistry.global().forget(file);
        } catch (IOException e) {
            throw new RegionFormatException(file, "cannot delete: " + e.getMessage(), e);
        }
    }
}
