package org.vdsolab.experiments.runner.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Writes a config tree back out: as typed JSON (numbers as numbers) for {@code summary.json}'s
 * {@code config}, and as YAML for {@code config.yaml}, the config as run. Stateless, thread-safe.
 */
public final class ConfigWriter {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private ConfigWriter() { }

    /** The tree as JSON values: scalars typed as YAML resolved them. */
    public static JsonNode toJson(ConfigNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (node) {
            case ConfigMap m -> {
                ObjectNode o = f.objectNode();
                for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
                    o.set(e.getKey(), toJson(e.getValue()));
                }
                yield o;
            }
            case ConfigList l -> {
                ArrayNode a = f.arrayNode();
                l.items().forEach(i -> a.add(toJson(i)));
                yield a;
            }
            case ConfigScalar s -> scalar(s.typedValue());
        };
    }

    /** A typed scalar (as {@link ConfigScalar#typedValue()} returns) as a JSON value. */
    public static JsonNode scalar(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v) {
            case null -> f.nullNode();
            case Long l -> f.numberNode(l);
            case BigInteger b -> f.numberNode(b);
            case BigDecimal d -> f.numberNode(d);
            case Boolean b -> f.booleanNode(b);
            default -> f.textNode(v.toString());
        };
    }

    /**
     * The tree as a YAML document preceded by {@code #} comment lines.
     *
     * @param comment lines to put first (without the {@code #}); may be empty
     */
    public static String toYaml(ConfigMap root, java.util.List<String> comment) {
        StringBuilder out = new StringBuilder();
        for (String line : comment) {
            out.append("# ").append(line).append('\n');
        }
        try {
            out.append(YAML.writeValueAsString(toJson(root)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
