package org.vdsolab.experiments.vdso.example;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.experiments.vdso.example.impl.CounterDataVvar;
import org.vdsolab.experiments.vdso.example.impl.SharedCounterLibraryDescriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The example library as Maven compiled it with the vDSO processor: its layout, by hand. */
class ExampleLibraryLayoutTest {

    @Test
    void generatedOffsetsEqualHandComputedOnes() {
        assertEquals(128, CounterDataVvar.TOTAL_OFFSET);            // right after the 128-byte header
        assertEquals(4096, CounterDataVvar.PER_CPU_BLOCK_OFFSET);   // 136 aligned up to a page
        assertEquals(4096, CounterDataVvar.PER_CPU_BLOCK_STRIDE);   // one page per CPU, as vsched pads them
        assertEquals(0, CounterDataVvar.CALLS_IN_BLOCK);
        assertEquals(8, CounterDataVvar.HIGH_WATER_IN_BLOCK);
        assertEquals(16, CounterDataVvar.PER_CPU_BLOCK_BYTES);
        VvarLayout byHand = VvarLayout.builder("counter").global("total", 8, 128).perCpu("per-cpu", 16, 4096).build(4);
        assertEquals(byHand.fingerprint(), CounterDataVvar.FINGERPRINT);
        assertEquals(byHand.fingerprint(), SharedCounterLibraryDescriptor.FINGERPRINT);
        assertEquals(byHand.totalSize(), CounterDataVvar.layout(4).totalSize());
        assertEquals(4096 + 3 * 4096 + 8, new CounterDataVvar(new HeapWordMemory(byHand.totalSize()), 4).highWaterOffset(3));
    }

    @Test
    void theLibraryWorksOverAnyWordMemory() {
        SharedCounterLibraryDescriptor d = new SharedCounterLibraryDescriptor();
        HeapWordMemory memory = new HeapWordMemory(d.layout(2).totalSize());
        SharedCounter c = (SharedCounter) d.bind(memory, 2);
        assertEquals(1, c.increment(1));
        assertEquals(2, c.increment(1));
        assertEquals(2, c.sharedTotal());
        assertEquals(2, memory.getLong(CounterDataVvar.TOTAL_OFFSET));
        assertEquals(2, c.callsOnCpu(1));
        assertEquals(2, c.highWater(1));
        assertEquals(0, c.callsOnCpu(0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.increment(2));
    }
}
