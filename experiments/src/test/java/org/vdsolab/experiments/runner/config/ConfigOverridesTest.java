package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigOverridesTest {

    private static ConfigMap base() {
        return (ConfigMap) new YamlConfigReader().read("""
                experiment: demo
                queue: vsched
                load:
                  type: closed
                  rate: 0
                run:
                  repetitions: 3
                """, "base.yaml");
    }

    private static String text(ConfigNode n) {
        return ((ConfigScalar) n).text();
    }

    @Test
    void setsScalarsNestedKeysAndLists() {
        ConfigMap out = ConfigOverrides.apply(base(), ConfigOverrides.parseAll(List.of(
                "load.rate=100000", "run.repetitions=1", "queue=[vsched,disruptor]", "records=5000", "device.profile=optane")));
        ConfigMap load = (ConfigMap) out.get("load");
        assertEquals("100000", text(load.get("rate")));
        assertEquals("closed", text(load.get("type")));
        assertEquals("1", text(((ConfigMap) out.get("run")).get("repetitions")));
        ConfigList queue = assertInstanceOf(ConfigList.class, out.get("queue"));
        assertEquals(List.of("vsched", "disruptor"), queue.items().stream().map(ConfigOverridesTest::text).toList());
        assertEquals("--set queue=[vsched,disruptor]", queue.origin().describe());
        assertEquals(List.of("experiment", "queue", "load", "run", "records", "device"), List.copyOf(out.keys()),
                "an overridden key keeps its place; a new one goes last");
        assertEquals("optane", text(((ConfigMap) out.get("device")).get("profile")));
    }

    @Test
    void laterOverrideWins() {
        ConfigMap out = ConfigOverrides.apply(base(), ConfigOverrides.parseAll(List.of("queue=a", "queue=b")));
        assertEquals("b", text(out.get("queue")));
    }

    @Test
    void malformedOverridesAreNamed() {
        assertEquals("--set queue: expected key=value (for example --set load.rate=100000 or --set queue=[vsched,disruptor])",
                assertThrows(ConfigException.class, () -> ConfigOverrides.parse("queue")).getMessage());
        assertEquals("--set queue=: queue: no value after '='",
                assertThrows(ConfigException.class, () -> ConfigOverrides.parse("queue=")).getMessage());
        assertEquals("--set load..rate=1: 'load..rate' is not a key; keys are letters, digits, '_' and '-', dotted for"
                + " nested maps (load.rate, run.repetitions)",
                assertThrows(ConfigException.class, () -> ConfigOverrides.parse("load..rate=1")).getMessage());
        assertEquals("--set queue=~: queue: the value is YAML null; give a value",
                assertThrows(ConfigException.class, () -> ConfigOverrides.parse("queue=~")).getMessage());
    }

    @Test
    void cannotDescendThroughAScalar() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigOverrides.apply(base(), List.of(ConfigOverrides.parse("queue.size=3"))));
        assertEquals("--set queue.size=3: queue.size: 'queue' is a scalar (base.yaml:2), not a map, so it has no key 'size'",
                e.getMessage());
    }
}
