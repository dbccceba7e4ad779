package org.vdsolab.api.queue.testkit.selftest;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.LincheckMode;
import org.vdsolab.api.queue.testkit.LincheckRunner;
import org.vdsolab.api.queue.testkit.OperationFamily;
import org.vdsolab.api.queue.testkit.QueueLincheckTest;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lincheck harness must catch each deliberate flaw, and the expected-violation hook must be a real assertion. */
@Tag("slow")
class LincheckHarnessSelfTest {

    /** A harness instance over {@code provider}, declaring {@code expected} non-linearizable. */
    private static QueueLincheckTest harness(QueueProvider provider, Set<OperationFamily> expected) {
        return new QueueLincheckTest() {
            @Override protected String providerName() { return provider.name(); }
            @Override protected QueueProvider provider() { return provider; }
            @Override protected Set<OperationFamily> expectedNonLinearizable() { return expected; }
        };
    }

    private static LincheckRunner.Outcome run(LockedDequeProvider.Flaw flaw, OperationFamily family, LincheckMode mode) {
        return LincheckRunner.run(new LockedDequeProvider(flaw), family, mode, false);
    }

    @Test
    void modelCheckingCatchesARacyClaimOverTheHeap() {
        LincheckRunner.Outcome o = run(LockedDequeProvider.Flaw.RACY_PUSH_BACK, OperationFamily.FIFO, LincheckMode.MODEL_CHECKING);
        assertTrue(o.violation(), o.report());
    }

    @Test
    void stressCatchesARacyClaimOverAMappedFile() {
        LincheckRunner.Outcome o = run(LockedDequeProvider.Flaw.RACY_PUSH_BACK, OperationFamily.FIFO, LincheckMode.STRESS);
        assertTrue(o.violation(), o.report());
    }

    @Test
    void wrongOrderIsCaught() {
        LincheckRunner.Outcome o = run(LockedDequeProvider.Flaw.LIFO_POP_FRONT, OperationFamily.FIFO, LincheckMode.MODEL_CHECKING);
        assertTrue(o.violation(), o.report());
    }

    @Test
    void aWrongFullAnswerIsCaught() {
        LincheckRunner.Outcome o = run(LockedDequeProvider.Flaw.CAPACITY_ONE_SHORT, OperationFamily.BATCH, LincheckMode.MODEL_CHECKING);
        assertTrue(o.violation(), o.report());
    }

    @Test
    void aDeclaredViolationPassesWhenFound() {
        harness(new LockedDequeProvider(LockedDequeProvider.Flaw.RACY_PUSH_BACK), Set.of(OperationFamily.FIFO))
                .linearizabilityCheck(OperationFamily.FIFO, LincheckMode.MODEL_CHECKING, true);
    }

    @Test
    void aDeclaredViolationThatIsNotFoundFailsTheTest() {
        QueueLincheckTest correct = harness(new LockedDequeProvider(), Set.of(OperationFamily.FIFO));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> correct.linearizabilityCheck(OperationFamily.FIFO, LincheckMode.MODEL_CHECKING, true));
        assertTrue(e.getMessage().contains("found no violation"), e.getMessage());
    }
}
