package org.vdsolab.api.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.layout.VvarLayout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedRegionTest {

    @TempDir
    Path dir;

    private static VvarLayout layout(String name) {
        return VvarLayout.builder(name).global("counter", 8).perCpu("stats", 256).build(2);
    }

    @Test
    void createThenAttachSeesTheSameBytesAndHeader() {
        VvarLayout l = layout("lib");
        Path f = dir.resolve("r.vvar");
        try (SharedRegion k = SharedRegion.create(f, l, false); SharedRegion u = SharedRegion.attach(f, l)) {
            k.memory().setLongRelease(k.offset("counter"), 41);
            assertEquals(41, u.memory().getLongAcquire(u.offset("counter")));
            u.memory().getAndAddLong(u.offset("stats", 1), 3);
            assertEquals(3, k.memory().getLongVolatile(k.offset("stats", 1)));
            RegionHeader h = u.header();
            assertEquals(l.fingerprint(), h.fingerprint());
            assertEquals(2, h.cpus());
            assertEquals(l.totalSize(), h.totalSize());
            assertEquals(ProcessHandle.current().pid(), h.creatorPid());
            assertEquals("lib", h.layoutName());
            assertTrue(Math.abs(System.currentTimeMillis() - h.createdMillis()) < 600_000);
        }
    }

    @Test
    void fileIsPrivateToItsOwner() throws IOException {
        Path f = dir.resolve("mode.vvar");
        try (SharedRegion ignored = SharedRegion.create(f, layout("lib"), false)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    void defaultDirectoryIsDevShmWhenPresent() {
        if (Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))) {
            assertEquals(Path.of("/dev/shm"), SharedRegion.defaultDirectory());
        } else {
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")), SharedRegion.defaultDirectory());
        }
        assertTrue(SharedRegion.defaultPath("x").getFileName().toString().equals("vdsolab-x.vvar"));
    }

    @Test
    void createRefusesAnExistingFileUnlessReplacing() {
        Path f = dir.resolve("twice.vvar");
        SharedRegion.create(f, layout("lib"), false).close();
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.create(f, layout("lib"), false));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("already exists"), e.getMessage());
        SharedRegion.create(f, layout("lib"), true).close();
    }

    @Test
    void fingerprintMismatchNamesBothLayouts() {
        Path f = dir.resolve("fp.vvar");
        VvarLayout v1 = layout("lib");
        VvarLayout v2 = VvarLayout.builder("lib").global("counter", 16).perCpu("stats", 256).build(2);
        SharedRegion.create(f, v1, false).close();
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(f, v2));
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), m);
        assertTrue(m.contains(v1.fingerprintHex()) && m.contains(v2.fingerprintHex()), m);
        assertTrue(m.contains("created with layout 'lib' fingerprint"), m);
    }

    @Test
    void cpuCountMismatchIsNamed() {
        Path f = dir.resolve("cpus.vvar");
        SharedRegion.create(f, layout("lib"), false).close();
        VvarLayout fourCpus = VvarLayout.builder("lib").global("counter", 8).perCpu("stats", 256).build(4);
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(f, fourCpus));
        assertTrue(e.getMessage().contains("2 CPUs") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void wrongMagicIsAForeignFile() throws IOException {
        Path f = dir.resolve("foreign.vvar");
        byte[] junk = new byte[8192];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31 + 7);
        }
        Files.write(f, junk);
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(f, layout("lib")));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not a vdsolab vvar region"), e.getMessage());
    }

    @Test
    void zeroFilledFileIsReported() throws IOException {
        Path f = dir.resolve("zero.vvar");
        Files.write(f, new byte[8192]);
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(f, layout("lib")));
        assertTrue(e.getMessage().contains("all zero"), e.getMessage());
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        VvarLayout l = layout("lib");
        Path shortHeader = dir.resolve("short.vvar");
        Files.write(shortHeader, new byte[40]);
        var e1 = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(shortHeader, l));
        assertTrue(e1.getMessage().contains("truncated") && e1.getMessage().contains("40 bytes"), e1.getMessage());

        Path cut = dir.resolve("cut.vvar");
        SharedRegion.create(cut, l, false).close();
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            ch.truncate(l.totalSize() / 2);
        }
        var e2 = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(cut, l));
        assertTrue(e2.getMessage().contains("truncated") && e2.getMessage().contains(String.valueOf(l.totalSize())), e2.getMessage());

        Path empty = dir.resolve("empty.vvar");
        Files.createFile(empty);
        var e3 = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(empty, l));
        assertTrue(e3.getMessage().contains("0 bytes"), e3.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path f = dir.resolve("none.vvar");
        var e = assertThrows(RegionFormatException.class, () -> SharedRegion.attach(f, layout("lib")));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void regionsLargerThanTwoGibWork() {
        // Sparse file: only the touched pages use memory.
        long big = 3L << 30;
        VvarLayout l = VvarLayout.builder("big").global("low", 8).global("far", 8, 1L << 31).global("top", 8).build(1);
        assertTrue(l.totalSize() > big - (1L << 30), "layout spans beyond 2 GiB: " + l.totalSize());
        Path f = SharedRegion.defaultDirectory().resolve("vdsolab-test-big-" + ProcessHandle.current().pid() + ".vvar");
        try (SharedRegion k = SharedRegion.create(f, l, true)) {
            long far = k.offset("far");
            assertTrue(far >= (1L << 31), "offset beyond 2 GiB: " + far);
            k.memory().setLongRelease(far, 0x7777);
            k.memory().setLongRelease(k.offset("top"), 0x8888);
            try (SharedRegion u = SharedRegion.attach(f, l)) {
                assertEquals(0x7777, u.memory().getLongAcquire(far));
                assertEquals(0x8888, u.memory().compareAndExchangeLong(u.offset("top"), 0x8888, 1));
            }
        } finally {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // best effort clean-up of a sparse file
            }
        }
    }
}
