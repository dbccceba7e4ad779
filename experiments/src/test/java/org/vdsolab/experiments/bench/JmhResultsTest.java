package org.vdsolab.experiments.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhResultsTest {

    @TempDir
    Path dir;

    @Test
    void readsBenchmarksParamsAndMetricsFromJmhJson() throws IOException {
        Path json = Files.writeString(dir.resolve("jmh.json"), JmhFixture.JSON);
        JmhResults r = JmhResults.read(json);
        assertEquals(2, r.all().size());
        JmhResult p1c1 = r.find("OneToOneBench.p1c1", "vsched/slot").orElseThrow();
        assertEquals("thrpt", p1c1.mode());
        assertEquals("yield", p1c1.param("idle"));
        assertEquals(2.0e7, p1c1.primary().score());
        assertEquals(java.util.List.of(2.0e7), p1c1.primary().forks(), "one fork's mean per rawData entry");
        assertTrue(Double.isNaN(p1c1.primary().error()), "JMH's \"NaN\" string is read as NaN");
        assertEquals(9.5e6, p1c1.headline().score(), "the headline of a transfer is the popped counter, not the primary");
        assertEquals(12345.5, p1c1.headline().error());
        assertEquals(0.0012, p1c1.allocation().score());
        JmhResult batch = r.find("BatchBench.batch032", "vsched").orElseThrow();
        assertEquals(21.5, batch.headline().score(), "without a popped counter the headline is the primary score");
        assertEquals("ns/op", batch.headline().unit());
        assertNull(batch.allocation(), "no gc profiler, no allocation figure");
    }

    @Test
    void missingResultsReadAsNaN() {
        JmhResults r = JmhFixture.fullRun();
        assertTrue(Double.isNaN(r.headline("OneToOneBench.p1c1", "no-such-queue")));
        assertTrue(Double.isNaN(r.headline("NoSuchBench.x", "vsched")));
        assertEquals(30e6, r.headline("OneToOneBench.p1c1", "vsched"));
    }

    @Test
    void simpleNameDropsThePackage() {
        assertEquals("OneToOneBench.p1c1", JmhResults.simpleName("org.vdsolab.experiments.bench.OneToOneBench.p1c1"));
        assertEquals("A.b", JmhResults.simpleName("A.b"));
    }

    @Test
    void aFileThatIsNotAJmhResultIsNamedInTheError() throws IOException {
        Path notArray = Files.writeString(dir.resolve("object.json"), "{\"benchmark\": 1}");
        IOException e = assertThrows(IOException.class, () -> JmhResults.read(notArray));
        assertTrue(e.getMessage().startsWith(notArray.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("JSON array"), e.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.json"), "[ {");
        IOException e2 = assertThrows(IOException.class, () -> JmhResults.read(broken));
        assertTrue(e2.getMessage().startsWith(broken.toString()), e2.getMessage());

        Path noMetric = Files.writeString(dir.resolve("nometric.json"), "[ {\"benchmark\": \"a.B.c\"} ]");
        IOException e3 = assertThrows(IOException.class, () -> JmhResults.read(noMetric));
        assertTrue(e3.getMessage().contains("entry 0"), e3.getMessage());
    }
}
