package org.vdsolab.api.vdso.loader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.KernelSpec;
import org.vdsolab.api.loader.LibraryMismatchException;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.vdso.testlib.Tally;
import org.vdsolab.api.vdso.testlib.TallyTask;
import org.vdsolab.api.vdso.testlib.TestLibraries;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default loader with the kernel and in-JVM user domains: private data per domain, shared data
 * common to all, lazy mapping recorded in the registry, release on close, and the fingerprint check.
 */
class InJvmDomainTest {

    @TempDir
    static Path libraries;

    static Path v1;
    static Path v2;

    @TempDir
    Path regions;

    KernelDomain kernel;

    @BeforeAll
    static void compileLibraries() {
        v1 = TestLibraries.compileTally(libraries.resolve("v1"), "1.0", false);
        v2 = TestLibraries.compileTally(libraries.resolve("v2"), "2.0", true);
    }

    @BeforeEach
    void boot() {
        VdsoLoader loader = Providers.find(VdsoLoader.class, "default");
        kernel = loader.boot(new KernelSpec("kernel", regions, 2, List.of(v1)));
        kernel.offer(Tally.class);
    }

    @AfterEach
    void shutdown() {
        kernel.close();
    }

    @Test
    void privateCountersDifferPerDomainAndTheSharedCounterIsTheirSum() throws Exception {
        Domain a = kernel.userDomain("user_a", DomainKind.USER_IN_JVM);
        Domain b = kernel.userDomain("user_b", DomainKind.USER_IN_JVM);
        var ra = a.start(TallyTask.class, Map.of("calls", "3000", "cpu", "0"));
        var rb = b.start(TallyTask.class, Map.of("calls", "5000", "cpu", "1"));
        Tally k = kernel.bind(Tally.class);
        for (int i = 0; i < 1000; i++) {
            k.increment(1);
        }
        assertEquals(3000L, ra.await(StallGuard.EVENT_BOUND).get("private"));
        assertEquals(5000L, rb.await(StallGuard.EVENT_BOUND).get("private"));
        assertEquals(1000, k.privateCount());
        assertEquals(9000, k.sharedTotal());
        assertEquals(3000, k.callsOnCpu(0));
        assertEquals(6000, k.callsOnCpu(1));
        // Same API type everywhere, different implementation classes (one per domain class loader).
        Tally ta = a.bind(Tally.class);
        assertEquals(3000, ta.privateCount());
        assertEquals(9000, ta.sharedTotal());
        assertNotSame(ta.getClass(), k.getClass());
        assertSame(ta, a.bind(Tally.class), "a second bind returns the bound stub");
    }

    @Test
    void aDomainMapsTheLibraryOnlyAtItsFirstBindAndTheRegistrySaysWhenAndWho() throws Exception {
        Domain caller = kernel.userDomain("caller", DomainKind.USER_IN_JVM);
        Domain idle = kernel.userDomain("idle", DomainKind.USER_IN_JVM);
        idle.start(TallyTask.class, Map.of("calls", "0")).await(StallGuard.EVENT_BOUND);
        assertFalse(caller.hasMapped("tally"));
        assertTrue(kernel.registry().mapping("caller", "tally").isEmpty(), "nothing mapped before the first bind");
        assertTrue(kernel.hasMapped("tally"), "the kernel maps what it offers");

        caller.bind(Tally.class).increment(0);

        LibraryRegistry reg = kernel.registry();
        LibraryRegistry.Mapping m = reg.mapping("caller", "tally").orElseThrow();
        assertTrue(m.live());
        assertEquals(DomainKind.USER_IN_JVM, m.kind());
        assertTrue(m.mapNanos() > 0);
        assertFalse(m.mappedAt().isBefore(reg.domains().stream().filter(d -> d.name().equals("caller")).findFirst()
                .orElseThrow().startedAt()), "mapped after the domain started");
        assertTrue(caller.hasMapped("tally"));
        assertFalse(idle.hasMapped("tally"));
        assertTrue(reg.mapping("idle", "tally").isEmpty(), "a domain that never binds has nothing mapped");
        assertEquals(List.of("kernel", "caller", "idle"), reg.domains().stream().map(LibraryRegistry.DomainRecord::name).toList());
        assertEquals("1.0", reg.libraries().get(0).version());
    }

    @Test
    void closingADomainReleasesItsMappingsAndRecordsItsExit() {
        Domain a = kernel.userDomain("user_a", DomainKind.USER_IN_JVM);
        Tally t = a.bind(Tally.class);
        t.increment(0);
        a.close();
        LibraryRegistry reg = kernel.registry();
        LibraryRegistry.Mapping m = reg.mapping("user_a", "tally").orElseThrow();
        assertFalse(m.live(), "released at exit");
        assertFalse(m.releasedAt().isBefore(m.mappedAt()));
        assertFalse(reg.domains().stream().filter(d -> d.name().equals("user_a")).findFirst().orElseThrow().live());
        assertTrue(a.hasMapped("tally"), "hasMapped stays true after release");
        IllegalStateException afterClose = assertThrows(IllegalStateException.class, () -> a.bind(Tally.class));
        assertTrue(afterClose.getMessage().contains("domain 'user_a' is closed"), afterClose.getMessage());
        assertThrows(IllegalStateException.class, () -> t.increment(0), "the unmapped region refuses access");
        assertEquals(1, kernel.bind(Tally.class).sharedTotal());
    }

    @Test
    void aLibraryWithAnotherLayoutFailsToBindNamingBothVersions() {
        Domain stale = kernel.userDomain("stale", DomainKind.USER_IN_JVM, List.of(v2));
        LibraryMismatchException e = assertThrows(LibraryMismatchException.class, () -> stale.bind(Tally.class));
        String msg = e.getMessage();
        assertTrue(msg.contains("library 'tally'"), msg);
        assertTrue(msg.contains("version 2.0") && msg.contains("version 1.0"), msg);
        String kernelFp = kernel.registry().libraries().get(0).fingerprintHex();
        assertTrue(msg.contains(kernelFp), msg);
        assertTrue(msg.contains(v2.toString()), "names where the domain's copy came from: " + msg);
        assertEquals("2.0", e.domainVersion());
        assertEquals("1.0", e.kernelVersion());
        assertFalse(stale.hasMapped("tally"));
    }

    @Test
    void userErrorsNameWhatIsWrong() {
        var dup = assertThrows(IllegalArgumentException.class, () -> kernel.userDomain("kernel", DomainKind.USER_IN_JVM));
        assertTrue(dup.getMessage().contains("'kernel' already exists"), dup.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> kernel.userDomain("User A", DomainKind.USER_IN_JVM));
        assertTrue(bad.getMessage().contains("'User A' is not allowed"), bad.getMessage());
        Domain d = kernel.userDomain("user_x", DomainKind.USER_IN_JVM);
        var none = assertThrows(IllegalArgumentException.class, () -> d.bind(Runnable.class));
        assertTrue(none.getMessage().contains("no vDSO library exports API java.lang.Runnable"), none.getMessage());
    }

    @Test
    void theKernelDeletesItsRegionFilesWhenItCloses() {
        assertTrue(Files.exists(regions.resolve("tally.vvar")));
        assertTrue(Files.exists(regions.resolve("registry.vvar")));
        kernel.close();
        assertFalse(Files.exists(regions.resolve("tally.vvar")));
        assertFalse(Files.exists(regions.resolve("registry.vvar")));
    }
}
