package org.vdsolab.experiments.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command-line overrides, as fio's options override a job file: {@code --set key=value}, where the
 * key may be dotted to reach into a map ({@code load.rate}, {@code run.repetitions}) and the value
 * is YAML ({@code 100000}, {@code open}, {@code [vsched,disruptor]} for a sweep). Values keep the
 * {@code --set} argument as their origin, so a rejected override is named as such. Stateless.
 */
public final class ConfigOverrides {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** One parsed {@code --set}: the key path, the value, and the argument as typed. */
    public record Assignment(List<String> path, ConfigNode value, String argument) {
        public Assignment {
            path = List.copyOf(path);
        }

        /** The dotted key. */
        public String key() {
            return String.join(".", path);
        }
    }

    private ConfigOverrides() { }

    /**
     * Parses {@code key=value}.
     *
     * @throws ConfigException when the argument has no {@code =}, a malformed key, no value, or a
     *                         value that is not YAML
     */
    public static Assignment parse(String argument) {
        Origin origin = new Origin("--set " + argument, 0);
        int eq = argument.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(origin + ": expected key=value (for example --set load.rate=100000"
                    + " or --set queue=[vsched,disruptor])");
        }
        String key = argument.substring(0, eq).trim();
        String valueText = argument.substring(eq + 1).trim();
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(origin + ": '" + key + "' is not a key; keys are letters, digits, '_' and '-',"
                    + " dotted for nested maps (load.rate, run.repetitions)");
        }
        if (valueText.isEmpty()) {
            throw new ConfigException(origin + ": " + key + ": no value after '='");
        }
        ConfigNode value = new YamlConfigReader().read(valueText, origin.source());
        if (value instanceof ConfigScalar s && s.type() == ConfigScalar.Type.NULL) {
            throw new ConfigException(origin + ": " + key + ": the value is YAML null; give a value");
        }
        return new Assignment(List.of(key.split("\\.")), relocate(value, origin), argument);
    }

    /** Parses every argument, in order. */
    public static List<Assignment> parseAll(List<String> arguments) {
        List<Assignment> out = new ArrayList<>();
        for (String a : arguments) {
            out.add(parse(a));
        }
        return out;
    }

    /**
     * Applies the assignments in order (a later one wins), creating maps on the way as needed.
     *
     * @throws ConfigException when a dotted key goes through a value that is not a map
     */
    public static ConfigMap apply(ConfigMap root, List<Assignment> assignments) {
        ConfigMap result = root;
        for (Assignment a : assignments) {
            result = set(result, a.path(), 0, a);
        }
        return result;
    }

    private static ConfigMap set(ConfigMap map, List<String> path, int depth, Assignment a) {
        String key = path.get(depth);
        if (depth == path.size() - 1) {
            return map.with(key, a.value());
        }
        ConfigNode child = map.get(key);
        ConfigMap childMap;
        if (child == null) {
            childMap = ConfigMap.empty(a.value().origin());
        } else if (child instanceof ConfigMap m) {
            childMap = m;
        } else {
            String prefix = String.join(".", path.subList(0, depth + 1));
            throw new ConfigException("--set " + a.argument() + ": " + a.key() + ": '" + prefix + "' is " + child.shape()
                    + " (" + child.origin() + "), not a map, so it has no key '" + path.get(depth + 1) + "'");
        }
        return map.with(key, set(childMap, path, depth + 1, a));
    }

    /** The same value with every node's origin replaced: an override has no line of its own. */
    static ConfigNode relocate(ConfigNode node, Origin origin) {
        return switch (node) {
            case ConfigScalar s -> new ConfigScalar(s.text(), s.type(), origin);
            case ConfigList l -> new ConfigList(l.items().stream().map(i -> relocate(i, origin)).toList(), origin);
            case ConfigMap m -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> entries.put(k, relocate(v, origin)));
                yield new ConfigMap(entries, origin);
            }
        };
    }
}
