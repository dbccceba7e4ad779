package org.vdsolab.api.uring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real kernel death: the kernel runs in a child JVM ({@link RestartKernelMain}), this JVM is a
 * user domain that keeps submitting; the child is killed with {@link ChildJvm#killTree()}
 * (destroyForcibly: SIGKILL) and a new child reattaches to the same region file. Every request ends
 * exactly once (completed, or failed by {@link InFlightRequests}), no CQE is unknown.
 *
 * <p>The kill comes at a chosen step: the child first stops its pollers without draining (so the
 * SQEs they popped die with it), then is SIGKILLed. That keeps the test deterministic with the
 * test kit's locked deque, whose spin lock a kill at a random instruction could leave held for
 * ever (it has no OWNER_RECOVERY); a random-instant kill belongs with the lock-free designs.
 */
@Tag("slow")
class RestartKernelChildJvmTest {


    @Test
    void aKilledKernelProcessIsReplacedAndEveryRequestEndsExactlyOnce() throws Exception {
        LockedDequeProvider provider = new LockedDequeProvider();
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-restart-child-", ".vvar");
        Files.delete(file); // the first kernel creates it
        ChildJvm first = kernelChild(file, "create");
        ChildJvm second = null;
        try {
            awaitLine(first, "READY 1", null);
            try (UringUser user = UringUser.attach(file, RestartRing.spec(provider), provider, 0, RestartRing.credential())) {
                RestartLedger ledger = new RestartLedger(user, 1024);
                ledger.submitUntil(200, () -> false, "before the kill");

                // Kill at a chosen step: the child freezes its pollers (keeping what they popped), then SIGKILL.
                Files.createFile(RestartKernelMain.marker(file, "halt"));
                awaitLine(first, "HALTED", ledger);
                Files.delete(RestartKernelMain.marker(file, "halt")); // the next kernel must not see it
                long atKill = ledger.inFlight().pending();
                first.killTree();
                assertFalse(first.isAlive(), "the first kernel process is gone");
                int deadWindow = ledger.submitWhileRoom(20); // into the SQ nobody serves, as far as the SQ and the ledger take them

                second = kernelChild(file, "reattach");
                awaitLine(second, "READY 2", ledger);
                assertEquals(2, user.kernelGeneration(), "the user sees the new kernel generation");

                try {
                    ledger.submitUntil(ledger.submitted() + 200, () -> false, "after the restart");
                    ledger.drain("after the restart");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; " + ledger.summary() + "; second kernel's stdout:\n"
                            + second.stdout() + "stderr:\n" + second.stderrTail(ChildJvm.TAIL_LINES), e);
                }
                ledger.assertEveryRequestEndedOnce();
                assertTrue(ledger.inFlight().failed() <= atKill + deadWindow, "only requests of the killed generation"
                        + " fail: " + ledger.summary() + ", pending at the kill " + atKill + ", dead window " + deadWindow);
            }
            Files.createFile(RestartKernelMain.marker(file, "stop"));
            awaitLine(second, "STOPPED", null);
            second.awaitSuccess(StallGuard.EVENT_BOUND);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            Files.deleteIfExists(RestartKernelMain.marker(file, "halt"));
            Files.deleteIfExists(RestartKernelMain.marker(file, "stop"));
            Files.deleteIfExists(file);
        }
    }

    private static ChildJvm kernelChild(Path file, String mode) {
        return ChildJvm.builder(RestartKernelMain.class.getName()).name("uring-kernel-" + mode)
                .args(file.toString(), mode).jvmFlags("--enable-native-access=ALL-UNNAMED", "-Xmx128m").start();
    }

    /** Waits (up to the event bound) for {@code line} on the child's stdout, serving the user's ledger meanwhile. */
    private static void awaitLine(ChildJvm child, String line, RestartLedger ledger) throws InterruptedException {
        long deadline = System.nanoTime() + StallGuard.EVENT_BOUND.toNanos();
        while (!child.stdout().contains(line)) {
            if (!child.isAlive() && !child.stdout().contains(line)) {
                throw new AssertionError("kernel child " + child + " exited before printing '" + line + "'; stderr:\n"
                        + child.stderrTail(ChildJvm.TAIL_LINES));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("kernel child " + child + " did not print '" + line + "' within " + StallGuard.EVENT_BOUND.toSeconds() + " s; stderr:\n"
                        + child.stderrTail(ChildJvm.TAIL_LINES));
            }
            if (ledger != null) {
                ledger.service();
            }
            Thread.sleep(2);
        }
    }
}
