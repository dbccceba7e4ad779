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

/** Both backends must behave identically: the same algorithm code runs on either. */
class WordMemoryTest {

    static Stream<WordMemory> backends() {
        return Stream.of(new HeapWordMemory(1024), new SegmentWordMemory(Arena.ofAuto().allocate(1024, 64)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void longAccessModes(WordMemory m) {
        m.setLong(8, 5);
        assertEquals(5, m.getLong(8));
        m.setLongRelease(16, 6);
        assertEquals(6, m.getLongAcquire(16));
        m.setLongVolatile(24, 7);
        assertEquals(7, m.getLongVolatile(24));
        assertTrue(m.compareAndSetLong(8, 5, 50));
        assertFalse(m.compareAndSetLong(8, 5, 51));
        assertEquals(50, m.compareAndExchangeLong(8, 1, 2));
        assertEquals(50, m.getAndAddLong(8, 10));
        assertEquals(60, m.getAndSetLong(8, -1));
        assertEquals(-1, m.getLong(8));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void intHalvesDoNotDisturbEachOther(WordMemory m) {
        m.setLong(32, 0);
        m.setInt(32, 0xCAFEBABE);
        m.setIntRelease(36, 0x12345678);
        assertEquals(0xCAFEBABE, m.getInt(32));
        assertEquals(0x12345678, m.getIntAcquire(36));
        assertEquals(0x12345678_CAFEBABEL, m.getLong(32), "little-endian halves");
        assertTrue(m.compareAndSetInt(36, 0x12345678, -1));
        assertFalse(m.compareAndSetInt(32, 0, 1));
        assertEquals(0xCAFEBABE, m.getAndAddInt(32, 1));
        assertEquals(0xCAFEBABF, m.getIntVolatile(32));
        assertEquals(-1, m.getInt(36));
        m.setIntVolatile(36, 3);
        assertEquals(3, m.getInt(36));
        assertEquals(0xCAFEBABF, m.getInt(32));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void copiesAndZero(WordMemory m) {
        MemorySegment src = Arena.ofAuto().allocate(64, 8);
        for (int i = 0; i < 8; i++) {
            src.set(ValueLayout.JAVA_LONG, i * 8L, 1000 + i);
        }
        m.copyIn(128, src, 0, 64);
        assertEquals(1003, m.getLong(128 + 24));
        assertEquals(1003, m.segment().get(ValueLayout.JAVA_LONG, 128 + 24));
        m.copyWithin(128, 256, 64);
        MemorySegment dst = Arena.ofAuto().allocate(64, 8);
        m.copyOut(256, dst, 0, 64);
        assertEquals(src.asByteBuffer(), dst.asByteBuffer());
        m.zero(128, 64);
        assertEquals(0, m.getLong(128 + 56));
        assertEquals(1007, m.getLong(256 + 56));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alignmentIsCheckedAtLayoutTime(WordMemory m) {
        m.checkAligned(64, 64, 64);
        var e = assertThrows(IllegalArgumentException.class, () -> m.checkAligned(72, 8, 64));
        assertTrue(e.getMessage().contains("72") && e.getMessage().contains("64"), e.getMessage());
        var out = assertThrows(IllegalArgumentException.class, () -> m.checkAligned(1000, 64, 8));
        assertTrue(out.getMessage().contains("outside"), out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.checkAligned(0, 8, 3));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concurrentGetAndAddIsAtomic(WordMemory m) throws InterruptedException {
        m.setLong(512, 0);
        m.setLong(520, 0);
        int per = 50_000;
        Thread[] ts = new Thread[2];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < per; i++) {
                    m.getAndAddLong(512, 1);
                    m.getAndAddInt(524, 1); // the high half of the word at 520
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(2L * per, m.getLong(512));
        assertEquals(2 * per, m.getInt(524));
        assertEquals(0, m.getInt(520));
    }
}
