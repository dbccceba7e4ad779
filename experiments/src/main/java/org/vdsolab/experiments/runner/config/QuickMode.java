package org.vdsolab.experiments.runner.config;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run --quick}: a smoke run. When the config has a {@code quick:} block, that block is
 * deep-merged over the config (its maps merge into the config's maps, everything else replaces)
 * and nothing else changes: the config's author chose what "quick" means. Without a block, the
 * documented default shrink applies:
 * <ul>
 *   <li>{@code run.warmup: 0}, {@code run.repetitions: 1}, {@code run.fork: false} (one repetition
 *       per cell has no other to be independent of; a smoke run need not start a JVM per cell);</li>
 *   <li>{@code run.duration_s} capped at {@value #DEFAULT_MAX_DURATION_S} s when it is set;</li>
 *   <li>every swept list of more than two numbers keeps only its first and last value (lists of
 *       names, such as the queue providers, are the comparison itself and are kept whole).</li>
 * </ul>
 * Either way the {@code quick} key itself is removed from the config as run. Stateless.
 */
public final class QuickMode {

    /** Longest duration the default shrink leaves, in seconds. */
    public static final int DEFAULT_MAX_DURATION_S = 1;

    /** Keys a {@code quick:} block may not change: they name the experiment. */
    static final Set<String> FIXED_KEYS = Set.of("experiment", "workload", "quick");

    private QuickMode() { }

    /**
     * Applies the config's {@code quick:} block, or the default shrink when there is none.
     *
     * @throws ConfigException when {@code quick} is not a map or tries to change a fixed key
     */
    public static ConfigMap apply(ConfigMap root) {
        ConfigNode quick = root.get("quick");
        ConfigMap base = root.without("quick");
        if (quick == null) {
            return defaultShrink(base);
        }
        if (!(quick instanceof ConfigMap block)) {
            throw ConfigException.at(quick.origin(), "quick", "must be a map of the keys to override in a --quick run,"
                    + " not " + quick.shape());
        }
        for (String key : block.keys()) {
            if (FIXED_KEYS.contains(key)) {
                throw ConfigException.at(block.get(key).origin(), "quick." + key, "a quick block cannot change '" + key
                        + "'; it may override parameters, description and run settings");
            }
        }
        return base.merge(block);
    }

    private static ConfigMap defaultShrink(ConfigMap base) {
        Origin origin = new Origin("--quick (default shrink, no quick: block)", 0);
        Map<String, ConfigNode> run = new LinkedHashMap<>();
        if (base.get("run") instanceof ConfigMap existing) {
            run.putAll(existing.entries());
        }
        run.put("warmup", new ConfigScalar("0", ConfigScalar.Type.INTEGER, origin));
        run.put("repetitions", new ConfigScalar("1", ConfigScalar.Type.INTEGER, origin));
        run.put("fork", new ConfigScalar("false", ConfigScalar.Type.BOOLEAN, origin));
        if (run.get("duration_s") instanceof ConfigScalar d && d.isNumber()
                && new BigDecimal(d.text()).compareTo(BigDecimal.valueOf(DEFAULT_MAX_DURATION_S)) > 0) {
            run.put("duration_s", new ConfigScalar(Integer.toString(DEFAULT_MAX_DURATION_S), ConfigScalar.Type.INTEGER, origin));
        }
        ConfigMap shrunk = shrinkSweeps(base, origin);
        return shrunk.with("run", new ConfigMap(run, base.get("run") == null ? origin : base.get("run").origin()));
    }

    private static ConfigMap shrinkSweeps(ConfigMap map, Origin origin) {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
            ConfigNode v = e.getValue();
            if (v instanceof ConfigList list && list.items().size() > 2 && allNumbers(list)) {
                v = new ConfigList(List.of(list.items().getFirst(), list.items().getLast()), list.origin());
            } else if (v instanceof ConfigMap m && !e.getKey().equals("run") && !e.getKey().equals("report")) {
                v = shrinkSweeps(m, origin);
            }
            out.put(e.getKey(), v);
        }
        return new ConfigMap(out, map.origin());
    }

    private static boolean allNumbers(ConfigList list) {
        return list.items().stream().allMatch(i -> i instanceof ConfigScalar s && s.isNumber());
    }
}
