package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.experiments.testing.ChildProcesses;
import org.vdsolab.api.memory.RegionFormatException;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.workload.WorkloadResult;
import org.vdsolab.experiments.testing.WorkloadUnderTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * queue-stress in process mode with a child JVM SIGKILLed from outside (by this test, never by the
 * workload), before and after it said ready: the repetition completes with its counters, counts
 * the death in {@code unplanned_deaths}, notes the party, the signal and when, and its counters
 * add up without claiming what did not happen (what the dead party never published, or took and
 * never reported, is lost and says so).
 */
@Tag("slow")
class QueueStressUnplannedDeathTest {

    private static final long RECORDS = 1_000_000;
    private static final String[] PARAMS = {"queue", "vsched", "producers", "2", "consumers", "2", "mode", "processes",
            "records", Long.toString(RECORDS), "capacity", "256", "record_bytes", "64"};

    @Test
    void aProducerKilledBeforeItWasReadyLosesExactlyItsShare() throws Exception {
        WorkloadUnderTest run = start();
        // Killed the moment its JVM runs our main: long before it can attach the region and say ready.
        ProcessHandle child = run.await("producer 1's child", () -> child("producer", 1));
        child.destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = assertCommon(r, "producer 1 was killed by signal 9 before it was ready");
        long share = RECORDS / 2;
        assertEquals(share, c.get("lost"), "producer 1's whole share is lost, nothing else: " + c);
        assertEquals(share, c.get("unpublished"), c.toString());
        assertEquals(0, c.get("abandoned"), c.toString());
        assertEquals(share, c.get("pushed"), "producer 0 pushed its share: " + c);
        assertEquals(share, c.get("records"), c.toString());
    }

    @Test
    void aProducerKilledAfterItWasReadyLosesOnlyWhatItNeverPublished() throws Exception {
        WorkloadUnderTest run = start();
        awaitReady(run, "producer", 1);
        child("producer", 1).orElseThrow(() -> new AssertionError("producer 1's child is gone already")).destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = assertCommon(r, "producer 1 was killed by signal 9 after it was ready");
        assertEquals(c.get("unpublished") + c.get("abandoned"), c.get("lost"),
                "every record certainly published was delivered; the lost ones are those producer 1 never pushed: " + c);
        assertTrue(c.get("pushed") <= c.get("records") && c.get("records") <= c.get("pushed") + 1,
                "delivered = certainly published, plus at most the one in flight: " + c);
        assertEquals(0, c.get("unreported"), c.toString());
    }

    @Test
    void aConsumerKilledAfterItWasReadyLosesWhatItTookAndTheOtherConsumerDrainsTheRest() throws Exception {
        WorkloadUnderTest run = start();
        awaitReady(run, "consumer", 1);
        child("consumer", 1).orElseThrow(() -> new AssertionError("consumer 1's child is gone already")).destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = assertCommon(r, "consumer 1 was killed by signal 9 after it was ready");
        assertEquals(0, c.get("unpublished"), "both producers pushed their shares: " + c);
        assertEquals(RECORDS, c.get("pushed"), c.toString());
        long beyond = c.get("lost") - c.get("unreported");
        assertTrue(beyond >= 0 && beyond <= 1, "lost is what consumer 1 took and never reported, plus at most the record it "
                + "was taking when it died: " + c);
    }

    @Test
    void aProducerKilledMidRunLosesOnlyWhatItNeverPublished() throws Exception {
        WorkloadUnderTest run = start();
        awaitProgress(run, "producer", 1, StressRegion.PUBLISHED);
        child("producer", 1).orElseThrow(() -> new AssertionError("producer 1's child is gone already")).destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = assertCommon(r, "producer 1 was killed by signal 9 after it was ready");
        assertEquals(c.get("unpublished") + c.get("abandoned"), c.get("lost"),
                "every record certainly published was delivered; the lost ones are those producer 1 never pushed: " + c);
        assertTrue(c.get("pushed") <= c.get("records") && c.get("records") <= c.get("pushed") + 1,
                "delivered = certainly published, plus at most the one in flight: " + c);
        assertTrue(c.get("records") > RECORDS / 2, "producer 1 had published some records before it died: " + c);
    }

