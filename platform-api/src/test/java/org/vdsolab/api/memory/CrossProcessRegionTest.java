package org.vdsolab.api.memory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.process.ChildJvm;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vvar is shared across address spaces: a region created here and attached from a second JVM
 * sees one word, and compare-and-set increments from both processes add up exactly.
 */
@Tag("slow")
class CrossProcessRegionTest {

    static final int INCREMENTS = 200_000;

    static VvarLayout layout() {
        return VvarLayout.builder("cross-process-test").global("counter", 8).global("ready", 8).global("go", 8).build(1);
    }

    /** Child: attach, wait for the start flag, do N CAS increments, exit 0. */
    public static final class Incrementer {
        public static void main(String[] args) {
            try (SharedRegion r = SharedRegion.attach(Path.of(args[0]), layout())) {
                r.memory().setLongRelease(r.offset("ready"), 1);
                casIncrements(r, Integer.parseInt(args[1]));
            }
        }
    }

    static void casIncrements(SharedRegion r, int n) {
        WordMemory m = r.memory();
        long counter = r.offset("counter");
        long go = r.offset("go");
        while (m.getLongAcquire(go) == 0) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < n; i++) {
            long v;
            do {
                v = m.getLongVolatile(counter);
            } while (!m.compareAndSetLong(counter, v, v + 1));
        }
    }

    @Test
    void compareAndSetIncrementsFromTwoJvmsAddUp() throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-xproc-", ".vvar");
        try (SharedRegion region = SharedRegion.create(file, layout(), true);
             ChildJvm child = ChildJvm.builder(Incrementer.class.getName())
                     .args(file.toString(), String.valueOf(INCREMENTS))
                     .jvmFlags("--enable-native-access=ALL-UNNAMED")
                     .start()) {
            // Wait until the child has attached, then start both at once so the CASes contend.
            long deadline = System.nanoTime() + StallGuard.EVENT_BOUND.toNanos();
            while (region.memory().getLongAcquire(region.offset("ready")) == 0) {
                if (System.nanoTime() > deadline || !child.isAlive()) {
                    child.awaitSuccess(Duration.ofSeconds(1));
                    throw new AssertionError("child never attached");
                }
                Thread.sleep(1);
            }
            region.memory().setLongRelease(region.offset("go"), 1);
            casIncrements(region, INCREMENTS);
            child.awaitSuccess(StallGuard.EVENT_BOUND);
            assertEquals(2L * INCREMENTS, region.memory().getLongVolatile(region.offset("counter")),
                    "every CAS increment from both processes is counted exactly once");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
