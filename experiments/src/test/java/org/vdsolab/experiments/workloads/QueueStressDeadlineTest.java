package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.workload.WorkloadResult;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * queue-stress with a deadline ({@code run.duration_s}): the producers stop sending at it, what
 * they sent is delivered exactly once, and what they never sent is neither lost nor unpublished;
 * when the records run out first, a note says so. The records cap is far more than any producer
 * could send before the deadline, so the deadline is what ends these runs however loaded the
 * machine is.
 */
@Tag("slow")
class QueueStressDeadlineTest {

    private static final long CAP = 20_000_000;
    private static final long DEADLINE = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void closedLoopThreadsStopAtTheDeadlineAndLoseNothing() throws Exception {
        assertStoppedAtDeadline("threads closed", run(DEADLINE, "queue", "vsched", "producers", "2", "consumers", "2",
                "records", Long.toString(CAP)), 2);
    }

    @Test
    void batchedPushesStopAtTheDeadlineAndLoseNothing() throws Exception {
        assertStoppedAtDeadline("threads batch 8", run(DEADLINE, "queue", "disruptor", "producers", "2", "consumers", "1",
                "batch", "8", "records", Long.toString(CAP)), 2);
    }

    @Test
    void inPlacePushesStopAtTheDeadlineAndLoseNothing() throws Exception {
        assertStoppedAtDeadline("threads slot", run(DEADLINE, "queue", "spsc", "producers", "1", "consumers", "1",
                "push", "slot", "records", Long.toString(CAP)), 1);
    }

    @Test
    void openLoopProducersStopAtTheDeadline() throws Exception {
        WorkloadResult r = run(DEADLINE, "queue", "vsched", "producers", "2", "consumers", "1", "records", Long.toString(CAP),
                "load.type", "open", "load.rate", "100000", "load.arrival", "poisson");
        assertStoppedAtDeadline("threads open loop", r, 2);
    }

    @Test
    void childProcessesReadTheDeadlineFromTheRegion() throws Exception {
        assertStoppedAtDeadline("processes", run(DEADLINE, "queue", "vsched", "producers", "2", "consumers", "1",
                "mode", "processes", "records", Long.toString(CAP)), 2);
    }

    @Test
    void whenTheRecordsRunOutFirstANoteSaysSo() throws Exception {
        WorkloadResult r = run(TimeUnit.SECONDS.toNanos(600), "queue", "vsched", "producers", "2", "consumers", "1",
                "records", "10000");
        QueueStressWorkloadTest.assertExactlyOnce("records first", r, 10_000);
        assertEquals(0, r.counters().get("producers_at_deadline"), r.counters().toString());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().getFirst().startsWith("run.duration_s: every producer sent its whole share of records (10000)"),
                r.notes().toString());
    }

    private static WorkloadResult run(long durationNanos, String... keyValues) throws Exception {
        WorkloadResult r = new QueueStressWorkload().run(TestContext.of(keyValues).withDuration(durationNanos));
        QueueStressWorkloadTest.show("deadline", r);
        return r;
    }

    private static void assertStoppedAtDeadline(String what, WorkloadResult r, long producers) {
        Map<String, Long> c = r.counters();
        QueueStressWorkloadTest.assertCountsAddUp(what, r);
        assertEquals(producers, c.get("producers_at_deadline"), "the deadline stopped every producer: " + what + " " + c);
        assertTrue(c.get("records") > 0 && c.get("records") < CAP, "some, not all, of the cap was sent: " + what + " " + c);
        assertEquals(c.get("pushed"), c.get("records"), "what was sent was delivered: " + what + " " + c);
        assertEquals(0, c.get("lost"), what + " " + c);
        assertEquals(0, c.get("duplicated"), what + " " + c);
        assertEquals(0, c.get("torn"), what + " " + c);
        assertEquals(0, c.get("unpublished"), "records after the deadline are not unpublished: " + what + " " + c);
        assertEquals(0, c.get("out_of_order_per_producer"), what + " " + c);
        assertTrue(r.notes().isEmpty(), r.notes().toString());
    }
}
