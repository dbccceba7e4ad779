package org.vdsolab.api.uring;

import org.vdsolab.api.device.DeviceModel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The kernel's table of devices behind the ring: an SQE's {@code fd} is an index into it. Each
 * entry has a model, a capacity in bytes (reads and writes must lie in {@code [0, capacity)}),
 * normally the model's own {@link DeviceModel#capacityBytes()}, and the set of user domains allowed
 * to use it. Filled before the pollers start and read-only after,
 * so pollers read it without synchronisation (the poller threads are started after it is
 * complete, which publishes it).
 *
 * <p>Thread-safety: {@link #add} is for set-up by one thread; lookups are safe from any thread
 * once the table is published.
 */
public final class DeviceTable {

    /**
     * One registered device.
     *
     * @param name          for reports
     * @param model         the device model the pollers hand requests to
     * @param capacityBytes bytes addressable by {@code off}; READ/WRITE beyond it are {@code -EINVAL}
     * @param allowed       the user domains that may use it
     */
    public record Device(String name, DeviceModel model, long capacityBytes, BitSet allowed) {
        public Device {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
            if (capacityBytes < 0) {
                throw new IllegalArgumentException("device '" + name + "': capacityBytes must be >= 0, got " + capacityBytes);
            }
            allowed = (BitSet) allowed.clone();
        }

        public boolean allows(int domain) { return allowed.get(domain); }
    }

    private final List<Device> devices = new ArrayList<>();
    private Device[] table = new Device[0];

    /**
     * Registers a device, bounded by the model's own {@link DeviceModel#capacityBytes()}, and
     * returns its fd.
     *
     * @param domains the domains allowed to use it; empty means every domain
     */
    public int add(String name, DeviceModel model, int... domains) {
        Objects.requireNonNull(model, "model");
        return register(name, model, model.capacityBytes(), domains);
    }

    /**
     * Registers a device seen through a window of its first {@code capacityBytes} bytes (a bound
     * tighter than the model's own, e.g. a benchmark that sizes its offsets itself) and returns its fd.
     * Pass {@code capacityBytes} as a {@code long}: an {@code int} argument selects
     * {@link #add(String, DeviceModel, int...)} and is taken as a domain.
     *
     * @param domains the domains allowed to use it; empty means every domain
     * @throws IllegalArgumentException naming the device if {@code capacityBytes} is negative or
     *                                  beyond the model's {@link DeviceModel#capacityBytes()}
     */
    public int add(String name, DeviceModel model, long capacityBytes, int... domains) {
        Objects.requireNonNull(model, "model");
        if (capacityBytes > model.capacityBytes()) {
            throw new IllegalArgumentException("device '" + name + "': capacityBytes " + capacityBytes
                    + " exceeds the model's capacity " + model.capacityBytes() + "; allowed: [0, " + model.capacityBytes() + "]");
        }
        return register(name, model, capacityBytes, domains);
    }

    private int register(String name, DeviceModel model, long capacityBytes, int... domains) {
        BitSet allowed = new BitSet();
        if (domains.length == 0) {
            allowed.set(0, UringSpec.MAX_DOMAINS);
        }
        for (int d : domains) {
            if (d < 0 || d >= UringSpec.MAX_DOMAINS) {
                throw new IllegalArgumentException("device '" + name + "': domain " + d + " outside [0, " + UringSpec.MAX_DOMAINS + ")");
            }
            allowed.set(d);
        }
        devices.add(new Device(name, model, capacityBytes, allowed));
        table = devices.toArray(new Device[0]);
        return devices.size() - 1;
    }

    /** The device for {@code fd}, or null if none. */
    public Device get(int fd) {
        Device[] t = table;
        return fd >= 0 && fd < t.length ? t[fd] : null;
    }

    public int size() { return table.length; }

    /** Every registered device, in fd order. */
    public List<Device> devices() { return List.copyOf(devices); }
}
