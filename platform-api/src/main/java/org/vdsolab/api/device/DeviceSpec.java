package org.vdsolab.api.device;

import java.util.Map;
import java.util.Objects;

/**
 * What to open: a device model's profile (or null for its defaults) and parameter overrides, as
 * strings from a config, and a seed for the model's random jitter.
 */
public record DeviceSpec(String profile, Map<String, String> params, long seed) {
    public DeviceSpec {
        params = Map.copyOf(Objects.requireNonNull(params, "params"));
    }

    public static DeviceSpec defaults() {
        return new DeviceSpec(null, Map.of(), 1L);
    }
}
