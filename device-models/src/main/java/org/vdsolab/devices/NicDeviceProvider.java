package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;

import java.util.List;

/**
 * Provider {@code nic}: a network port with a line rate, a fixed frame size and a descriptor ring
 * that drops frames when full ({@link NicDevice}). Profiles {@code 100gbe} (the default),
 * {@code 25gbe}, {@code 10gbe}: 64-byte frames, 20 bytes of preamble, start delimiter and
 * inter-frame gap per frame, a 1024-entry ring. Stateless; thread-safe.
 */
public final class NicDeviceProvider implements DeviceProvider {

    /** The name configs use. */
    public static final String NAME = "nic";

    static final int MAX_RING = 1 << 16;

    private static final ParamSchema SCHEMA = new ParamSchema(NAME)
            .param("line_rate_gbps", null, "line rate, 10^9 bits/s (set by the profile)")
            .param("frame_size", "64", "bytes per frame on the link, FCS included (Ethernet's minimum is 64);"
                    + " a request's len may not exceed it")
            .param("wire_overhead", "20", "extra bytes on the wire per frame: 7 preamble + 1 start delimiter + 12 inter-frame gap")
            .param("ring_size", "1024", "descriptor ring entries, 1.." + MAX_RING
                    + "; a frame offered when all are occupied is dropped")
            .profile("100gbe", "100 Gb/s Ethernet: 148.8 Mpps at 64-byte frames", "line_rate_gbps", "100")
            .profile("25gbe", "25 Gb/s Ethernet: 37.2 Mpps at 64-byte frames", "line_rate_gbps", "25")
            .profile("10gbe", "10 Gb/s Ethernet: 14.88 Mpps at 64-byte frames", "line_rate_gbps", "10")
            .defaultProfile("100gbe");

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "network port: per-frame wire time from line rate and frame size, a descriptor ring that drops (and counts) when full";
    }

    @Override public String capabilitySummary() { return SCHEMA.summary(); }

    @Override public List<String> profiles() { return SCHEMA.profileNames(); }

    @Override public DeviceModel open(DeviceSpec spec) {
        DeviceParams p = SCHEMA.resolve(spec);
        return new NicDevice(p.profile(),
                p.decimal("line_rate_gbps", 0.000001, 100_000),
                (int) p.integer("frame_size", 1, 65_535),
                (int) p.integer("wire_overhead", 0, 1_000),
                (int) p.integer("ring_size", 1, MAX_RING));
    }
}
