package org.vdsolab.experiments.faults;

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
 * A producer child of fault-kill-producer SIGKILLed from outside (by this test, not by the
 * workload), before and after it said ready: the repetition completes, counts the death in
 * {@code unplanned_deaths}, notes the signal, loses nothing, and counts only the planned halt in
 * {@code halts}.
 */
@Tag("slow")
class KillProducerUnplannedDeathTest {

    private static final String[] PARAMS = {"queue", "vsched", "producers", "2", "records", "400000", "capacity", "256",
            "kills", "0", "halt_at", "2000", "sweep_ms", "5", "stall_limit_ms", "3000"};

    @Test
    void aProducerKilledBeforeItWasReadyIsReplacedAndNoted() throws Exception {
        WorkloadUnderTest run = start();
        // Producer 1's first child (stream 1): killed the moment its JVM runs our main, long before it can be ready.
        ProcessHandle child = run.await("producer 1's child", () -> producerChild(1, 1));
        child.destroyForcibly();
        assertOutcome(run.result(), "producer 1 was killed by signal 9 before it was ready");
    }

    @Test
    void aProducerKilledAfterItWasReadyIsReplacedAndNoted() throws Exception {
        WorkloadUnderTest run = start();
        Path file = run.await("the run's region file", KillProducerUnplannedDeathTest::regionFile);
        KillProducerParams p = KillProducerParams.parse(FaultTestContext.of(PARAMS).params());
        try (KillProducerRegion region = run.await("a readable region", () -> attach(file, p))) {
            run.await("stream 1 ready", () -> region.flag(1, KillProducerRegion.READY) ? Optional.of(true) : Optional.empty());
        }
        ProcessHandle child = producerChild(1, 1).orElseThrow(() -> new AssertionError("stream 1's child is gone already"));
        child.destroyForcibly();
        assertOutcome(run.result(), "producer 1 was killed by signal 9 after it was ready");
    }

    private static void assertOutcome(WorkloadResult r, String event) {
        Map<String, Long> c = r.counters();
        assertEquals(1, c.get("unplanned_deaths"), c.toString());
        assertEquals(1, c.get("halts"), "only the planned halt of producer 0 is a halt: " + c);
        assertEquals(0, c.get("kills"), "the workload itself killed nobody: " + c);
        assertEquals(0, c.get("lost"), c.toString());
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("torn"), c.toString());
        assertEquals(400_000, c.get("published"), "the replacements published every share: " + c);
        assertEquals(c.get("published"), c.get("records"), c.toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith(event)), "notes " + r.notes() + " should say: " + event);
    }

    private static WorkloadUnderTest start() {
        WorkloadUnderTest run = WorkloadUnderTest.start("kill-producer-under-test", () -> new KillProducerWorkload().run(FaultTestContext.of(PARAMS)));
        return run;
    }

    /** The live child of {@code stream} (producer {@code id}): its arguments start "STREAM ID". */
    private static Optional<ProcessHandle> producerChild(int stream, int id) {
        String marker = KillProducerChild.class.getName() + " " + stream + " " + id + " ";
        return ChildProcesses.descendant(marker);
    }

    private static Optional<Path> regionFile() {
        String prefix = "vdsolab-" + KillProducerParams.WORKLOAD + "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(SharedRegion.defaultDirectory())) {
            List<Path> mine = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            return mine.size() == 1 ? Optional.of(mine.getFirst()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<KillProducerRegion> attach(Path file, KillProducerParams p) {
        try {
            return Optional.of(KillProducerRegion.attach(file, p));
        } catch (RegionFormatException e) {
            return Optional.empty(); // its creator has not finished writing the header yet
        }
    }
}
