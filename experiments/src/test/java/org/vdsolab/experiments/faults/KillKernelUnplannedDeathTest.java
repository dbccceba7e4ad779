package org.vdsolab.experiments.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vdsolab.api.workload.WorkloadResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * fault-kill-kernel with no planned kill and the kernel child SIGKILLed from outside once it said
 * READY: the repetition completes, counts the death in {@code unplanned_deaths} (not in
 * {@code kernel_restarts}), notes the signal, and a re-attached kernel answers every request or
 * fails it, losing none.
 */
@Tag("slow")
class KillKernelUnplannedDeathTest {

    private static final long GENEROUS_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void aKernelKilledFromOutsideAfterItWasReadyIsReplacedAndNoted() throws Exception {
        FileTime begun = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        FutureTask<WorkloadResult> run = new FutureTask<>(() -> new KillKernelWorkload().run(FaultTestContext.of(
                "queue", "vsched", "domains", "2", "records", "400000", "depth", "8", "kills", "0", "fail_after_ms", "200",
                "idle_timeout_ms", "20000")));
        Thread.ofPlatform().daemon().name("kill-kernel-under-test").start(run);
        ProcessHandle kernel = await("the kernel child", run, () -> ProcessHandle.current().descendants()
                .filter(h -> h.info().commandLine().orElse("").contains(KernelChild.class.getName() + " create ")).findFirst());
        // Its captured stdout (ChildJvm names the temp file after the child) says READY once it serves.
        await("the kernel's READY line", run, () -> readyLine(begun));
        kernel.destroyForcibly();
        WorkloadResult r = run.get(5, TimeUnit.MINUTES);
        Map<String, Long> c = r.counters();
        System.out.println("[fault-kill-kernel unplanned death] " + c + " " + r.notes());
        assertEquals(1, c.get("unplanned_deaths"), c.toString());
        assertEquals(0, c.get("kernel_restarts"), "the workload itself killed no kernel: " + c);
        assertEquals(0, c.get("lost"), "every request answered or failed: " + c);
        assertEquals(0, c.get("duplicated"), c.toString());
        assertEquals(0, c.get("misrouted"), c.toString());
        assertEquals(0, c.get("wedged"), c.toString());
        assertEquals(800_000, c.get("records") + c.get("errors_returned"), c.toString());
        assertEquals(1, r.notes().size(), r.notes().toString());
        assertTrue(r.notes().getFirst().startsWith("kernel 1 was killed by signal 9 after it was ready"), r.notes().toString());
    }

    private static Optional<Boolean> readyLine(FileTime begun) {
        String prefix = "vdsolab-child-" + KillKernelParams.WORKLOAD + " kernel 1 (create)-";
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".out"))
                    .filter(f -> modifiedAfter(f, begun) && contains(f, "READY")).findAny().map(f -> true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean modifiedAfter(Path f, FileTime t) {
        try {
            return Files.getLastModifiedTime(f).compareTo(t) >= 0;
        } catch (IOException e) {
            return false; // deleted meanwhile: another run's
        }
    }

    private static boolean contains(Path f, String text) {
        try {
            return Files.readString(f).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls until {@code event} is present; fails after 60 s, or when the run ended first. */
    private static <T> T await(String what, FutureTask<WorkloadResult> run, Supplier<Optional<T>> event) throws Exception {
        long deadline = System.nanoTime() + GENEROUS_NANOS;
        while (true) {
            Optional<T> v = event.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (run.isDone()) {
                fail("the run ended before " + what + ": " + run.get().counters());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no " + what + " within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
