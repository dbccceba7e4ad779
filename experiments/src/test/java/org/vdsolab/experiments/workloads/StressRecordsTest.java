package org.vdsolab.experiments.workloads;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StressRecordsTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 64, 4096})
    void intactRecordsPassAndEveryChangedWordIsTorn(int recordBytes) {
        MemorySegment s = MemorySegment.ofArray(new long[recordBytes / 8]);
        long key = StressRecords.key(3, 123_456);
        StressRecords.write(s, 0, recordBytes, key, 987_654_321L);
        assertEquals(key, StressRecords.check(s, 0, recordBytes));
        assertEquals(3, StressRecords.producerOf(key));
        assertEquals(123_456, StressRecords.seqOf(key));
        assertEquals(recordBytes >= 24, StressRecords.timed(recordBytes));
        if (StressRecords.timed(recordBytes)) {
            assertEquals(987_654_321L, StressRecords.sendNanos(s, 0));
        }
        for (int w = 0; w < recordBytes / 8; w++) {
            long old = s.getAtIndex(ValueLayout.JAVA_LONG, w);
            s.setAtIndex(ValueLayout.JAVA_LONG, w, old ^ 0x10);
            assertEquals(StressRecords.TORN, StressRecords.check(s, 0, recordBytes), "word " + w + " changed");
            s.setAtIndex(ValueLayout.JAVA_LONG, w, old);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void aNeverWrittenSlotAndAHalfWrittenOneAreTorn(int recordBytes) {
        MemorySegment s = MemorySegment.ofArray(new long[recordBytes / 8]);
        assertEquals(StressRecords.TORN, StressRecords.check(s, 0, recordBytes), "zero-filled slot");
        StressRecords.write(s, 0, recordBytes, StressRecords.key(0, 1), 5);
        MemorySegment newer = MemorySegment.ofArray(new long[recordBytes / 8]);
        StressRecords.write(newer, 0, recordBytes, StressRecords.key(1, 9), 6);
        // The first words of the newer record over the older one: what a reader sees mid-write.
        s.set(ValueLayout.JAVA_LONG, 0, newer.get(ValueLayout.JAVA_LONG, 0));
        assertEquals(StressRecords.TORN, StressRecords.check(s, 0, recordBytes));
        assertFalse(StressRecords.check(newer, 0, recordBytes) == StressRecords.TORN);
        assertTrue(StressRecords.check(newer, 0, recordBytes) >= 0);
    }
}
