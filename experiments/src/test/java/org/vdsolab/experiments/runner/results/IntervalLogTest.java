package org.vdsolab.experiments.runner.results;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.vdsolab.experiments.runner.FileActionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A cell log on a full disk says which file and why, instead of the PrintStream swallowing it. */
class IntervalLogTest {

    @Test
    void aFullDiskIsReportedWithTheFileName() {
        Path full = Path.of("/dev/full");   // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        FileActionException e = assertThrows(FileActionException.class, () -> {
            try (IntervalLog log = IntervalLog.create(full, 0, "full disk")) {
                Histogram h = new Histogram(3);
                h.recordValue(100);
                log.append(h);
            }
        });
        assertTrue(e.getMessage().startsWith("cannot write /dev/full: No space left on device"), e.getMessage());
    }
}
