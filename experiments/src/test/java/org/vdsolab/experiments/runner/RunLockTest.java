package org.vdsolab.experiments.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer per run folder, across processes and within one; stale locks are taken over. */
class RunLockTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    /** Holds the lock of the folder args[0] until its standard input closes: another run, in another process. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (RunLock lock = RunLock.acquire(Path.of(args[0]), "holder", System.err::println)) {
                System.out.println("locked " + lock.folder());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold until the parent closes our input
                }
            }
        }
    }

    private Process holder(Path folder) throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(line != null && line.startsWith("locked "), "the holder took the lock: " + line);
        return p;
    }

    @Test
    void aSecondRunInThisProcessIsRefusedNamingTheFolderAndPid() throws IOException {
        Path folder = dir.resolve("run");
        try (RunLock first = RunLock.acquire(folder, "./vdsolab run a.yaml", warnings::add)) {
            RunLock.InUseException e = assertThrows(RunLock.InUseException.class,
                    () -> RunLock.acquire(folder, "./vdsolab run b.yaml", warnings::add));
            assertTrue(e.getMessage().startsWith(folder + " is in use by another run (pid " + ProcessHandle.current().pid()
                    + ", started "), e.getMessage());
            assertTrue(e.getMessage().contains("writing ./vdsolab run a.yaml"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(lock file " + folder.resolve(RunLock.FILE) + ")"), e.getMessage());
            assertTrue(Files.readString(folder.resolve(RunLock.FILE)).startsWith("pid " + ProcessHandle.current().pid() + "\n"));
        }
        try (RunLock again = RunLock.acquire(folder, "./vdsolab run b.yaml", warnings::add)) {
            assertEquals(folder.toRealPath(), again.folder());
        }
        assertEquals(List.of(), warnings, "a released lock is not stale");
        assertEquals("", Files.readString(folder.resolve(RunLock.FILE)), "released: the file names no holder");
    }

    @Test
    void aRunInAnotherProcessIsRefusedNamingItsPidThenItsLockIsFreeWhenItEnds() throws Exception {
        Path folder = dir.resolve("shared");
        Process other = holder(folder);
        try {
            RunLock.InUseException e = assertThrows(RunLock.InUseException.class,
                    () -> RunLock.acquire(folder, "mine", warnings::add));
            assertTrue(e.getMessage().startsWith(folder + " is in use by another run (pid " + other.pid() + ", started "),
                    e.getMessage());
        } finally {
            other.getOutputStream().close();
            assertEquals(0, other.waitFor());
        }
        try (RunLock mine = RunLock.acquire(folder, "mine", warnings::add)) {
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void theLockOfAKilledRunIsTakenOverWithAWarning() throws Exception {
        Path folder = dir.resolve("killed");
        Process other = holder(folder);
        other.destroyForcibly();
        other.waitFor();
        try (RunLock mine = RunLock.acquire(folder, "mine", warnings::add)) {
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.getFirst();
            assertTrue(w.startsWith("warning: " + folder + ": taking over the lock of an earlier run that did not release it"
                    + " (pid " + other.pid() + ", started "), w);
            assertTrue(w.endsWith(", writing holder; that process is no longer running)"), w);
            assertTrue(Files.readString(folder.resolve(RunLock.FILE)).startsWith("pid " + ProcessHandle.current().pid() + "\n"));
        }
    }

    @Test
    void aLockFileNamingADeadOrReusedPidIsStale() throws Exception {
        Process done = new ProcessBuilder("true").start();
        assertEquals(0, done.waitFor());
        Path folder = Files.createDirectories(dir.resolve("stale"));
        Files.writeString(folder.resolve(RunLock.FILE), "pid " + done.pid() + "\nstarted 2020-01-01T00:00:00Z\nwriting old run\n");
        try (RunLock mine = RunLock.acquire(folder, "mine", warnings::add)) {
            assertEquals(List.of("warning: " + folder + ": taking over the lock of an earlier run that did not release it (pid "
                    + done.pid() + ", started 2020-01-01T00:00:00Z, writing old run; that process is no longer running)"), warnings);
        }
        warnings.clear();
        long self = ProcessHandle.current().pid();
        Files.writeString(folder.resolve(RunLock.FILE), "pid " + self + "\nstarted 2020-01-01T00:00:00Z\nwriting old run\n");
        try (RunLock mine = RunLock.acquire(folder, "mine", warnings::add)) {
            assertEquals(1, warnings.size());
            assertTrue(warnings.getFirst().endsWith("(pid " + self + ", started 2020-01-01T00:00:00Z, writing old run; that pid"
                    + " is now another process, started " + ProcessHandle.current().info().startInstant().orElseThrow() + ")"),
                    warnings.getFirst());
        }
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamedWithTheReason() {
        Path folder = Path.of("/proc/vdsolab-no-such/run");
        FileActionException e = assertThrows(FileActionException.class, () -> RunLock.acquire(folder, "x", warnings::add));
        assertEquals("cannot create output folder " + folder + ": No such file or directory (NoSuchFileException at"
                + " /proc/vdsolab-no-such)", e.getMessage());
    }
}
