package org.vdsolab.experiments.runner.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code parts:} key of a multi-part config: a list of maps, each a sub-experiment with a
 * {@code name} and its own {@code workload} and keys. Every other top-level key is a default for
 * every part; a part's key overrides it (maps such as {@code run:}, {@code quick:} and
 * {@code load:} merge key by key, lists and scalars replace). Each part becomes a single-workload
 * config named {@code <experiment>-<part>}. Stateless.
 */
public final class PartsConfig {

    /** The top-level key holding the parts. */
    public static final String KEY = "parts";
    /** The key naming a part. */
    public static final String NAME_KEY = "name";

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> NOT_IN_A_PART = Set.of("experiment", KEY);

    /** One part as written: its name, its map and where it starts. */
    public record RawPart(String name, ConfigMap map, Origin origin) { }

    private PartsConfig() { }

    /** True when {@code root} has a {@code parts:} key. */
    public static boolean isMultiPart(ConfigMap root) {
        return root.has(KEY);
    }

    /**
     * The parts of {@code root}, in file order, each checked for shape and name.
     *
     * @throws ConfigException when {@code parts} is not a non-empty list of maps, a part has no
     *                         valid unique {@code name}, or sets {@code experiment} or {@code parts}
     */
    public static List<RawPart> parts(ConfigMap root) {
        ConfigNode node = root.get(KEY);
        if (!(node instanceof ConfigList list) || list.items().isEmpty()) {
            throw ConfigException.at(node == null ? root.origin() : node.origin(), KEY, "must be a non-empty list of parts,"
                    + " each a map with a name, a workload and its keys; got " + (node == null ? "nothing" : node.shape()
                    + (node instanceof ConfigList ? " with no items" : "")));
        }
        List<RawPart> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            ConfigNode item = list.items().get(i);
            String where = KEY + "[" + (i + 1) + "]";
            if (!(item instanceof ConfigMap part)) {
                throw ConfigException.at(item.origin(), where, "a part is a map with a name, a workload and its keys, not "
                        + item.shape());
            }
            ConfigNode nameNode = part.get(NAME_KEY);
            if (!(nameNode instanceof ConfigScalar s) || s.type() == ConfigScalar.Type.NULL) {
                throw ConfigException.at(nameNode == null ? part.origin() : nameNode.origin(), where + "." + NAME_KEY,
                        "every part needs a name of lower-case letters, digits and '-' (it names the part's sub-folder)");
            }
            String name = s.text();
            if (!NAME.matcher(name).matches()) {
                throw ConfigException.at(s.origin(), where + "." + NAME_KEY, "'" + name + "' is not allowed; use lower-case"
                        + " letters, digits and '-' (it names the part's sub-folder)");
            }
            if (!seen.add(name)) {
                throw ConfigException.at(s.origin(), where + "." + NAME_KEY, "two parts are named '" + name
                        + "'; each part needs its own name");
            }
            for (String key : part.keys()) {
                if (NOT_IN_A_PART.contains(key)) {
                    throw ConfigException.at(part.get(key).origin(), "part '" + name + "': " + key, "not allowed in a part;"
                            + " '" + key + "' belongs at the top level of the config");
                }
            }
            out.add(new RawPart(name, part.without(NAME_KEY), part.origin()));
        }
        return out;
    }

    /** The part names of {@code root} in order, checked as {@link #parts} checks them. */
    public static List<String> names(ConfigMap root) {
        return parts(root).stream().map(RawPart::name).toList();
    }

    /**
     * The part as a single-workload config: the top-level keys (but {@code parts}) with the part's
     * keys merged over them, and {@code experiment} set to {@code <experiment>-<part>}.
     */
    public static ConfigMap effective(ConfigMap root, RawPart part) {
        ConfigMap merged = root.without(KEY).merge(part.map());
        if (root.get("experiment") instanceof ConfigScalar e && e.type() != ConfigScalar.Type.NULL) {
            merged = merged.with("experiment", new ConfigScalar(e.text() + "-" + part.name(), ConfigScalar.Type.STRING,
                    e.origin()));
        }
        return merged;
    }
}
