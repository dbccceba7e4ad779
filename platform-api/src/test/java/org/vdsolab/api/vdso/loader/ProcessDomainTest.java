package org.vdsolab.api.vdso.loader;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.DomainTaskException;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.KernelSpec;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.vdso.testlib.FailingTask;
import org.vdsolab.api.vdso.testlib.Tally;
import org.vdsolab.api.vdso.testlib.TallyTask;
import org.vdsolab.api.vdso.testlib.TestLibraries;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Process domains: separate JVMs that attach the kernel's regions, keep their own private data,
 * map on first bind, record it in the shared registry, and report failures with their stderr.
 */
@Tag("slow")
class ProcessDomainTest {

    private static final Duration TIMEOUT = StallGuard.EVENT_BOUND;

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
        kernel = Providers.find(VdsoLoader.class, "default").boot(new KernelSpec("kernel", regions, 2, List.of(v1)));
        kernel.offer(Tally.class);
    }

    @AfterEach
    void shutdown() {
        kernel.close();
    }

    @Test
    void privateCountersDifferAcrossProcessesAndTheSharedCounterIsTheirSum() throws Exception {
        Domain p1 = kernel.userDomain("proc_a", DomainKind.USER_PROCESS);
        Domain p2 = kernel.userDomain("proc_b", DomainKind.USER_PROCESS);
        Domain idle = kernel.userDomain("proc_idle", DomainKind.USER_PROCESS);
        Domain jvm = kernel.userDomain("user_jvm", DomainKind.USER_IN_JVM);
        DomainRun r1 = p1.start(TallyTask.class, Map.of("calls", "20000", "cpu", "0"));
        DomainRun r2 = p2.start(TallyTask.class, Map.of("calls", "30000", "cpu", "1"));
        DomainRun ri = idle.start(TallyTask.class, Map.of("calls", "0"));
        DomainRun rj = jvm.start(TallyTask.class, Map.of("calls", "7000", "cpu", "1"));
        Tally k = kernel.bind(Tally.class);
        for (int i = 0; i < 1000; i++) {
            k.increment(0);
        }
        long a = r1.await(TIMEOUT).get("private");
        long b = r2.await(TIMEOUT).get("private");
        long j = rj.await(TIMEOUT).get("private");
        assertEquals(0L, ri.await(TIMEOUT).get("bound"));
        assertEquals(20_000, a);
        assertEquals(30_000, b);
        assertEquals(7_000, j);
        assertEquals(1_000, k.privateCount());
        assertEquals(a + b + j + k.privateCount(), k.sharedTotal());
        assertEquals(37_000, k.callsOnCpu(1));

        LibraryRegistry reg = kernel.registry();
        LibraryRegistry.Mapping m = reg.mapping("proc_a", "tally").orElseThrow();
        assertEquals(DomainKind.USER_PROCESS, m.kind());
        assertFalse(m.live(), "the process released its mapping at exit");
        assertTrue(reg.mapping("proc_idle", "tally").isEmpty(), "a process that never binds maps nothing");
        assertFalse(idle.hasMapped("tally"));
        assertTrue(p2.hasMapped("tally"));
        long pid = reg.domains().stream().filter(d -> d.name().equals("proc_b")).findFirst().orElseThrow().pid();
        assertTrue(pid > 0);
        assertNotEquals(ProcessHandle.current().pid(), pid, "a separate process");
    }

    @Test
    void aProcessWithAnotherLayoutFailsToBindNamingBothVersions() throws Exception {
        Domain stale = kernel.userDomain("stale", DomainKind.USER_PROCESS, List.of(v2));
        DomainRun r = stale.start(TallyTask.class, Map.of("calls", "1", "cpu", "0"));
        DomainTaskException e = assertThrows(DomainTaskException.class, () -> r.await(TIMEOUT));
        String msg = e.getMessage();
        assertTrue(msg.contains("LibraryMismatchException") && msg.contains("library 'tally'"), msg);
        assertTrue(msg.contains("version 2.0") && msg.contains("version 1.0"), msg);
        assertTrue(msg.contains("exited with code 1"), msg);
        assertFalse(stale.hasMapped("tally"));
    }

    @Test
    void failuresAndMisuseAreReportedWithTheirCause() {
        Domain p = kernel.userDomain("failing", DomainKind.USER_PROCESS);
        var unsupported = assertThrows(UnsupportedOperationException.class, () -> p.bind(Tally.class));
        assertTrue(unsupported.getMessage().contains("start(task, args)"), unsupported.getMessage());
        DomainRun r = p.start(FailingTask.class, Map.of());
        var twice = assertThrows(IllegalStateException.class, () -> p.start(FailingTask.class, Map.of()));
        assertTrue(twice.getMessage().contains("runs one task"), twice.getMessage());
        DomainTaskException e = assertThrows(DomainTaskException.class, () -> r.await(TIMEOUT));
        assertTrue(e.getMessage().contains("deliberate failure in domain failing"), e.getMessage());
        assertEquals("failing", e.domain());
        p.close();
        assertFalse(kernel.registry().domains().stream().filter(d -> d.name().equals("failing")).findFirst().orElseThrow().live());
    }
}
