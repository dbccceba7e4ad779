package org.vdsolab.experiments.runner.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigWriterTest {

    private static final String CONFIG = """
            experiment: round-trip
            description: "A long description: with a colon, #hash, and more than eighty characters so a writer might fold it"
            workload: synthetic
            queue: [beta, gamma]
            ops: 1e3
            ratio: 0.25
            flag: true
            quoted: '007'
            load: {type: open, rate: [100, 200]}
            run: {warmup: 0, repetitions: 2}
            """;

    @Test
    void configYamlReadsBackAsTheSameConfig() {
        ConfigMap original = (ConfigMap) new YamlConfigReader().read(CONFIG, "a.yaml");
        String yaml = ConfigWriter.toYaml(original, List.of("first comment", "./vdsolab run a.yaml --set x=1"));
        assertTrue(yaml.startsWith("# first comment\n# ./vdsolab run a.yaml --set x=1\n"), yaml);
        ConfigMap reread = (ConfigMap) new YamlConfigReader().read(yaml, "config.yaml");
        assertEquals(ConfigWriter.toJson(original), ConfigWriter.toJson(reread));
        assertTrue(yaml.contains("description: \"A long description: with a colon, #hash, and more than eighty characters so a"
                + " writer might fold it\"\n"), "one line per value: " + yaml);
    }

    @Test
    void jsonKeepsTypes() {
        JsonNode json = ConfigWriter.toJson(new YamlConfigReader().read(CONFIG, "a.yaml"));
        assertTrue(json.get("ops").isIntegralNumber());
        assertEquals(1000, json.get("ops").asLong());
        assertEquals(0.25, json.get("ratio").asDouble());
        assertTrue(json.get("flag").isBoolean());
        assertTrue(json.get("quoted").isTextual());
        assertEquals("007", json.get("quoted").asText());
        assertEquals(200, json.get("load").get("rate").get(1).asInt());
    }
}
