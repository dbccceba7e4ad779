package org.vdsolab.api.record;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordLayoutTest {

    @Test
    void sqeOffsetsAreLinuxs() {
        // struct io_uring_sqe (include/uapi/linux/io_uring.h), the first member of each union.
        assertEquals(64, SqeLayout.BYTES);
        assertEquals(0, SqeLayout.OPCODE);
        assertEquals(1, SqeLayout.FLAGS);
        assertEquals(2, SqeLayout.IOPRIO);
        assertEquals(4, SqeLayout.FD);
        assertEquals(8, SqeLayout.OFF);
        assertEquals(16, SqeLayout.ADDR);
        assertEquals(24, SqeLayout.LEN);
        assertEquals(28, SqeLayout.OP_FLAGS);
        assertEquals(32, SqeLayout.USER_DATA);
        assertEquals(40, SqeLayout.BUF_INDEX);
        assertEquals(42, SqeLayout.PERSONALITY);
        assertEquals(44, SqeLayout.FILE_INDEX);
        assertEquals(48, SqeLayout.ADDR3);
        assertEquals(56, SqeLayout.PAD);
    }

    @Test
    void cqeOffsetsAreLinuxs() {
        assertEquals(16, CqeLayout.BYTES);
        assertEquals(0, CqeLayout.USER_DATA);
        assertEquals(8, CqeLayout.RES);
        assertEquals(12, CqeLayout.FLAGS);
    }

    private static Sqe sample() {
        Sqe s = new Sqe();
        s.opcode = 22; s.flags = 0x85; s.ioprio = 0xBEEF; s.fd = -7; s.off = 0x0123_4567_89AB_CDEFL;
        s.addr = 4096; s.len = 512; s.opFlags = 0x10; s.userData = -2; s.bufIndex = 0xFFFF;
        s.personality = 3; s.fileIndex = 9; s.addr3 = 77; s.pad = 0;
        return s;
    }

    @Test
    void sqeRoundTripsThroughValueAndView() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(256, 8);
            Sqe s = sample();
            s.writeTo(seg, 64);
            assertEquals(s, new Sqe().readFrom(seg, 64));

            SqeView v = new SqeView().wrap(seg, 64);
            assertEquals(22, v.opcode());
            assertEquals(0x85, v.flags());
            assertEquals(0xBEEF, v.ioprio());
            assertEquals(-7, v.fd());
            assertEquals(0x0123_4567_89AB_CDEFL, v.off());
            assertEquals(4096, v.addr());
            assertEquals(512, v.len());
            assertEquals(0x10, v.opFlags());
            assertEquals(-2, v.userData());
            assertEquals(0xFFFF, v.bufIndex());
            assertEquals(3, v.personality());
            assertEquals(9, v.fileIndex());
            assertEquals(77, v.addr3());

            // Bytes land where Linux puts them (little-endian x86/arm64).
            assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
            assertEquals((byte) 22, seg.get(ValueLayout.JAVA_BYTE, 64 + 0));
            assertEquals((byte) 0x85, seg.get(ValueLayout.JAVA_BYTE, 64 + 1));
            assertEquals((byte) 0xEF, seg.get(ValueLayout.JAVA_BYTE, 64 + 2));
            assertEquals(-7, seg.get(ValueLayout.JAVA_INT, 64 + 4));
            assertEquals(512, seg.get(ValueLayout.JAVA_INT, 64 + 24));
            assertEquals(-2L, seg.get(ValueLayout.JAVA_LONG, 64 + 32));
            assertEquals((short) 0xFFFF, seg.get(ValueLayout.JAVA_SHORT, 64 + 40));

            SqeView other = new SqeView().wrap(seg, 128).clear().opcode(1).userData(42).len(8);
            Sqe back = other.copyTo(new Sqe());
            assertEquals(1, back.opcode);
            assertEquals(42, back.userData);
            assertEquals(8, back.len);
            assertEquals(0, back.off);
            // The neighbouring entry is untouched.
            assertEquals(s, new Sqe().readFrom(seg, 64));
        }
    }

    @Test
    void cqeRoundTripsThroughValueAndView() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64, 8);
            Cqe c = new Cqe();
            c.userData = 0xDEAD_BEEFL; c.res = -125; c.flags = 2;
            c.writeTo(seg, 16);
            assertEquals(c, new Cqe().readFrom(seg, 16));
            CqeView v = new CqeView().wrap(seg, 16);
            assertEquals(0xDEAD_BEEFL, v.userData());
            assertEquals(-125, v.res());
            assertEquals(2, v.flags());
            assertEquals(-125, seg.get(ValueLayout.JAVA_INT, 16 + 8));
            v.res(4096);
            assertEquals(4096, new Cqe().readFrom(seg, 16).res);
        }
    }
}
