package org.vdsolab.disruptor;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.queue.testkit.LincheckMode;
import org.vdsolab.api.queue.testkit.OperationFamily;

/**
 * The kit's FIFO linearizability check for {@code disruptor} with
 * {@link ClaimStrategy#COMPARE_AND_SET} claims (the Disruptor's {@code tryNext()}): the family the
 * default GET_AND_ADD claim cannot pass (see {@link DisruptorLincheckTest}), here checked in full,
 * ring wrap-around included (capacity 4).
 */
@Tag("slow")
class DisruptorCasFifoLincheckTest {

    @Test
    void modelCheckingOverTheHeapBackend() {
        CasLincheck.assertLinearizable(OperationFamily.FIFO, LincheckMode.MODEL_CHECKING);
    }

    @Test
    void stressOverTheMappedBackend() {
        CasLincheck.assertLinearizable(OperationFamily.FIFO, LincheckMode.STRESS);
    }
}
