package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;

import java.util.List;

/**
 * Provider {@code fixed}: a constant service time per request on one or more parallel units
 * ({@link FixedDevice}). Parameters {@code service_ns}, {@code units} (a count, or
 * {@code unlimited}), {@code capacity}; profile {@code nullblk-timer} is Linux null_blk in timer
 * mode (every request completes 10 µs after submission, null_blk's default
 * {@code completion_nsec}). Stateless; thread-safe.
 */
public final class FixedDeviceProvider implements DeviceProvider {

    /** The name configs use. */
    public static final String NAME = "fixed";

    /** {@code units} value meaning no limit on parallel requests. */
    static final int UNLIMITED = 0;
    static final int MAX_UNITS = 4096;

    private static final ParamSchema SCHEMA = new ParamSchema(NAME)
            .param("service_ns", "10000", "service time of every READ/WRITE/FSYNC, nanoseconds")
            .param("units", "1", "requests served in parallel, 1.." + MAX_UNITS + " or 'unlimited'")
            .param("capacity", "1TiB", "bytes addressable by off; requests ending beyond it fail")
            .profile("nullblk-timer", "Linux null_blk, irqmode=2 (timer): completion 10 us after submission",
                    "service_ns", "10000", "units", "unlimited");

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "constant service time per request on 1..n parallel units (or unlimited, like null_blk's timer mode)";
    }

    @Override public String capabilitySummary() { return SCHEMA.summary(); }

    @Override public List<String> profiles() { return SCHEMA.profileNames(); }

    @Override public DeviceModel open(DeviceSpec spec) {
        DeviceParams p = SCHEMA.resolve(spec);
        long service = p.integer("service_ns", 0, 3_600_000_000_000L);
        int units = units(p);
        return new FixedDevice(p.profile(), service, units, p.bytes("capacity", 0, Long.MAX_VALUE));
    }

    private static int units(DeviceParams p) {
        String v = p.text("units");
        if ("unlimited".equals(v)) {
            return UNLIMITED;
        }
        try {
            return (int) p.integer("units", 1, MAX_UNITS);
        } catch (IllegalArgumentException e) {
            throw p.bad("units", v, "an integer in [1, " + MAX_UNITS + "] or 'unlimited'");
        }
    }
}
