package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.MemorySegment;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device table takes each device's bound from its model; an explicit bound may only narrow it. */
class DeviceTableTest {

    /** A model that states no capacity: the interface defaults apply. */
    private static final DeviceModel UNBOUNDED = new DeviceModel() {
        @Override public String describe() { return "unbounded"; }
        @Override public void submit(long nowNanos, SqeView sqe, MemorySegment buffers, IoResult out) { out.set(nowNanos, 0); }
    };

    @Test
    void theBoundComesFromTheModel() {
        DeviceTable t = new DeviceTable();
        int a = t.add("a", new TestDevice(8192, 0));
        int b = t.add("b", UNBOUNDED, 2, 3);
        assertEquals(8192, t.get(a).capacityBytes());
        assertEquals(Long.MAX_VALUE, t.get(b).capacityBytes(), "the default: no address space");
        assertTrue(t.get(a).allows(200), "no domains listed: every domain");
        assertTrue(t.get(b).allows(3));
        assertFalse(t.get(b).allows(0));
        assertEquals(Map.of(), UNBOUNDED.counters(), "the default: no model counters");
    }

    @Test
    void anExplicitBoundMayOnlyNarrowTheModels() {
        DeviceTable t = new DeviceTable();
        TestDevice dev = new TestDevice(8192, 0);
        assertEquals(4096, t.get(t.add("window", dev, 4096L)).capacityBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.add("wide", dev, 8193L));
        assertTrue(e.getMessage().contains("'wide'") && e.getMessage().contains("8192"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.add("negative", dev, -1L));
    }
}
