package org.vdsolab.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.testing.ChildProcesses;
import org.vdsolab.api.testing.StallGuard;
import org.vdsolab.api.memory.SharedRegion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code Main run} of fault-kill-producer (two producer child JVMs) in a process of its
 * own, stopped by SIGTERM, by SIGINT to the runner alone and by SIGINT to its process group:
 * afterwards no child is left, no region file of the run is left in the region folder, and
 * summary.json says complete=false.
 */
@Tag("slow")
class RunSignalTest {

    private static final long GENEROUS_NANOS = StallGuard.EVENT_BOUND.toNanos();

    private enum Stop { SIGTERM, SIGINT_RUNNER, SIGINT_GROUP }

    @Test
    void sigtermCleansUpAndMarksTheRunIncomplete(@TempDir Path dir) throws Exception {
        runAndStop(dir, Stop.SIGTERM);
    }

    @Test
    void sigintToTheRunnerAloneCleansUpAndMarksTheRunIncomplete(@TempDir Path dir) throws Exception {
        runAndStop(dir, Stop.SIGINT_RUNNER);
    }

    @Test
    void sigintToTheProcessGroupCleansUpAndMarksTheRunIncomplete(@TempDir Path dir) throws Exception {
        runAndStop(dir, Stop.SIGINT_GROUP);
    }

    private static void runAndStop(Path dir, Stop stop) throws Exception {
        Path config = dir.resolve("interrupt-me.yaml");
        Files.writeString(config, """
                experiment: interrupt-me
                workload: fault-kill-producer
                run: {warmup: 0, repetitions: 1, seed: 1, timeout_s: 600}
                queue: vsched
                producers: 2
                consumers: 1
                records: 100000000
                capacity: 1024
                kills: 0
                """);
        Path out = dir.resolve("out");
        List<String> command = new ArrayList<>();
        if (stop == Stop.SIGINT_GROUP) {
            command.add("setsid"); // a process group of its own, led by the runner (setsid execs: same pid)
        }
        // A job started in the background by a non-interactive shell (nohup, `&` in a CI script)
        // inherits SIGINT ignored, and a JVM keeps an ignored SIGINT ignored: reset it to the default
        // action, as a terminal's Ctrl-C finds it (env execs: same pid).
        command.addAll(List.of("env", "--default-signal=INT"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", config.toString(), "--out", out.toString()));
        Process runner = new ProcessBuilder(command).redirectOutput(dir.resolve("runner.out").toFile())
                .redirectError(dir.resolve("runner.err").toFile()).start();
        // The runner's descendants: the forked repetition's JVM (run.fork is the default) and the two
        // producer JVMs it started; the region file is named after the JVM that made it.
        List<ProcessHandle> children = new ArrayList<>();
        Set<Long> pids = new HashSet<>();
        String[] seen = {""};
        try {
            awaitEvent("two producer children and the run's region file", runner, dir, seen, () -> {
                children.clear();
                pids.clear();
                pids.add(runner.pid());
                runner.descendants().forEach(h -> {
                    children.add(h);
                    pids.add(h.pid());
                });
                long producers = children.stream().filter(h -> ChildProcesses.commandLine(h).contains("KillProducerChild")).count();
                seen[0] = "descendants " + pids + ", " + producers + " producer(s), region files " + regionFiles(pids)
                        + ", in " + SharedRegion.defaultDirectory() + ": " + allFiles();
                return producers == 2 && !regionFiles(pids).isEmpty();
            });
            switch (stop) {
                case SIGTERM -> runner.destroy();
                case SIGINT_RUNNER -> kill("-INT", Long.toString(runner.pid()));
                case SIGINT_GROUP -> kill("-INT", "--", "-" + runner.pid());
            }
            awaitEvent("the runner's exit", null, dir, seen, () -> !runner.isAlive());
            awaitEvent("the children's exit", null, dir, seen, () -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertTrue(regionFiles(pids).isEmpty(), "region files left: " + regionFiles(pids));
            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertFalse(summary.get("complete").asBoolean(true), summary.toString());
            assertTrue(summary.get("cells").isArray());
            assertTrue(Files.readString(out.resolve("index.html")).contains("This run is incomplete"));
            String err = Files.readString(dir.resolve("runner.err"));
            assertTrue(err.contains("marked incomplete"), err);
        } finally {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The workload's region files made by any of {@code pids}. */
    private static List<Path> regionFiles(Set<Long> pids) {
        try (Stream<Path> files = Files.list(SharedRegion.defaultDirectory())) {
            return files.filter(f -> pids.stream().anyMatch(
                    pid -> f.getFileName().toString().startsWith("vdsolab-fault-kill-producer-" + pid + "-"))).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + SharedRegion.defaultDirectory(), e);
        }
    }

    private static void kill(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(command + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static String allFiles() {
        try (Stream<Path> files = Files.list(SharedRegion.defaultDirectory())) {
            return files.map(f -> f.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Polls {@code event} until true, failing after the event bound (or when {@code runner} died meanwhile). */
    private static void awaitEvent(String what, Process runner, Path dir, String[] seen, BooleanSupplier event) throws Exception {
        long deadline = System.nanoTime() + GENEROUS_NANOS;
        while (!event.getAsBoolean()) {
            if (runner != null && !runner.isAlive()) {
                fail("the runner exited (" + runner.exitValue() + ") while waiting for " + what + ":\n"
                        + Files.readString(dir.resolve("runner.err")) + Files.readString(dir.resolve("runner.out")));
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no " + what + " within " + StallGuard.EVENT_BOUND.toSeconds() + " s (last seen: " + seen[0] + "):\n"
                        + Files.readString(dir.resolve("runner.err")));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
