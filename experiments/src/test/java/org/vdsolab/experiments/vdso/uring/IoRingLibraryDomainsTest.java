package org.vdsolab.experiments.vdso.uring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainKind;
import org.vdsolab.api.loader.DomainRun;
import org.vdsolab.api.loader.KernelDomain;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.UringLayout;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.experiments.vdso.uring.impl.IoRingLibrary;
import org.vdsolab.experiments.vdso.uring.impl.IoRingLibraryDescriptor;
import org.vdsolab.experiments.vdso.uring.impl.RingData;
import org.vdsolab.experiments.vdso.uring.impl.RingDataVvar;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code io_uring} library loaded through the default loader: the kernel domain starts the
 * pollers; the kernel, an in-JVM user domain and a separate-process user domain each round-trip
 * READs on the {@code null} device through the one shared SQ and the one shared CQ (SHARED
 * routing), and each receives exactly its own completions.
 */
@Tag("slow")
class IoRingLibraryDomainsTest {

    private static final Duration TIMEOUT = StallGuard.EVENT_BOUND;
    private static final int REQUESTS = 5000;

    @TempDir
    Path regions;

    KernelDomain kernel;

    @BeforeEach
    void boot() {
        kernel = Providers.find(VdsoLoader.class, "default").boot("kernel", regions, 2);
        kernel.offer(IoRing.class);
    }

    @AfterEach
    void shutdown() {
        try {
            kernel.bind(IoRing.class).stopKernel();
        } finally {
            kernel.close();
        }
    }

    @Test
    void kernelInJvmAndProcessDomainsEachGetExactlyTheirOwnCompletions() throws Exception {
        IoRing k = kernel.bind(IoRing.class);
        k.startKernel();
        Domain inJvm = kernel.userDomain("user_jvm", DomainKind.USER_IN_JVM);
        Domain proc = kernel.userDomain("user_proc", DomainKind.USER_PROCESS);
        Domain idle = kernel.userDomain("user_idle", DomainKind.USER_IN_JVM);
        Map<String, String> args = Map.of("requests", Integer.toString(REQUESTS), "len", "512");
        DomainRun rp = proc.start(RingRoundTripProgram.class, args);
        DomainRun rj = inJvm.start(RingRoundTripProgram.class, args);
        DomainRun rk = kernel.start(RingRoundTripProgram.class, args);
        List<Map<String, Long>> results = List.of(rk.await(TIMEOUT), rj.await(TIMEOUT), rp.await(TIMEOUT));

        Set<Long> ids = new HashSet<>();
        for (Map<String, Long> r : results) {
            assertEquals(REQUESTS, r.get("completed"), "every request came back: " + r);
            assertEquals(0, r.get("foreign"), "no completion of another domain was handed out: " + r);
            assertEquals(0, r.get("duplicates"), "no completion came back twice: " + r);
            assertEquals(0, r.get("bad_res"), "the null device answers res = len: " + r);
            assertTrue(ids.add(r.get("domain")), "each domain has its own ring domain id: " + results);
        }
        assertEquals(3L * REQUESTS, k.kernelCompletions(), "the pollers completed exactly the requests submitted");
        assertTrue(proc.hasMapped("io_uring") && inJvm.hasMapped("io_uring"));
        assertFalse(idle.hasMapped("io_uring"), "a domain that never binds the ring never maps it");
    }

    @Test
    void theRingLivesInTheDeclaredAreaAndFitsIt() {
        QueueProvider vsched = Providers.find(QueueProvider.class, IoRingLibrary.SPEC.queue());
        long need = UringLayout.of(IoRingLibrary.SPEC, vsched).layout().totalSize();
        assertTrue(need <= RingData.RING_WORDS * 8L, "RING_WORDS holds the ring: " + need + " bytes needed");

        assertEquals(0, RingDataVvar.RING_OFFSET % 4096, "the ring starts on a page, so its buffers are page-aligned");
        IllegalStateException small = assertThrows(IllegalStateException.class,
                () -> IoRingLibrary.layout(vsched, new HeapWordMemory(4096)));
        assertTrue(small.getMessage().contains("shared field 'ring'") && small.getMessage().contains(need + " bytes")
                && small.getMessage().contains("RING_WORDS"), small.getMessage());

        IoRingLibraryDescriptor d = new IoRingLibraryDescriptor();
        HeapWordMemory memory = new HeapWordMemory(d.layout(1).totalSize());
        assertEquals(RingData.RING_WORDS * 8L, new RingDataVvar(memory, 1).ringArea().byteSize());
        IoRing ring = (IoRing) d.bind(memory, 1);
        assertThrows(IllegalStateException.class, () -> ring.submit(new Sqe()), "submitting before open() is refused");
        ring.startKernel();
        try {
            assertEquals(0, ring.open());
            assertEquals(0, ring.open(), "open() again in the same domain keeps the id");
            Sqe s = new Sqe();
            s.opcode = UringOp.NOP;
            s.userData = 0xABCDL;
            assertTrue(ring.submit(s));
            Cqe c = new Cqe();
            assertTrue(ring.await(c, StallGuard.EVENT_BOUND.toNanos()));
            assertEquals(0xABCDL, c.userData);
            assertEquals(0, c.res);
            assertEquals(1, memory.getLong(RingDataVvar.NEXT_DOMAIN_OFFSET), "the id came from the shared counter");
            ring.close();
        } finally {
            ring.stopKernel();
        }
        IllegalStateException stopped = assertThrows(IllegalStateException.class, ring::open);
        assertTrue(stopped.getMessage().contains("stopped"), stopped.getMessage());
    }
}
