package org.vdsolab.api.spi;

import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.loader.VdsoLoader;
import org.vdsolab.api.queue.QueueProvider;
import org.vdsolab.api.sched.SchedulerProvider;
import org.vdsolab.api.workload.WorkloadProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Discovery of providers by kind and name through {@link ServiceLoader}, using the thread's
 * context class loader (so a domain's class loader sees the providers its class path holds).
 * Stateless and thread-safe; every call re-scans, so it is for set-up paths, not hot paths.
 */
public final class Providers {

    private Providers() { }

    /** The kinds of provider the platform knows, by the plural name {@code list} shows. */
    public static Map<String, Class<? extends Provider>> kinds() {
        Map<String, Class<? extends Provider>> kinds = new LinkedHashMap<>();
        kinds.put("queues", QueueProvider.class);
        kinds.put("devices", DeviceProvider.class);
        kinds.put("schedulers", SchedulerProvider.class);
        kinds.put("loaders", VdsoLoader.class);
        kinds.put("workloads", WorkloadProvider.class);
        return kinds;
    }

    /**
     * Every provider of {@code kind} on the class path, sorted by name.
     *
     * @throws IllegalStateException if a provider is registered but cannot be instantiated, or two
     *                               share a name; the message names them
     */
    public static <P extends Provider> List<P> all(Class<P> kind) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        List<P> found = new ArrayList<>();
        try {
            for (P p : ServiceLoader.load(kind, cl == null ? Providers.class.getClassLoader() : cl)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a " + kind.getSimpleName() + " registered in META-INF/services cannot be loaded: "
                    + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(Provider::name));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).name().equals(found.get(i - 1).name())) {
                throw new IllegalStateException("two " + kind.getSimpleName() + "s are named '" + found.get(i).name() + "': "
                        + found.get(i - 1).getClass().getName() + " and " + found.get(i).getClass().getName());
            }
        }
        return found;
    }

    /** Names of every provider of {@code kind}, sorted. */
    public static List<String> names(Class<? extends Provider> kind) {
        return all(kind).stream().map(Provider::name).toList();
    }

    /**
     * The provider of {@code kind} called {@code name}.
     *
     * @throws UnknownProviderException listing the available names when there is none
     */
    public static <P extends Provider> P find(Class<P> kind, String name) {
        List<P> all = all(kind);
        for (P p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new UnknownProviderException(kindName(kind), name, all.stream().map(Provider::name).toList());
    }

    private static String kindName(Class<?> kind) {
        for (Map.Entry<String, Class<? extends Provider>> e : kinds().entrySet()) {
            if (e.getValue().equals(kind)) {
                String plural = e.getKey();
                return plural.substring(0, plural.length() - 1);
            }
        }
        return kind.getSimpleName();
    }
}
