package org.vdsolab.api.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ParentWatchTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void withoutTheParentPropertyNothingIsWatched() {
        // this test JVM was not started by ChildJvm
        assertEquals(null, System.getProperty(ParentWatch.PARENT_PID_PROPERTY));
        assertFalse(ParentWatch.start());
    }

    @Test
    void childJvmNamesThisJvmAsTheParent() {
        try (ChildJvm child = ChildJvm.builder(ChildMains.Echo.class.getName()).start()) {
            child.awaitSuccess(GENEROUS);
            assertTrue(child.command().contains("-D" + ParentWatch.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid()),
                    child.command().toString());
        }
    }

    @Tag("slow")
    @Test
    void aWatchedChildWhoseParentIsKilledHaltsItself(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("grandchild.out");
        Path err = dir.resolve("grandchild.err");
        try (ChildJvm parent = ChildJvm.builder(ChildMains.WatchedParent.class.getName())
                .args(out.toString(), err.toString()).start()) {
            long grandchildPid = awaitGrandchild(parent);
            ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow(
                    () -> new AssertionError("grandchild " + grandchildPid + " is gone before its parent was killed"));
            assertTrue(grandchild.isAlive());

            // SIGKILL the middle child alone: no hook of its own runs, only the grandchild's watch can act
            ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly();
            try {
                grandchild.onExit().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                grandchild.destroyForcibly();
                fail("the grandchild outlived its SIGKILLed parent by " + GENEROUS.toSeconds() + " s");
            }
            assertFalse(grandchild.isAlive());
            String said = Files.readString(err);
            assertTrue(said.contains("halts:"), "the grandchild should say why it halted; stderr: " + said);
        }
    }

    private static long awaitGrandchild(ChildJvm parent) throws InterruptedException {
        Pattern line = Pattern.compile("grandchild=(\\d+) watching=(true|false)");
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Matcher m = line.matcher(parent.stdout());
            if (m.find()) {
                assertEquals("true", m.group(2), "a child of ChildJvm must be watching its parent");
                return Long.parseLong(m.group(1));
            }
            if (!parent.isAlive()) {
                fail("the middle child exited early: " + parent.stderrTail(ChildJvm.TAIL_LINES));
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no grandchild within " + GENEROUS.toSeconds() + " s: " + parent.stderrTail(ChildJvm.TAIL_LINES));
    }
}
