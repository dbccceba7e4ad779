package org.vdsolab.devices;

import java.util.Locale;
import java.util.Map;

/**
 * The resolved parameters of one device instance (defaults, then profile, then the config's own
 * values), with typed getters whose errors name the device, the key, the value given and what is
 * allowed. Immutable; thread-safe.
 */
final class DeviceParams {

    private final String device;
    private final String profile;
    private final Map<String, String> values;

    DeviceParams(String device, String profile, Map<String, String> values) {
        this.device = device;
        this.profile = profile;
        this.values = Map.copyOf(values);
    }

    /** The profile in use, or {@code null} when none applies. */
    String profile() { return profile; }

    /** The raw value, or {@code null} if neither a default, the profile nor the config set it. */
    String text(String key) { return values.get(key); }

    /** An integer in {@code [min, max]}; underscores between digits are allowed ({@code 10_000}). */
    long integer(String key, long min, long max) {
        String v = required(key);
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer in [" + min + ", " + max + "]");
        }
        if (n < min || n > max) {
            throw bad(key, v, "an integer in [" + min + ", " + max + "]");
        }
        return n;
    }

    /** A finite decimal number in {@code [min, max]}. */
    double decimal(String key, double min, double max) {
        String v = required(key);
        double d;
        try {
            d = Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number in [" + min + ", " + max + "]");
        }
        if (!(d >= min && d <= max)) {      // also refuses NaN
            throw bad(key, v, "a number in [" + min + ", " + max + "]");
        }
        return d;
    }

    /**
     * A byte count in {@code [min, max]}: digits with an optional unit, binary {@code k, m, g, t}
     * (any case) or {@code KiB, MiB, GiB, TiB}, or decimal {@code KB, MB, GB, TB} as drive vendors
     * use them ({@code 375GB} = 375 * 10^9).
     */
    long bytes(String key, long min, long max) {
        String v = required(key);
        String expected = "a byte count in [" + min + ", " + max + "], digits with an optional unit"
                + " k/m/g/t or KiB/MiB/GiB/TiB (binary) or KB/MB/GB/TB (decimal)";
        String s = v.replace("_", "").strip();
        int split = 0;
        while (split < s.length() && Character.isDigit(s.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw bad(key, v, expected);
        }
        long multiplier = unit(s.substring(split).strip());
        if (multiplier < 0) {
            throw bad(key, v, expected);
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(s.substring(0, split)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key, v, expected);
        }
        if (n < min || n > max) {
            throw bad(key, v, expected);
        }
        return n;
    }

    private static long unit(String u) {
        return switch (u) {
            case "" -> 1L;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            default -> switch (u.toLowerCase(Locale.ROOT)) {
                case "k", "kib" -> 1L << 10;
                case "m", "mib" -> 1L << 20;
                case "g", "gib" -> 1L << 30;
                case "t", "tib" -> 1L << 40;
                default -> -1L;
            };
        };
    }

    private String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(device + ": parameter '" + key + "' is required");
        }
        return v;
    }

    IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(device + (profile == null ? "" : " (profile " + profile + ")")
                + ": parameter '" + key + "' is '" + value + "'; allowed: " + expected);
    }
}
