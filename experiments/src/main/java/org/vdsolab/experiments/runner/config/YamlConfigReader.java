package org.vdsolab.experiments.runner.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (Jackson's streaming YAML parser) into a {@link ConfigNode} tree that keeps the line
 * of every value and the file order of keys. Numbers are normalised ({@code 1_000} becomes
 * {@code 1000}, {@code 1e6} becomes {@code 1000000}); duplicate keys are an error, not a silent
 * overwrite. Stateless and thread-safe.
 */
public final class YamlConfigReader {

    // The plain constructor, not the builder: in Jackson 2.21 the builder's parser reads `key:` as
    // an empty string instead of null, and an empty value must be reported as missing.
    private static final YAMLFactory YAML = new YAMLFactory();

    /**
     * Reads a config file whose top level must be a map.
     *
     * @throws ConfigException naming the file (and line) when it is missing, unreadable, not YAML
     *                         or not a map
     */
    public ConfigMap readFile(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
        ConfigNode root = read(text, source);
        if (root == null) {
            throw new ConfigException(source + ": the file is empty; an experiment config is a map with at least"
                    + " 'experiment' and 'workload'");
        }
        if (!(root instanceof ConfigMap map)) {
            throw new ConfigException(root.origin().describe() + ": the top level must be a map of keys"
                    + " (experiment, workload, ...), not " + root.shape());
        }
        return map;
    }

    /**
     * Reads one YAML value (a document, or the value of a {@code --set}); null for an empty text.
     *
     * @param source how errors name the text: a file name or the {@code --set} argument
     * @throws ConfigException on a syntax error or a duplicate key, naming source and line
     */
    public ConfigNode read(String text, String source) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            ConfigNode node = readValue(parser, source);
            if (parser.nextToken() != null) {
                throw new ConfigException(at(source, parser.currentTokenLocation()).describe()
                        + ": only one YAML document is allowed");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new ConfigException((loc == null ? source : at(source, loc).describe()) + ": not valid YAML: "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private ConfigNode readValue(JsonParser p, String source) throws IOException {
        Origin origin = at(source, p.currentTokenLocation());
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Origin keyOrigin = at(source, p.currentTokenLocation());
                    p.nextToken();
                    ConfigNode value = readValue(p, source);
                    if (entries.containsKey(key)) {
                        throw ConfigException.at(keyOrigin, key, "duplicate key (first at line "
                                + entries.get(key).origin().line() + "); each key may appear once per map");
                    }
                    entries.put(key, value);
                }
                return new ConfigMap(entries, origin);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, source));
                }
                return new ConfigList(items, origin);
            }
            case VALUE_NUMBER_INT -> {
                return new ConfigScalar(p.getBigIntegerValue().toString(), ConfigScalar.Type.INTEGER, origin);
            }
            case VALUE_NUMBER_FLOAT -> {
                String normal;
                try {
                    normal = p.getDecimalValue().stripTrailingZeros().toPlainString();
                } catch (NumberFormatException | JsonProcessingException e) {
                    // .inf and .nan have no decimal form; keep them as text so validation names them.
                    return new ConfigScalar(p.getText(), ConfigScalar.Type.STRING, origin);
                }
                return new ConfigScalar(normal, ConfigScalar.Type.DECIMAL, origin);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ConfigScalar(Boolean.toString(token == JsonToken.VALUE_TRUE), ConfigScalar.Type.BOOLEAN, origin);
            }
            case VALUE_NULL -> {
                return new ConfigScalar("", ConfigScalar.Type.NULL, origin);
            }
            default -> {
                return new ConfigScalar(p.getText(), ConfigScalar.Type.STRING, origin);
            }
        }
    }

    private static Origin at(String source, JsonLocation location) {
        return new Origin(source, location == null ? 0 : Math.max(0, location.getLineNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
