package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;

import java.util.List;

/**
 * Provider {@code null}: a device that completes every request at once ({@link NullDevice}), the
 * floor under every io_uring measurement (fio's null engine plays the same role). Parameter:
 * {@code capacity}. Stateless; thread-safe.
 */
public final class NullDeviceProvider implements DeviceProvider {

    /** The name configs use. */
    public static final String NAME = "null";

    private static final ParamSchema SCHEMA = new ParamSchema(NAME)
            .param("capacity", "1TiB", "bytes addressable by off; requests ending beyond it fail");

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "completes every request at once (res = len, no data moved): the harness floor";
    }

    @Override public String capabilitySummary() { return SCHEMA.summary(); }

    @Override public List<String> profiles() { return SCHEMA.profileNames(); }

    @Override public DeviceModel open(DeviceSpec spec) {
        DeviceParams p = SCHEMA.resolve(spec);
        return new NullDevice(p.bytes("capacity", 0, Long.MAX_VALUE));
    }
}
