package org.vdsolab.api.layout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VvarLayoutTest {

    /** One laid-out copy: [start, end). */
    private record Extent(String what, long start, long end) { }

    @Test
    void randomLayoutsAreAlignedAndDisjoint() {
        Random rnd = new Random(20261126);
        for (int round = 0; round < 2_000; round++) {
            VvarLayout.Builder b = VvarLayout.builder("random-" + round);
            int areas = 1 + rnd.nextInt(12);
            for (int i = 0; i < areas; i++) {
                Scope scope = rnd.nextBoolean() ? Scope.GLOBAL : Scope.PER_CPU;
                long size = 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000);
                long align = 1L << (3 + rnd.nextInt(10)); // 8 .. 4096
                b.area("a" + i, scope, size, align);
            }
            int cpus = 1 + rnd.nextInt(16);
            VvarLayout layout = b.build(cpus);

            List<Extent> extents = new ArrayList<>();
            extents.add(new Extent("header", 0, VvarLayout.HEADER_BYTES));
            for (Area a : layout.areas()) {
                long align = a.spec().alignment();
                if (a.scope() == Scope.GLOBAL) {
                    assertEquals(1, a.copies());
                    assertEquals(0, a.offset() % align, a.name() + " misaligned");
                    extents.add(new Extent(a.name(), a.offset(), a.offset() + a.size()));
                } else {
                    assertEquals(cpus, a.copies());
                    for (int cpu = 0; cpu < cpus; cpu++) {
                        long off = a.offset(cpu);
                        assertEquals(0, off % align, a.name() + "[" + cpu + "] misaligned");
                        extents.add(new Extent(a.name() + "[" + cpu + "]", off, off + a.size()));
                    }
                }
            }
            extents.sort((x, y) -> Long.compare(x.start(), y.start()));
            for (int i = 1; i < extents.size(); i++) {
                Extent prev = extents.get(i - 1);
                Extent cur = extents.get(i);
                assertTrue(prev.end() <= cur.start(), prev + " overlaps " + cur + " in\n" + layout.describe());
            }
            assertTrue(extents.getLast().end() <= layout.totalSize());
            assertEquals(0, layout.totalSize() % AreaSpec.PAGE);
        }
    }

    @Test
    void offsetsAreDeterministicAndMatchHandComputation() {
        VvarLayout l = VvarLayout.builder("lib")
                .global("counter", 8)            // 128 (first cache line after the header)
                .perCpu("stats", 100)            // 4096, stride 4096
                .global("ring", 1000, 64)        // after 2 CPU copies: 4096 + 4096 + 100 = 8292 -> 8320
                .build(2);
        assertEquals(128, l.offset("counter"));
        assertEquals(4096, l.offset("stats", 0));
        assertEquals(8192, l.offset("stats", 1));
        assertEquals(8320, l.offset("ring"));
        assertEquals(12288, l.totalSize());
        VvarLayout again = VvarLayout.builder("lib").global("counter", 8).perCpu("stats", 100).global("ring", 1000, 64).build(2);
        assertEquals(l.fingerprint(), again.fingerprint());
        assertEquals(l.describe(), again.describe());
    }

    @Test
    void fingerprintChangesWithAnyDeclarationButNotWithCpuCount() {
        long base = VvarLayout.builder("lib").global("x", 64).perCpu("y", 128).build(4).fingerprint();
        assertEquals(base, VvarLayout.builder("lib").global("x", 64).perCpu("y", 128).build(8).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib2").global("x", 64).perCpu("y", 128).build(4).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib").global("x", 72).perCpu("y", 128).build(4).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib").global("x", 64, 128).perCpu("y", 128).build(4).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib").perCpu("x", 64).perCpu("y", 128).build(4).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib").global("z", 64).perCpu("y", 128).build(4).fingerprint());
        assertNotEquals(base, VvarLayout.builder("lib").perCpu("y", 128).global("x", 64).build(4).fingerprint());
    }

    @Test
    void describeNamesEveryArea() {
        String text = VvarLayout.builder("demo").global("shared_counter", 8).perCpu("cpu_stats", 256).build(2).describe();
        assertTrue(text.contains("demo"));
        assertTrue(text.contains("shared_counter"));
        assertTrue(text.contains("cpu_stats"));
        assertTrue(text.contains("per-cpu"));
    }

    @Test
    void badDeclarationsAreRejectedWithTheirName() {
        var e1 = assertThrows(IllegalArgumentException.class, () -> VvarLayout.builder("l").global("a", 8).global("a", 16));
        assertTrue(e1.getMessage().contains("'a' twice"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> VvarLayout.builder("l").global("b", 8, 12));
        assertTrue(e2.getMessage().contains("'b'") && e2.getMessage().contains("power of two"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> VvarLayout.builder("l").global("c", 0));
        assertTrue(e3.getMessage().contains("'c'"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> VvarLayout.builder("l").global("bad name", 8));
        assertTrue(e4.getMessage().contains("bad name"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class, () -> VvarLayout.builder("l").build(0));
        assertTrue(e5.getMessage().contains("cpu count"), e5.getMessage());
        VvarLayout l = VvarLayout.builder("l").global("g", 8).perCpu("p", 8).build(2);
        var e6 = assertThrows(IllegalArgumentException.class, () -> l.area("nope"));
        assertTrue(e6.getMessage().contains("nope") && e6.getMessage().contains("[g, p]"), e6.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.offset("g", 0));
        assertThrows(IllegalArgumentException.class, () -> l.offset("p", 2));
    }
}
