package org.vdsolab.experiments.uring;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.spi.Providers;

import java.util.Map;

/**
 * Opening the device model a uring workload drives, shared by the uring workloads so that every one
 * sizes and names its device the same way. Stateless; thread-safe.
 */
final class UringDevices {

    /** The request size of the uring workloads: one 4 KiB block. */
    static final long BLOCK = 4096;

    private UringDevices() { }

    /**
     * Opens device provider {@code name} with {@code profile} (null: the model's defaults), sized to
     * {@code bytes} (the {@code file} device takes it as its {@code size} parameter).
     *
     * @throws org.vdsolab.api.spi.UnknownProviderException listing the available devices
     */
    static DeviceModel open(String name, String profile, long bytes, long seed) {
        DeviceProvider dp = Providers.find(DeviceProvider.class, name);
        Map<String, String> params = "file".equals(name) ? Map.of("size", Long.toString(bytes)) : Map.of();
        return dp.open(new DeviceSpec(profile, params, seed));
    }
}
