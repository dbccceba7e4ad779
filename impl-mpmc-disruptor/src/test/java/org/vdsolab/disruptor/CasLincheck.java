package org.vdsolab.disruptor;

import org.vdsolab.api.queue.testkit.LincheckMode;
import org.vdsolab.api.queue.testkit.LincheckRunner;
import org.vdsolab.api.queue.testkit.OperationFamily;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Runs one of the kit's Lincheck checks ({@link LincheckRunner}: its scenarios, its bounded-deque
 * specification, its budget) on {@code disruptor} with {@link ClaimStrategy#COMPARE_AND_SET}.
 * The kit's {@code QueueLincheckTest} runs every family in one class; the CAS variant's families
 * are split into one class each so that no test class runs for a minute on two busy cores.
 */
final class CasLincheck {

    private CasLincheck() { }

    static void assertLinearizable(OperationFamily family, LincheckMode mode) {
        LincheckRunner.Outcome outcome = LincheckRunner.run(
                DisruptorQueueProvider.withClaimStrategy(ClaimStrategy.COMPARE_AND_SET), family, mode, true);
        assertFalse(outcome.violation(), () -> "disruptor (COMPARE_AND_SET) " + family + " under " + mode + " over "
                + mode.backend() + " is not linearizable:\n" + outcome.report());
        System.out.println("[disruptor] COMPARE_AND_SET " + outcome.report());
    }
}
