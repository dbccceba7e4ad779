package org.vdsolab.devices;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.spi.Providers;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vdsolab.devices.TestIo.spec;

/** Discovery by name, profiles, the capability line, and the errors for unknown or bad parameters. */
class ProvidersAndParamsTest {

    @Test
    void allFiveModelsAreFoundByName() {
        assertEquals(List.of("file", "fixed", "nic", "null", "nvme"), Providers.names(DeviceProvider.class));
        assertTrue(Providers.find(DeviceProvider.class, "nvme") instanceof NvmeDeviceProvider);
    }

    @Test
    void profilesAndCapabilitySummaries() {
        assertEquals(List.of("optane-p4800x", "nand-p3700"), new NvmeDeviceProvider().profiles());
        assertEquals(List.of("100gbe", "25gbe", "10gbe"), new NicDeviceProvider().profiles());
        assertEquals(List.of("nullblk-timer"), new FixedDeviceProvider().profiles());
        assertEquals(List.of(), new NullDeviceProvider().profiles());
        assertEquals(List.of(), new FileDeviceProvider().profiles());
        String nvme = new NvmeDeviceProvider().capabilitySummary();
        assertTrue(nvme.startsWith("profiles: optane-p4800x (default), nand-p3700; parameters: units, unit_select"), nvme);
        assertTrue(nvme.contains("read_base_ns") && nvme.contains("tail_alpha"), nvme);
        assertEquals("parameters: path, size", new FileDeviceProvider().capabilitySummary());
        for (DeviceProvider p : Providers.all(DeviceProvider.class)) {
            assertTrue(!p.description().isBlank(), p.name());
        }
    }

    @Test
    void unknownProfileNamesItAndListsTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NvmeDeviceProvider().open(spec("optane-p5800x")));
        assertEquals("nvme: unknown profile 'optane-p5800x'; allowed: optane-p4800x, nand-p3700", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NullDeviceProvider().open(spec("fast")));
        assertEquals("null: unknown profile 'fast'; allowed: none (this model takes parameters only)", e.getMessage());
    }

    @Test
    void unknownParameterNamesItAndListsTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FixedDeviceProvider().open(spec(null, "service_us", "10")));
        assertEquals("fixed: unknown parameter 'service_us'; allowed: service_ns, units, capacity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NicDeviceProvider().open(spec(null, "ring", "8")));
        assertEquals("nic: unknown parameter 'ring'; allowed: line_rate_gbps, frame_size, wire_overhead, ring_size", e.getMessage());
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NvmeDeviceProvider().open(spec("nand-p3700", "units", "many")));
        assertEquals("nvme (profile nand-p3700): parameter 'units' is 'many'; allowed: an integer in [1, 4096]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FixedDeviceProvider().open(spec(null, "units", "0")));
        assertEquals("fixed: parameter 'units' is '0'; allowed: an integer in [1, 4096] or 'unlimited'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NvmeDeviceProvider().open(spec(null, "unit_select", "random")));
        assertTrue(e.getMessage().contains("'unit_select' is 'random'; allowed: stripe, earliest"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NullDeviceProvider().open(spec(null, "capacity", "12 parsecs")));
        assertTrue(e.getMessage().startsWith("null: parameter 'capacity' is '12 parsecs'; allowed: a byte count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NvmeDeviceProvider().open(spec(null, "tail_probability", "NaN")));
        assertTrue(e.getMessage().contains("'tail_probability' is 'NaN'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NvmeDeviceProvider().open(spec(null, "tail_min_ns", "100", "tail_max_ns", "50")));
        assertTrue(e.getMessage().contains("'tail_max_ns' is '50'; allowed: at least tail_min_ns (100)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NicDeviceProvider().open(spec(null, "line_rate_gbps", "-1")));
        assertTrue(e.getMessage().contains("'line_rate_gbps' is '-1'"), e.getMessage());
    }

    @Test
    void byteCountsTakeBinaryAndDecimalUnits() {
        DeviceParams p = new DeviceParams("t", null, Map.of("a", "4k", "b", "4KiB", "c", "375GB", "d", "2T", "e", "1_000",
                "f", "3 MiB", "g", "9223372036854775807k"));
        assertEquals(4096, p.bytes("a", 0, Long.MAX_VALUE));
        assertEquals(4096, p.bytes("b", 0, Long.MAX_VALUE));
        assertEquals(375_000_000_000L, p.bytes("c", 0, Long.MAX_VALUE));
        assertEquals(2L << 40, p.bytes("d", 0, Long.MAX_VALUE));
        assertEquals(1000, p.bytes("e", 0, Long.MAX_VALUE));
        assertEquals(3L << 20, p.bytes("f", 0, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> p.bytes("g", 0, Long.MAX_VALUE), "overflow is refused");
        assertThrows(IllegalArgumentException.class, () -> p.bytes("a", 0, 1000), "out of range is refused");
    }

    @Test
    void specParametersOverrideTheProfileWhichOverridesTheDefaults() {
        try (DeviceModel d = new NvmeDeviceProvider().open(spec("nand-p3700", "units", "3", "capacity", "1GiB"))) {
            assertTrue(d.describe().startsWith("nvme/nand-p3700 (3 units"), d.describe());
            assertTrue(d.describe().contains("capacity 1073741824 B"), d.describe());
        }
        try (DeviceModel d = new NvmeDeviceProvider().open(DeviceSpec.defaults())) {
            assertTrue(d.describe().startsWith("nvme/optane-p4800x (5 units"), "default profile: " + d.describe());
            assertEquals(375_000_000_000L, ((NvmeDevice) d).capacityBytes());
        }
        try (DeviceModel d = new NvmeDeviceProvider().open(spec("nand-p3700"))) {
            assertEquals(800_000_000_000L, ((NvmeDevice) d).capacityBytes());
        }
        try (DeviceModel d = new FixedDeviceProvider().open(spec("nullblk-timer"))) {
            assertEquals("fixed/nullblk-timer (service 10000 ns, unlimited units, capacity 1099511627776 B)", d.describe());
        }
    }
}
