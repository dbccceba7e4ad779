package org.vdsolab.api.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanupRegistryTest {

    @Test
    void cleanUpSinceDeletesOnlyWhatWasRegisteredAfterTheMark(@TempDir Path dir) throws Exception {
        CleanupRegistry r = new CleanupRegistry();
        Path before = Files.createFile(dir.resolve("before.vvar"));
        r.register(before);
        long mark = r.mark();
        Path after = Files.createFile(dir.resolve("after.vvar"));
        Path folder = Files.createDirectories(dir.resolve("folder/inner"));
        Files.writeString(folder.resolve("x.txt"), "x");
        r.register(after);
        r.register(dir.resolve("folder"));
        r.register(dir.resolve("never-created"));

        CleanupRegistry.Report report = r.cleanUpSince(mark, Duration.ofMillis(100));

        assertTrue(Files.exists(before));
        assertFalse(Files.exists(after));
        assertFalse(Files.exists(dir.resolve("folder")));
        assertEquals(List.of(after.toAbsolutePath(), dir.resolve("folder").toAbsolutePath()), report.deleted());
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        assertTrue(r.isRegistered(before));
        assertFalse(r.isRegistered(after));
    }

    @Test
    void aForgottenPathIsLeftAlone(@TempDir Path dir) throws Exception {
        CleanupRegistry r = new CleanupRegistry();
        Path kept = Files.createFile(dir.resolve("kept"));
        r.register(kept);
        r.forget(kept);
        r.cleanUpAll(Duration.ZERO);
        assertTrue(Files.exists(kept));
    }

    @Tag("slow")
    @Test
    void liveChildrenAreKilledAndNoChildIsAcceptedAfterShutDown() throws Exception {
        CleanupRegistry r = new CleanupRegistry();
        ChildJvm hang = ChildJvm.builder(ChildMains.Hang.class.getName()).start();
        r.register(hang);
        Path captured = hang.stdoutFile();
        CleanupRegistry.Report report = r.shutDown(Duration.ofMillis(500));
        assertFalse(hang.isAlive());
        assertEquals(1, report.killed().size(), report.toString());
        assertFalse(Files.exists(captured), "the child's captured output is deleted with it");
        assertTrue(CleanupRegistry.global().children().stream().noneMatch(c -> c == hang), "closing forgets it globally");

        ChildJvm late = ChildJvm.builder(ChildMains.Hang.class.getName()).start();
        ChildJvmException e = assertThrows(ChildJvmException.class, () -> r.register(late));
        assertTrue(e.getMessage().contains("shuts down"), e.getMessage());
        assertFalse(late.isAlive());
        late.close();
    }
}