    @Test
    void aConsumerKilledMidRunLosesWhatItTookAndTheOtherConsumerDrainsTheRest() throws Exception {
        WorkloadUnderTest run = start();
        awaitProgress(run, "consumer", 1, StressRegion.TAKEN);
        child("consumer", 1).orElseThrow(() -> new AssertionError("consumer 1's child is gone already")).destroyForcibly();
        WorkloadResult r = run.result();
        Map<String, Long> c = assertCommon(r, "consumer 1 was killed by signal 9 after it was ready");
        assertEquals(RECORDS, c.get("pushed"), "both producers pushed their shares: " + c);
        assertTrue(c.get("unreported") > 0, "consumer 1 had taken records before it died: " + c);
        long beyond = c.get("lost") - c.get("unreported");
        assertTrue(beyond >= 0 && beyond <= 1, "lost is what consumer 1 took and never reported, plus at most the record it "
                + "was taking when it died: " + c);
    }

    /** The assertions every case shares; returns the counters. */
    private static Map<String, Long> assertCommon(WorkloadResult r, String event) {
        Map<String, Long> c = r.counters();
        System.out.println("[queue-stress unplanned death] " + c + " " + r.notes());
        assertEquals(1, c.get("unplanned_deaths"), c.toString());
        assertEquals(0, c.get("stopped"), "the other parties carried on to the end: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("torn"), c.toString());
        assertEquals(RECORDS, c.get("records") + c.get("lost"), "every record is either delivered or lost: " + c);
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().getFirst().startsWith(event), "note " + r.notes() + " should say: " + event);
        return c;
    }

    private static WorkloadUnderTest start() {
        WorkloadUnderTest run = WorkloadUnderTest.start("queue-stress-under-test", () -> new QueueStressWorkload().run(TestContext.of(PARAMS)));
        return run;
    }

    /** Waits until the party's ready flag is set in the run's region. */
    private static void awaitReady(WorkloadUnderTest run, String role, int id) throws Exception {
        Path file = run.await("the run's region file", QueueStressUnplannedDeathTest::regionFile);
        StressConfig config = StressConfig.parse(TestContext.of(PARAMS).params(), 42);
        try (StressRegion region = run.await("a readable region", () -> attach(file, config))) {
            long line = role.equals("producer") ? region.producerLine(id) : region.consumerLine(id);
            run.await(role + " " + id + " ready", () -> region.isReady(line) ? Optional.of(true) : Optional.empty());
        }
    }

    /** Waits until the party's progress word {@code field} is non-zero: it is moving records. */
    private static void awaitProgress(WorkloadUnderTest run, String role, int id, long field) throws Exception {
        Path file = run.await("the run's region file", QueueStressUnplannedDeathTest::regionFile);
        StressConfig config = StressConfig.parse(TestContext.of(PARAMS).params(), 42);
        try (StressRegion region = run.await("a readable region", () -> attach(file, config))) {
            long line = role.equals("producer") ? region.producerLine(id) : region.consumerLine(id);
            run.await(role + " " + id + " moving records",
                    () -> region.progress(line, field) > 0 ? Optional.of(true) : Optional.empty());
        }
    }

    /** The live child JVM of the party: its arguments start "ROLE ID". */
    private static Optional<ProcessHandle> child(String role, int id) {
        String marker = QueueStressChild.class.getName() + " " + role + " " + id + " ";
        return ChildProcesses.descendant(marker);
    }

    private static Optional<Path> regionFile() {
        String prefix = "vdsolab-queue-stress-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(SharedRegion.defaultDirectory())) {
            List<Path> mine = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            return mine.size() == 1 ? Optional.of(mine.getFirst()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<StressRegion> attach(Path file, StressConfig config) {
        try {
            return Optional.of(StressRegion.attach(file, config));
        } catch (RegionFormatException e) {
            return Optional.empty(); // its creator has not finished writing the header yet
        }
    }
}
