package org.vdsolab.experiments.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional {@code report:} block: which swept parameter the charts use for series and which
 * for the x axis, and which workload counters get a chart of their own. Null fields (and an empty
 * counter list) mean "choose by the default rule" (see the report package's ChartPlanner).
 * Immutable.
 *
 * @param series   the parameter with one chart series per value (default {@code queue} when swept)
 * @param x        the parameter on the x axis of the throughput and counter charts (default: the
 *                 first other swept key whose values are numbers)
 * @param counters counters drawn against the x axis like throughput, e.g. {@code torn_per_million}
 */
public record ReportHints(String series, String x, List<String> counters) {

    /** Keys of the {@code report:} block. */
    public static final List<String> KEYS = List.of("series", "x", "counters");

    private static final Pattern COUNTER = Pattern.compile("[A-Za-z0-9_.-]+");

    public ReportHints {
        counters = List.copyOf(counters);
    }

    public static ReportHints none() {
        return new ReportHints(null, null, List.of());
    }

    /**
     * Reads a {@code report:} block.
     *
     * @param node       the block, or null for none
     * @param parameters the config's parameter keys, which {@code series} and {@code x} must name;
     *                   null to skip that check (redrawing a report from an edited config.yaml)
     * @throws ConfigException naming the origin, the key and what is allowed
     */
    public static ReportHints parse(ConfigNode node, Set<String> parameters) {
        if (node == null) {
            return none();
        }
        if (!(node instanceof ConfigMap map)) {
            throw ConfigException.at(node.origin(), "report", "must be a map with keys " + String.join(", ", KEYS)
                    + ", not " + node.shape());
        }
        String series = null;
        String x = null;
        List<String> counters = new ArrayList<>();
        for (String key : map.keys()) {
            ConfigNode v = map.get(key);
            switch (key) {
                case "series" -> series = parameter(v, "report.series", parameters);
                case "x" -> x = parameter(v, "report.x", parameters);
                case "counters" -> {
                    List<ConfigNode> items = v instanceof ConfigList l ? l.items() : List.of(v);
                    for (ConfigNode item : items) {
                        if (!(item instanceof ConfigScalar s) || !COUNTER.matcher(s.text()).matches()) {
                            throw ConfigException.at(item.origin(), "report.counters", "must be a counter name or a list of"
                                    + " them, such as [torn_per_million, lost]");
                        }
                        counters.add(s.text());
                    }
                }
                default -> throw ConfigException.at(v.origin(), "report." + key, "unknown key; the report block accepts "
                        + String.join(", ", KEYS));
            }
        }
        return new ReportHints(series, x, counters);
    }

    private static String parameter(ConfigNode v, String key, Set<String> parameters) {
        if (v instanceof ConfigScalar s && s.type() != ConfigScalar.Type.NULL
                && (parameters == null || parameters.contains(s.text()))) {
            return s.text();
        }
        throw ConfigException.at(v.origin(), key, "must name one of this config's parameters"
                + (parameters == null ? "" : ": " + String.join(", ", parameters))
                + (v instanceof ConfigScalar s2 ? "; got '" + s2.text() + "'" : "; got " + v.shape()));
    }
}
