package org.vdsolab.api.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.vdsolab.api.testing.StallGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class ChildJvmTest {

    private static final Duration GENEROUS = StallGuard.EVENT_BOUND;

    @Test
    void aChildEchoesItsArgumentsAndFlags() {
        try (ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName())
                .args("one", "two")
                .jvmFlags("-Dvdsolab.test=hello", "-Xshare:auto")
                .start()) {
            assertEquals(0, child.awaitExit(GENEROUS));
            assertTrue(child.stdout().contains("args=one,two"), child.stdout());
            assertTrue(child.stdout().contains("property=hello"), child.stdout());
            assertEquals(ChildJvm.javaBinary().toString(), child.command().get(0));
            assertEquals("ChildMains$Echo", child.name());
        }
    }

    @Test
    void outputGoesToNamedFilesThatOutliveTheChild(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("echo.out");
        Path err = dir.resolve("echo.err");
        try (ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName()).args("x").stdout(out).stderr(err).start()) {
            child.awaitSuccess(GENEROUS);
        }
        assertTrue(Files.readString(out).contains("args=x"));
        assertTrue(Files.exists(err));
    }

    @Test
    void capturedOutputIsDeletedOnClose() {
        ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName()).start();
        child.awaitSuccess(GENEROUS);
        Path out = child.stdoutFile();
        assertTrue(Files.exists(out));
        child.close();
        child.close(); // idempotent
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(child.stderrFile()));
    }

    @Test
    void aFailingChildReportsItsCodeAndStderrTail() {
        try (ChildJvm child = ChildJvm.builder(ChildMains.Fail.class.getName()).name("failer").start()) {
            assertEquals(3, child.awaitExit(GENEROUS));
            ChildJvmException e = assertThrows(ChildJvmException.class, () -> child.awaitSuccess(GENEROUS));
            assertTrue(e.getMessage().contains("'failer'"), e.getMessage());
            assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
            assertTrue(e.getMessage().contains("the child failed on purpose"), e.getMessage());
            assertFalse(e.getMessage().contains("noise line 5\n"), "only the tail is quoted: " + e.getMessage());
        }
    }

    @Test
    void aHangingChildIsKilledWithItsDescendantsOnTimeout() throws Exception {
        try (ChildJvm child = ChildJvm.builder(ChildMains.Hang.class.getName()).start()) {
            long grandchild = awaitGrandchild(child);
            ChildJvmException e = assertThrows(ChildJvmException.class, () -> child.awaitExit(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("did not exit within 300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("hanging child is stuck"), e.getMessage());
            assertFalse(child.isAlive(), "the child must be dead after the timeout");
            Optional<ProcessHandle> g = ProcessHandle.of(grandchild);
            assertTrue(g.isEmpty() || !g.get().isAlive(), "the grandchild must be dead too");
        }
    }

    @Test
    void waitForLeavesARunningChildAliveAndSeesAnExit() throws Exception {
        try (ChildJvm child = ChildJvm.builder(ChildMains.Hang.class.getName()).start()) {
            awaitGrandchild(child);
            assertFalse(child.waitFor(Duration.ofMillis(50)), "still running");
            assertTrue(child.isAlive(), "waitFor does not end the child; the caller does");
        }
        try (ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName()).start()) {
            assertTrue(child.waitFor(StallGuard.EVENT_BOUND), "an echo exits by itself");
            assertEquals(0, child.awaitExit(Duration.ZERO));
        }
    }

    @Test
    void closeKillsARunningChild() throws Exception {
        ChildJvm child = ChildJvm.builder(ChildMains.Hang.class.getName()).start();
        long grandchild = awaitGrandchild(child);
        child.close();
        assertFalse(child.isAlive());
        Optional<ProcessHandle> g = ProcessHandle.of(grandchild);
        assertTrue(g.isEmpty() || !g.get().isAlive(), "the grandchild must be dead too");
    }

    @Test
    void aMissingMainClassFailsWithItsName() {
        try (ChildJvm child = ChildJvm.builder("org.vdsolab.NoSuchMain").start()) {
            ChildJvmException e = assertThrows(ChildJvmException.class, () -> child.awaitSuccess(GENEROUS));
            assertTrue(e.getMessage().contains("NoSuchMain"), e.getMessage());
        }
    }

    /** Waits (bounded) until the hanging child has printed its grandchild's pid and its stderr line. */
    private static long awaitGrandchild(ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            String out = child.stdout();
            if (out.contains("grandchild=") && child.stderr().contains("stuck")) {
                return Long.parseLong(out.substring(out.indexOf('=') + 1).trim());
            }
            assertTrue(child.isAlive(), "the hanging child died early: " + child.stderrTail(20));
            Thread.sleep(20);
        }
        throw new AssertionError("the hanging child never started its grandchild: " + child.stderrTail(20));
    }
}
