package org.vdsolab.experiments.faults;

import java.util.List;
import java.util.Map;

/**
 * Reads the string parameters of one fault workload cell, each with a default and a range, and
 * fails with a message naming the workload, the key, the value and what is allowed. Also turns a
 * parsed parameter set back into {@code key=value} arguments for child JVMs. Not thread-safe; one
 * per parse.
 */
final class ParamReader {

    private final String workload;
    private final Map<String, String> params;

    ParamReader(String workload, Map<String, String> params) {
        this.workload = workload;
        this.params = params;
    }

    /** A whole number in [min, max], or {@code dflt} when the key is absent. */
    long longValue(String key, long dflt, long min, long max) {
        String v = params.get(key);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw error(key, v, "a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw error(key, v, "a whole number from " + min + " to " + max);
        }
        return n;
    }

    /** A power of two in [min, max], or {@code dflt} when the key is absent. */
    int powerOfTwo(String key, int dflt, int min, int max) {
        int n = intValue(key, dflt, min, max);
        if (Integer.bitCount(n) != 1) {
            throw error(key, Integer.toString(n), "a power of two from " + min + " to " + max);
        }
        return n;
    }

    int intValue(String key, int dflt, int min, int max) {
        return (int) longValue(key, dflt, min, max);
    }

    /** One of {@code allowed}, or {@code dflt} when absent. */
    String choice(String key, String dflt, List<String> allowed) {
        String v = params.getOrDefault(key, dflt).trim();
        if (!allowed.contains(v)) {
            throw error(key, v, "one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** A non-blank string, or {@code dflt} (which may be null: then the key is required). */
    String string(String key, String dflt) {
        String v = params.get(key);
        if (v == null || v.isBlank()) {
            if (dflt == null) {
                throw new IllegalArgumentException(workload + ": parameter '" + key + "' is required");
            }
            return dflt;
        }
        return v.trim();
    }

    IllegalArgumentException error(String key, String value, String allowed) {
        return new IllegalArgumentException(workload + ": " + key + ": must be " + allowed + "; got '" + value + "'");
    }
}
