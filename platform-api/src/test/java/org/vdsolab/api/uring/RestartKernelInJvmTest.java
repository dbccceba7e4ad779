package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;
import org.vdsolab.api.uring.UringControl.Counter;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel crashes mid-stream (its pollers stop without draining: the SQEs they popped and the
 * completions they staged are lost; its token is declared dead) and a second kernel reattaches to
 * the same region file, while one user domain keeps submitting through the crash, the dead window
 * and the restart. Every request ends exactly once, completed or failed by
 * {@link InFlightRequests}, and no CQE is unknown.
 *
 * <p>Run here with the test kit's locked deque (the only provider platform-api's tests can see);
 * {@link #crashAndRestart} takes any provider so the queue modules can run it with theirs.
 */
class RestartKernelInJvmTest {


    @Test
    void everyRequestEndsExactlyOnceAcrossAKernelCrashAndReattach() throws Exception {
        crashAndRestart(new LockedDequeProvider());
    }

    static void crashAndRestart(QueueProvider provider) throws Exception {
        Path file = Files.createTempFile(SharedRegion.defaultDirectory(), "vdsolab-restart-", ".vvar");
        TestDevice device = new TestDevice(64 * RestartLedger.LEN, RestartRing.LATENCY_NANOS);
        UringKernel first = RestartRing.kernel(provider, file, false, device).startPollers();
        UringKernel second = null;
        try (UringUser user = UringUser.attach(file, RestartRing.spec(provider), provider, 0, RestartRing.credential())) {
            assertEquals(1, user.kernelGeneration());
            RestartLedger ledger = new RestartLedger(user, 1024);
            ledger.submitUntil(300, () -> false, "before the crash");

            // Crash at a chosen step: when the first kernel has popped everything submitted so far and
            // holds some of it in its private timers (the device takes 200 ms per request).
            ledger.submitWhileRoom(16);
            StallGuard.until("the first kernel to pop what was submitted", () -> first.total(Counter.SQES) >= ledger.submitted(),
                    () -> first.total(Counter.SQES));
            long poppedBeforeCrash = first.total(Counter.SQES);
            first.halt();
            // After halt the pollers' threads have ended: their private state is read safely here.
            int heldInTimers = first.poller(0).pendingTimers() + first.poller(1).pendingTimers();
            assertTrue(heldInTimers > 0, "the crash came while the kernel held popped, unanswered SQEs");
            long lostWithKernel = ledger.inFlight().pending();

            // The dead window: the user keeps submitting into the SQ nobody serves.
            int deadWindow = ledger.submitWhileRoom(20); // into the SQ nobody serves, as far as the SQ and the ledger take them

            second = RestartRing.kernel(provider, file, true, device).startPollers();
            assertEquals(2, second.generation());
            assertEquals(2, user.kernelGeneration(), "the user sees the new kernel generation");
            assertTrue(second.sweeper().sweeps() >= 1, "the reattached kernel swept before serving");

            ledger.submitUntil(ledger.submitted() + 300, () -> false, "after the restart");
            ledger.drain("after the restart");

            ledger.assertEveryRequestEndedOnce();
            assertTrue(ledger.inFlight().failed() >= heldInTimers, "the " + heldInTimers + " SQEs the dead kernel held"
                    + " were failed: " + ledger.summary());
            assertTrue(ledger.inFlight().failed() <= lostWithKernel + deadWindow, "only requests of the dead generation"
                    + " fail (a live kernel's request never does): " + ledger.summary() + ", lost with the kernel "
                    + lostWithKernel + ", dead window " + deadWindow + ", popped before crash " + poppedBeforeCrash);
            assertEquals(0, device.outOfBounds.get());
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
            Files.deleteIfExists(file);
        }
    }
}
