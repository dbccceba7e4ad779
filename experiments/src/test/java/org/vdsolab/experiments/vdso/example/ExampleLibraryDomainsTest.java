package org.vdsolab.experiments.vdso.example;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.LibraryRegistry;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.experiments.vdso.demo.CounterCallerProgram;
import org.vdsolab.experiments.vdso.demo.IdleProgram;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example library loaded through the default loader into the kernel, in-JVM user domains and
 * separate-process user domains: private counts per domain, one shared counter, lazy mapping.
 */
class ExampleLibraryDomainsTest {

    private static final Duration TIMEOUT = StallGuard.EVENT_BOUND;

    @TempDir
    Path regions;

    KernelDomain kernel;

    @BeforeEach
    void boot() {
        kernel = Providers.find(VdsoLoader.class, "default").boot("kernel", regions, 3);
        kernel.offer(SharedCounter.class);
    }

    @AfterEach
    void shutdown() {
        kernel.close();
    }

    private static Map<String, String> calls(long n, int cpu) {
        return Map.of("calls", Long.toString(n), "cpu", Integer.toString(cpu));
    }

    @Test
    void inJvmDomainsKeepPrivateCountsAndShareTheCounter() throws Exception {
        Domain a = kernel.userDomain("user_a", DomainKind.USER_IN_JVM);
        Domain b = kernel.userDomain("user_b", DomainKind.USER_IN_JVM);
        DomainRun ra = a.start(CounterCallerProgram.class, calls(2000, 1));
        DomainRun rb = b.start(CounterCallerProgram.class, calls(7000, 2));
        SharedCounter k = kernel.bind(SharedCounter.class);
        for (int i = 0; i < 500; i++) {
            k.increment(0);
        }
        long pa = ra.await(TIMEOUT).get("private");
        long pb = rb.await(TIMEOUT).get("private");
        assertEquals(2000, pa);
        assertEquals(7000, pb);
        assertEquals(500, k.privateCount());
        assertEquals(pa + pb + k.privateCount(), k.sharedTotal());
        assertEquals(7000, k.callsOnCpu(2));
        assertEquals(k.sharedTotal(), Math.max(k.highWater(0), Math.max(k.highWater(1), k.highWater(2))));
    }

    @Test
    void processDomainsAreSeparateAddressSpacesSharingTheVvar() throws Exception {
        Domain p1 = kernel.userDomain("proc_a", DomainKind.USER_PROCESS);
        Domain p2 = kernel.userDomain("proc_b", DomainKind.USER_PROCESS);
        Domain idle = kernel.userDomain("proc_idle", DomainKind.USER_PROCESS);
        DomainRun r1 = p1.start(CounterCallerProgram.class, calls(30_000, 1));
        DomainRun r2 = p2.start(CounterCallerProgram.class, calls(50_000, 2));
        DomainRun ri = idle.start(IdleProgram.class, Map.of());
        SharedCounter k = kernel.bind(SharedCounter.class);
        for (int i = 0; i < 10_000; i++) {
            k.increment(0);
        }
        long private1 = r1.await(TIMEOUT).get("private");
        long private2 = r2.await(TIMEOUT).get("private");
        assertEquals(0, ri.await(TIMEOUT).get("private"));
        assertEquals(30_000, private1);
        assertEquals(50_000, private2);
        assertNotEquals(private1, k.privateCount());
        assertEquals(private1 + private2 + k.privateCount(), k.sharedTotal());
        assertEquals(50_000, k.callsOnCpu(2));

        LibraryRegistry reg = kernel.registry();
        assertTrue(p1.hasMapped("counter") && p2.hasMapped("counter"));
        assertFalse(idle.hasMapped("counter"), "the process that never called the library never mapped it");
        assertTrue(reg.mapping("proc_idle", "counter").isEmpty());
        LibraryRegistry.Mapping m = reg.mapping("proc_a", "counter").orElseThrow();
        assertEquals(DomainKind.USER_PROCESS, m.kind());
        assertFalse(m.live(), "the process released its mapping when it exited");
        LibraryRegistry.DomainRecord rec = reg.domains().stream().filter(d -> d.name().equals("proc_a")).findFirst().orElseThrow();
        assertNotEquals(ProcessHandle.current().pid(), rec.pid(), "a separate process");
        assertTrue(rec.pid() > 0);
    }
}
