package org.vdsolab.api.queue.testkit;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider;
import org.vdsolab.api.queue.testkit.selftest.LockedDequeProvider.Flaw;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract kit must catch each deliberate flaw of the reference queue (the correct queue
 * passing it is {@code selftest.LockedDequeContractTest}).
 */
class ContractKitSelfTest {

    private static QueueContractTest kitFor(Flaw flaw) {
        return new QueueContractTest() {
            @Override protected String providerName() { return provider().name(); }
            @Override protected QueueProvider provider() { return new LockedDequeProvider(flaw); }
        };
    }

    private static void caught(String what, Executable check) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, check, "the kit missed: " + what);
        System.out.println("[testkit] caught " + what + ": " + e.getMessage().lines().findFirst().orElse(""));
    }

    @Test
    void catchesWrongOrder() {
        caught("LIFO popFront", () -> kitFor(Flaw.LIFO_POP_FRONT).fifoOrderAcrossManyWrapArounds(Backend.HEAP, 16));
    }

    @Test
    void catchesAWrongCapacity() {
        caught("capacity one short", () -> kitFor(Flaw.CAPACITY_ONE_SHORT).capacityFullAndEmpty(Backend.MAPPED, 8));
        caught("capacity one short in batches",
                () -> kitFor(Flaw.CAPACITY_ONE_SHORT).batchesOfEverySizeWithPartialSuccess(Backend.HEAP, 64));
    }

    @Test
    void catchesAnUndeclaredOperationThatWorks() {
        caught("pushFront works without DOUBLE_ENDED",
                () -> kitFor(Flaw.UNDECLARED_DOUBLE_ENDED).undeclaredOperationsThrowUnsupportedOperationException(Backend.HEAP));
        caught("deque ends work without DOUBLE_ENDED",
                () -> kitFor(Flaw.UNDECLARED_DOUBLE_ENDED).dequeSemanticsAtBothEnds(Backend.MAPPED));
    }

    @Test
    void catchesLostRecordsUnderThreads() throws Throwable {
        List<DynamicTest> tests = kitFor(Flaw.RACY_PUSH_BACK).exactlyOnceUnderThreads().toList();
        assertTrue(!tests.isEmpty(), "an EXACTLY_ONCE provider gets the threaded check");
        DynamicTest mapped = tests.get(tests.size() - 1);
        caught("a racy claim under 2 producer threads", mapped.getExecutable());
    }
}
