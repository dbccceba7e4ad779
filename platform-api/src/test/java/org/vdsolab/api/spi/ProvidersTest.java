package org.vdsolab.api.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.sched.SchedulerProvider;

import java.io.IOException;
import java.net.URLClassLoader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    @TempDir
    Path dir;

    private ClassLoader saved;
    private URLClassLoader withDoubles;

    /**
     * Registers the two device doubles through a class loader that sees one extra services file,
     * set as the context class loader (the one {@link Providers} uses). They are not registered in
     * this module's test resources, so they never reach other modules' class paths.
     */
    @BeforeEach
    void registerDoubles() throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(DeviceProvider.class.getName()),
                AlphaDevice.class.getName() + "\n" + BetaDevice.class.getName() + "\n");
        withDoubles = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProvidersTest.class.getClassLoader());
        saved = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(withDoubles);
    }

    @AfterEach
    void restore() throws IOException {
        Thread.currentThread().setContextClassLoader(saved);
        withDoubles.close();
    }

    /** Registered by {@link #registerDoubles()}; exists only to exercise discovery. */
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
