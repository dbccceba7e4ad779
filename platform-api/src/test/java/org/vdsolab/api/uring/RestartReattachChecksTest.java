package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.RegionFormatException;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reattaching kernel refuses, and {@link InFlightRequests}' bookkeeping on its own. */
class RestartReattachChecksTest {

    private final LockedDequeProvider provider = new LockedDequeProvider();

    @Test
    void reattachingToARegionOfAnotherLayoutNamesTheFileAndTheMismatch() throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-mismatch-", ".vvar");
        UringKernel first = RestartRing.kernel(provider, file, false, new TestDevice(4096, 0));
        try {
            first.halt();
            UringSpec other = RestartRing.spec(provider).withDomains(3); // another layout, another fingerprint
            RegionFormatException e = assertThrows(RegionFormatException.class, () -> UringKernel.builder(other)
                    .provider(provider).reattach(file).build());
            assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains("fingerprint"), "names the mismatch: " + e.getMessage());
        } finally {
            first.close();
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aKernelDoesNotTakeOverARingWhoseKernelIsAlive() throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-alive-", ".vvar");
        try (UringKernel first = RestartRing.kernel(provider, file, false, new TestDevice(4096, 0))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RestartRing.kernel(provider, file, true, new TestDevice(4096, 0)));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("still served"), e.getMessage());
            assertEquals(1, first.control().kernelGeneration(), "the refused kernel did not bump the generation");
        }
    }

    @Test
    void aSlowRequestOfTheLiveGenerationIsNeverFailed() {
        InFlightRequests t = new InFlightRequests(8);
        assertTrue(t.track(1, 0, 1));
        assertTrue(t.track(2, 0, 2));
        List<Long> failed = new ArrayList<>();
        assertEquals(0, t.expire(1_000_000_000L, 10, 1, failed::add), "generation 1 is the live one");
        assertEquals(1, t.expire(1_000_000_000L, 10, 2, failed::add));
        assertEquals(List.of(1L), failed, "only the earlier generation's old request fails");
        assertEquals(0, t.expire(2_000_000_000L, 10, 2, failed::add), "a failed request is failed once");
        assertFalse(t.complete(1), "its late CQE is dropped");
        assertEquals(1, t.late());
        assertTrue(t.complete(2));
        assertFalse(t.complete(2), "a second CQE for the same request is dropped");
        assertFalse(t.complete(99));
        assertEquals(2, t.unknown());
        assertEquals(0, t.pending());
    }

    @Test
    void theTableStaysConsistentUnderChurnAndForgetsOldFailuresWhenFull() {
        InFlightRequests t = new InFlightRequests(64);
        long next = 0;
        for (int round = 0; round < 2_000; round++) {
            for (int i = 0; i < 40 && t.pending() < 60; i++) {
                assertTrue(t.track(next++, round, 1));
            }
            for (long id = next - 40; id < next; id += 3) {
                if (id >= 0 && t.isPending(id)) {
                    assertTrue(t.complete(id));
                }
            }
            t.expire(round, 5, 2, id -> { });
        }
        assertTrue(t.pending() <= 64);
        assertEquals(next, t.completed() + t.failed() + t.pending(), "every tracked request is counted once");
        assertThrows(IllegalArgumentException.class, () -> {
            InFlightRequests d = new InFlightRequests(4);
            d.track(7, 0, 1);
            d.track(7, 0, 1);
        });
    }
}
