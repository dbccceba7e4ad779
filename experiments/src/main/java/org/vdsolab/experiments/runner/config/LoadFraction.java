package org.vdsolab.experiments.runner.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code load.fraction}: an open-loop offered rate given as a fraction of the cell's saturation
 * throughput, so that a latency-against-load sweep covers the same part of every design's curve
 * (10% to 95% of what it sustains) instead of fixed rates that are past one design's knee and
 * idle for another. The runner measures the saturation first, on the cell's closed-loop twin (the
 * same parameters with {@code load.type: closed} and no rate), and then runs the cell with
 * {@code load.rate} = fraction x saturation. The workload never sees {@code load.fraction}.
 * Stateless; thread-safe.
 */
public final class LoadFraction {

    /** The config key. */
    public static final String KEY = "load.fraction";
    static final String RATE = "load.rate";
    static final String TYPE = "load.type";

    private LoadFraction() { }

    /** The cell's fraction, or empty when it gives none. */
    public static OptionalDouble of(Map<String, String> params) {
        String v = params.get(KEY);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
    }

    /**
     * What is wrong with the cell's {@code load.fraction}, starting with the key it concerns, or
     * null when nothing is (or it has none).
     */
    static String problem(Map<String, String> params) {
        String v = params.get(KEY);
        if (v == null) {
            return null;
        }
        BigDecimal f;
        try {
            f = new BigDecimal(v.trim());
        } catch (NumberFormatException e) {
            return KEY + ": must be a fraction of the cell's saturation throughput, > 0 and <= 1; got '" + v + "'";
        }
        if (f.signum() <= 0 || f.compareTo(BigDecimal.ONE) > 0) {
            return KEY + ": must be a fraction of the cell's saturation throughput, > 0 and <= 1; got " + v;
        }
        if (params.containsKey(RATE)) {
            return KEY + ": give either load.fraction (a fraction of the measured saturation) or load.rate (ops/s), not both";
        }
        if (!"open".equals(params.get(TYPE))) {
            return KEY + ": needs load.type: open (the rate is offered by Poisson or uniform arrivals); got load.type "
                    + (params.get(TYPE) == null ? "unset" : "'" + params.get(TYPE) + "'");
        }
        return null;
    }

    /** The parameters the workload validates: the fraction replaced by a stand-in rate. */
    static Map<String, String> forValidation(Map<String, String> params) {
        return params.containsKey(KEY) ? atRate(params, 1) : params;
    }

    /** The closed-loop twin whose throughput is the cell's saturation. */
    public static Map<String, String> saturationParams(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove(KEY);
        p.remove(RATE);
        p.put(TYPE, "closed");
        return p;
    }

    /** The cell's parameters at {@code rate} ops/s, as the workload receives them. */
    public static Map<String, String> atRate(Map<String, String> params, double rate) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove(KEY);
        p.put(RATE, String.format(Locale.ROOT, "%.0f", Math.max(1, rate)));
        p.put(TYPE, "open");
        return p;
    }
}
