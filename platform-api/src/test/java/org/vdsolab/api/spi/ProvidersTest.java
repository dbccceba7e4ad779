package org.vdsolab.api.spi;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.sched.SchedulerProvider;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    /** Registered in this test's META-INF/services; exists only to exercise discovery. */
    public static final class AlphaDevice implements DeviceProvider {
        @Override public String name() { return "test-alpha"; }
        @Override public String description() { return "discovery test double"; }
        @Override public List<String> profiles() { return List.of(); }
        @Override public DeviceModel open(DeviceSpec spec) { throw new UnsupportedOperationException("discovery test double"); }
    }

    /** A second registered double, so sorting and listing are observable. */
    public static final class BetaDevice implements DeviceProvider {
        @Override public String name() { return "test-beta"; }
        @Override public String description() { return "discovery test double"; }
        @Override public List<String> profiles() { return List.of("p"); }
        @Override public DeviceModel open(DeviceSpec spec) { throw new UnsupportedOperationException("discovery test double"); }
    }

    @Test
    void findsRegisteredProvidersByName() {
        assertSame(AlphaDevice.class, Providers.find(DeviceProvider.class, "test-alpha").getClass());
        List<String> names = Providers.names(DeviceProvider.class);
        assertTrue(names.indexOf("test-alpha") < names.indexOf("test-beta"), "sorted: " + names);
    }

    @Test
    void unknownNameListsWhatIsAvailable() {
        var e = assertThrows(UnknownProviderException.class, () -> Providers.find(DeviceProvider.class, "floppy"));
        assertEquals("device", e.kind());
        assertEquals("floppy", e.requested());
        assertTrue(e.getMessage().contains("no device provider named 'floppy'"), e.getMessage());
        assertTrue(e.getMessage().contains("test-alpha") && e.getMessage().contains("test-beta"), e.getMessage());
    }

    @Test
    void aKindWithNothingRegisteredSaysSo() {
        var e = assertThrows(UnknownProviderException.class, () -> Providers.find(SchedulerProvider.class, "cfs"));
        assertTrue(e.getMessage().contains("(none on the class path)"), e.getMessage());
    }

    @Test
    void everyKindHasAListName() {
        assertEquals(List.of("queues", "devices", "schedulers", "loaders", "workloads"), List.copyOf(Providers.kinds().keySet()));
    }
}
