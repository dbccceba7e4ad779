package org.vdsolab.api.memory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WordMemory#slice}: offsets rebased, bounds checked at creation, the same on both backends. */
class WordMemorySliceTest {

    static Stream<WordMemory> backends() {
        return Stream.of(new HeapWordMemory(1024), new SegmentWordMemory(Arena.ofAuto().allocate(1024, 64)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void accessesAreRebasedOntoTheParentWithEveryMode(WordMemory m) {
        WordMemory s = m.slice(256, 512);
        assertEquals(512, s.byteSize());
        s.setLong(0, 11);
        assertEquals(11, m.getLong(256));
        s.setLongRelease(8, 12);
        assertEquals(12, m.getLongAcquire(264));
        m.setLongVolatile(272, 13);
        assertEquals(13, s.getLongVolatile(16));
        assertTrue(s.compareAndSetLong(0, 11, 21));
        assertFalse(s.compareAndSetLong(0, 11, 22));
        assertEquals(21, s.compareAndExchangeLong(0, 0, 1));
        assertEquals(21, s.getAndAddLong(0, 4));
        assertEquals(25, s.getAndSetLong(0, 30));
        assertEquals(30, m.getLong(256));
        s.setInt(504, 7);
        s.setIntRelease(508, 8);
        assertEquals(7, m.getInt(760));
        assertEquals(8, s.getIntAcquire(508));
        assertTrue(s.compareAndSetInt(504, 7, 9));
        assertEquals(9, s.getAndAddInt(504, 1));
        s.setIntVolatile(504, 5);
        assertEquals(5, s.getIntVolatile(504));
        assertEquals(0x00000008_00000005L, m.getLong(760), "int halves land in the parent's word");
        assertEquals(0, m.getLong(248), "nothing written before the slice");
        assertEquals(0, m.getLong(768), "nothing written after the slice");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void copiesZeroAndSegmentSeeTheSameBytes(WordMemory m) {
        WordMemory s = m.slice(128, 256);
        MemorySegment src = Arena.ofAuto().allocate(32, 8);
        for (int i = 0; i < 4; i++) {
            src.set(ValueLayout.JAVA_LONG, i * 8L, 100 + i);
        }
        s.copyIn(32, src, 0, 32);
        assertEquals(101, m.getLong(128 + 40));
        assertEquals(102, s.segment().get(ValueLayout.JAVA_LONG, 48));
        assertEquals(256, s.segment().byteSize());
        s.copyWithin(32, 64, 32);
        assertEquals(103, m.getLong(128 + 88));
        MemorySegment dst = Arena.ofAuto().allocate(32, 8);
        s.copyOut(64, dst, 0, 32);
        assertEquals(100, dst.get(ValueLayout.JAVA_LONG, 0));
        s.zero(32, 64);
        assertEquals(0, m.getLong(128 + 32));
        assertEquals(0, m.getLong(128 + 88));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSliceOfASliceIsRebasedOnce(WordMemory m) {
        WordMemory inner = m.slice(64, 512).slice(64, 128);
        assertEquals(128, inner.byteSize());
        inner.setLong(8, 77);
        assertEquals(77, m.getLong(136));
        if (inner instanceof SliceWordMemory v) {
            assertEquals(m, v.parent(), "views never stack up");
            assertEquals(128, v.base());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void boundsAndAlignmentAreCheckedAtCreation(WordMemory m) {
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> m.slice(1000, 64));
        assertTrue(out.getMessage().contains("[1000, 1064)") && out.getMessage().contains("1024 bytes"), out.getMessage());
        IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class, () -> m.slice(12, 64));
        assertTrue(misaligned.getMessage().contains("offset 12"), misaligned.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.slice(-8, 16));
        assertThrows(IllegalArgumentException.class, () -> m.slice(0, 64).slice(32, 64));
        assertEquals(0, m.slice(1024, 0).byteSize(), "an empty slice at the end is allowed");
    }
}
