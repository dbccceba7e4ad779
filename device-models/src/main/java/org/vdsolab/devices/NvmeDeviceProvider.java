package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;

import java.util.List;

/**
 * Provider {@code nvme}: simulated NVMe SSDs ({@link NvmeDevice}) with two calibrated profiles,
 * {@code optane-p4800x} (the default) and {@code nand-p3700}, whose 4 KiB random-read QD1 latency
 * reproduces AnandTech's published figures (P4800X review, 2017). Every parameter may be
 * overridden from a config; the README of this module derives each profile value. Stateless;
 * thread-safe.
 */
public final class NvmeDeviceProvider implements DeviceProvider {

    /** The name configs use. */
    public static final String NAME = "nvme";

    static final int MAX_UNITS = 4096;

    private static final ParamSchema SCHEMA = new ParamSchema(NAME)
            .param("units", "8", "parallel units (NVMeVirt's io units), 1.." + MAX_UNITS + "; default NVMeVirt's")
            .param("unit_select", "stripe", "which unit serves a request: 'stripe' (the unit holding its first byte, NVMeVirt)"
                    + " or 'earliest' (the first to be free)")
            .param("unit_stripe", "4KiB", "bytes of device space per unit before the next unit; unit = (off / stripe) % units")
            .param("capacity", null, "bytes addressable by off (set by the profile)")
            .param("read_base_ns", null, "fixed part of a read's service time, ns (set by the profile)")
            .param("read_bandwidth_mb_s", null, "read transfer rate, 10^6 bytes/s (set by the profile)")
            .param("write_base_ns", null, "fixed part of a write's service time, ns (set by the profile)")
            .param("write_bandwidth_mb_s", null, "write transfer rate, 10^6 bytes/s (set by the profile)")
            .param("jitter_mean_ns", null, "mean of the exponential jitter body, ns (set by the profile)")
            .param("tail_probability", null, "probability that a request also draws a Pareto tail delay (set by the profile)")
            .param("tail_min_ns", null, "Pareto scale: the smallest tail delay, ns (set by the profile)")
            .param("tail_alpha", null, "Pareto shape: smaller is heavier (set by the profile)")
            .param("tail_max_ns", null, "cap on one tail delay, ns (set by the profile)")
            .param("flush_ns", "0", "FSYNC time after every unit is idle, ns (0: power-loss-protected cache, no media work)")
            .profile("optane-p4800x",
                    "Intel Optane SSD DC P4800X 375GB, 4 KiB random read QD1: mean 8.9 us, p99 10 us, p99.999 37 us (AnandTech)",
                    "units", "5",
                    "unit_select", "earliest",
                    "capacity", "375GB",
                    "read_base_ns", "6886",
                    "read_bandwidth_mb_s", "2400",
                    "write_base_ns", "6886",
                    "write_bandwidth_mb_s", "2000",
                    "jitter_mean_ns", "305",
                    "tail_probability", "0.0001",
                    "tail_min_ns", "10000",
                    "tail_alpha", "2.2",
                    "tail_max_ns", "1000000")
            .profile("nand-p3700",
                    "Intel SSD DC P3700 800GB, 4 KiB random read QD1: mean 77.9 us, p99 96 us, p99.999 2768 us (AnandTech)",
                    "units", "13",
                    "unit_select", "earliest",
                    "capacity", "800GB",
                    "read_base_ns", "71240",
                    "read_bandwidth_mb_s", "2800",
                    "write_base_ns", "12750",
                    "write_bandwidth_mb_s", "2000",
                    "jitter_mean_ns", "5020",
                    "tail_probability", "0.0001",
                    "tail_min_ns", "500000",
                    "tail_alpha", "1.35",
                    "tail_max_ns", "20000000")
            .defaultProfile("optane-p4800x");

    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @Override public String name() { return NAME; }

    @Override public String description() {
        return "simulated NVMe SSD: parallel units, completion = max(now, unit busy-until) + base + len/bandwidth + heavy-tailed jitter";
    }

    @Override public String capabilitySummary() { return SCHEMA.summary(); }

    @Override public List<String> profiles() { return SCHEMA.profileNames(); }

    @Override public DeviceModel open(DeviceSpec spec) {
        DeviceParams p = SCHEMA.resolve(spec);
        long tailMin = p.integer("tail_min_ns", 0, HOUR_NANOS);
        long tailMax = p.integer("tail_max_ns", 0, HOUR_NANOS);
        if (tailMax < tailMin) {
            throw p.bad("tail_max_ns", p.text("tail_max_ns"), "at least tail_min_ns (" + tailMin + ")");
        }
        HeavyTailJitter jitter = new HeavyTailJitter(
                p.integer("jitter_mean_ns", 0, HOUR_NANOS),
                p.decimal("tail_probability", 0, 1),
                tailMin,
                p.decimal("tail_alpha", 0.1, 100),
                tailMax);
        return new NvmeDevice(new NvmeDevice.Settings(
                p.profile(),
                (int) p.integer("units", 1, MAX_UNITS),
                stripeUnits(p),
                p.bytes("unit_stripe", 512, 1L << 40),
                p.bytes("capacity", 0, Long.MAX_VALUE),
                p.integer("read_base_ns", 0, HOUR_NANOS),
                nanosPerByte(p, "read_bandwidth_mb_s"),
                p.integer("write_base_ns", 0, HOUR_NANOS),
                nanosPerByte(p, "write_bandwidth_mb_s"),
                p.integer("flush_ns", 0, HOUR_NANOS),
                jitter,
                spec.seed()));
    }

    private static boolean stripeUnits(DeviceParams p) {
        return switch (p.text("unit_select")) {
            case "stripe" -> true;
            case "earliest" -> false;
            default -> throw p.bad("unit_select", p.text("unit_select"), "stripe, earliest");
        };
    }

    /** 10^6 bytes/s is one byte per microsecond, so a byte takes 1000 / (MB/s) nanoseconds. */
    private static double nanosPerByte(DeviceParams p, String key) {
        return 1000.0 / p.decimal(key, 0.001, 1e9);
    }
}
