package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vdsolab.api.workload.WorkloadResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.assertExactlyOnce;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.run;
import static org.vdsolab.experiments.workloads.QueueStressWorkloadTest.show;

/**
 * queue-stress with every producer and consumer in a JVM process of its own, attached to one
 * mapped region: the required results of the exactly-once stress at moderate sizes (the committed config
 * experiments/configs/stress-exactly-once.yaml runs them at 10^7 records).
 */
@Tag("slow")
class QueueStressProcessesTest {

    private static final long RECORDS = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"disruptor", "vsched"})
    void mpmcDesignsAreExactlyOnceWithTwoProducerAndTwoConsumerProcesses(String queue) throws Exception {
        WorkloadResult r = run("queue", queue, "producers", "2", "consumers", "2", "mode", "processes",
                "records", Long.toString(RECORDS), "capacity", "256", "record_bytes", "64");
        show(queue + " processes 2P2C", r);
        assertEquals(2, r.counters().get("consumers_effective"));
        assertExactlyOnce(queue + " processes 2P2C", r, RECORDS);
    }

    @Test
    void spscWithARingPerProducerProcessIsExactlyOnce() throws Exception {
        WorkloadResult r = run("queue", "spsc", "producers", "2", "consumers", "1", "mode", "processes",
                "records", Long.toString(RECORDS), "capacity", "256", "record_bytes", "64", "batch", "8");
        show("spsc processes 2P1C", r);
        assertExactlyOnce("spsc processes 2P1C", r, RECORDS);
    }

    /**
     * The shared-ring race (question Q7): with sqe_head/sqe_tail shared, one producer's submit publishes
     * slots another producer is still filling, and the consumer reads them half-written. Whether a
     * given run catches a producer mid-write is up to the scheduler, so the test repeats a bounded
     * number of runs until torn records appear, and reports torn records per million. Records are
     * written in place (push: slot, as get_sqe / fill / submit) and are 4096 bytes, which widens the
     * write window: at 64 bytes the race tears about 1-10 records per million (10^7 records: 92
     * torn, and as many stale intact records from an older lap, counted as duplicated and lost),
     * too rare for a bounded test; at 4096 bytes it tore 400-1000 of 200,000 in every trial run.
     */
    @Test
    void spscSharedTearsRecordsWithTwoProducerProcesses() throws Exception {
        int maxRuns = 5;
        long tornTotal = 0;
        long recordsTotal = 0;
        int runs = 0;
        while (runs < maxRuns && tornTotal == 0) {
            runs++;
            WorkloadResult r = run("queue", "spsc-shared", "producers", "2", "consumers", "1", "mode", "processes",
                    "records", Long.toString(RECORDS), "capacity", "64", "record_bytes", "4096", "push", "slot");
            show("spsc-shared processes 2P1C run " + runs, r);
            QueueStressWorkloadTest.assertCountsAddUp("spsc-shared run " + runs, r);
            tornTotal += r.counters().get("torn");
            recordsTotal += r.counters().get("records");
        }
        System.out.printf("[queue-stress] spsc-shared: %d torn in %,d records over %d run(s) = %.1f torn per million%n",
                tornTotal, recordsTotal, runs, tornTotal * 1e6 / Math.max(1, recordsTotal));
        assertTrue(tornTotal > 0, "spsc-shared tore no record in " + runs + " runs of " + RECORDS
                + " records with 2 producer processes: the shared sqe_tail race did not show");
    }
}
