package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.queue.testkit.LincheckMode;
import org.vdsolab.api.queue.testkit.LincheckRunner;
import org.vdsolab.api.queue.testkit.OperationFamily;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's BATCH check for {@code disruptor} with {@link ClaimStrategy#COMPARE_AND_SET} claims
 * (the Disruptor's {@code tryNext()}). Expected to FAIL, and asserted to: a partial
 * {@code pushMultiple(AS_MANY_AS_FIT)} fixes its count from the consumer cursor it read before its
 * CAS on the producer cursor, so pops that free room in between are not counted (the kit's
 * targeted partial-batch scenario finds it deterministically). The producer and consumer cursors
 * are separate words, so no single CAS can check both; see the module README. Model checking only:
 * a documented flaw is not hunted by stress.
 */
@Tag("slow")
class DisruptorCasBatchLincheckTest {

    @Test
    void modelCheckingFindsThePartialBatchWindow() {
        LincheckRunner.Outcome outcome = LincheckRunner.run(
                DisruptorQueueProvider.withClaimStrategy(ClaimStrategy.COMPARE_AND_SET), OperationFamily.BATCH,
                LincheckMode.MODEL_CHECKING, true);
        assertTrue(outcome.violation(), () -> "expected the model checker to find the partial-batch window of the "
                + "COMPARE_AND_SET claim, but it reported none:\n" + outcome.report());
        System.out.println("[disruptor] COMPARE_AND_SET BATCH (expected violation found) " + outcome.report().lines().limit(20)
                .reduce("", (a, b) -> a + "\n" + b));
    }
}
