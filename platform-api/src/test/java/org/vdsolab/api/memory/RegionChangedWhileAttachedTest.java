package org.vdsolab.api.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.layout.VvarLayout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A region file that is truncated, replaced or rewritten by another version while a domain has it
 * mapped: {@link SharedRegion#problem()} names what happened, and an access past a truncated end
 * is an exception the domain can explain, not a JVM crash.
 */
class RegionChangedWhileAttachedTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static VvarLayout layout(String name) {
        return VvarLayout.builder(name).global("data", MIB).build(1);
    }

    @Test
    void anIntactRegionHasNoProblem() {
        Path f = dir.resolve("intact.vvar");
        try (SharedRegion kernel = SharedRegion.create(f, layout("lib"), false);
             SharedRegion user = SharedRegion.attach(f, layout("lib"))) {
            assertTrue(kernel.problem().isEmpty(), kernel.problem().toString());
            assertTrue(user.problem().isEmpty(), user.problem().toString());
            assertDoesNotThrow(user::verifyAttached);
        }
    }

    @Test
    void truncationIsReportedAndAccessesPastTheEndFaultWithoutKillingTheJvm() throws IOException {
        Path f = dir.resolve("truncated.vvar");
        try (SharedRegion region = SharedRegion.create(f, layout("lib"), false)) {
            long data = region.offset("data");
            long far = data + MIB - 64;
            region.memory().setLong(far, 7);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            String problem = region.problem().orElseThrow();
            assertTrue(problem.contains("truncated to 4096 bytes while attached"), problem);
            RegionFormatException e = assertThrows(RegionFormatException.class, region::verifyAttached);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
            // Loads and stores past the new end: the JVM turns the SIGBUS into an error, interpreted or
            // compiled. (Atomics are not exercised: HotSpot's interpreter does not guard them, and an
            // interpreted CAS on a truncated page kills the JVM; see SharedRegion#explain.)
            WordMemory m = region.memory();
            int faults = 0;
            for (int i = 0; i < 20_000; i++) { // enough for the accessors to be compiled
                try {
                    m.getLongVolatile(far);
                } catch (InternalError expected) {
                    faults++;
                }
            }
            assertEquals(20_000, faults, "every read past the truncated end faults");
            assertThrows(InternalError.class, () -> m.setLongRelease(far, 1));
            InternalError fault = assertThrows(InternalError.class, () -> m.getLong(far));
            RegionFormatException explained = region.explain(fault);
            assertTrue(explained.getMessage().contains("truncated to 4096 bytes"), explained.getMessage());
            assertEquals(fault, explained.getCause());
        }
    }

    @Test
    void aReplacedFileIsReported() throws IOException {
        Path f = dir.resolve("replaced.vvar");
        try (SharedRegion old = SharedRegion.create(f, layout("lib"), false)) {
            // Another kernel starts over at the same path: delete and create anew.
            try (SharedRegion fresh = SharedRegion.create(f, layout("lib"), true)) {
                String problem = old.problem().orElseThrow();
                assertTrue(problem.contains("replaced by another file while attached"), problem);
                assertTrue(fresh.problem().isEmpty(), fresh.problem().toString());
            }
            Files.delete(f);
            assertTrue(old.problem().orElseThrow().contains("deleted while attached"), old.problem().toString());
        }
    }

    @Test
    void aHeaderRewrittenByAnotherVersionIsReported() {
        Path f = dir.resolve("rewritten.vvar");
        try (SharedRegion user = SharedRegion.create(f, layout("lib"), false)) {
            // Another build writes its own header over the same file, in place (same inode, same size).
            RegionHeader other = new RegionHeader(RegionHeader.FORMAT_VERSION, layout("lib-v2").fingerprint(),
                    user.header().totalSize(), 1, 1, 0, "lib-v2");
            other.writeTo(user.memory());
            String problem = user.problem().orElseThrow();
            assertTrue(problem.contains("header rewritten while attached"), problem);
            assertTrue(problem.contains(user.header().fingerprintHex()), problem);
        }
    }
}
