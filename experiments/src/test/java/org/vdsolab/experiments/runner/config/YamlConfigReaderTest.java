package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlConfigReaderTest {

    @TempDir
    Path dir;

    private final YamlConfigReader reader = new YamlConfigReader();

    @Test
    void keepsKeyOrderLinesAndNormalisedNumbers() {
        Path f = TestConfigs.write(dir, "a.yaml", """
                experiment: demo
                records: 1_000_000
                rate: 1e6
                ratio: 2.50
                queue: [vsched, disruptor]
                load:
                  type: open
                flag: true
                quoted: '12'
                """);
        ConfigMap root = reader.readFile(f);
        assertEquals(List.of("experiment", "records", "rate", "ratio", "queue", "load", "flag", "quoted"), List.copyOf(root.keys()));
        ConfigScalar records = (ConfigScalar) root.get("records");
        assertEquals("1000000", records.text());
        assertEquals(ConfigScalar.Type.INTEGER, records.type());
        assertEquals(2, records.origin().line());
        assertEquals(f.toString(), records.origin().source());
        assertEquals("1000000", ((ConfigScalar) root.get("rate")).text());
        assertEquals(1_000_000L, ((ConfigScalar) root.get("rate")).typedValue());
        assertEquals("2.5", ((ConfigScalar) root.get("ratio")).text());
        ConfigList queue = assertInstanceOf(ConfigList.class, root.get("queue"));
        assertEquals(List.of("vsched", "disruptor"), queue.items().stream().map(n -> ((ConfigScalar) n).text()).toList());
        ConfigMap load = assertInstanceOf(ConfigMap.class, root.get("load"));
        assertEquals(7, load.get("type").origin().line());
        assertEquals(ConfigScalar.Type.BOOLEAN, ((ConfigScalar) root.get("flag")).type());
        ConfigScalar quoted = (ConfigScalar) root.get("quoted");
        assertEquals(ConfigScalar.Type.STRING, quoted.type());
        assertEquals("12", quoted.typedValue());
    }

    @Test
    void duplicateKeyNamesBothLines() {
        Path f = TestConfigs.write(dir, "dup.yaml", "experiment: a\nrecords: 1\nrecords: 2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.readFile(f));
        assertTrue(e.getMessage().startsWith(f + ":3: records: duplicate key (first at line 2)"), e.getMessage());
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        Path f = TestConfigs.write(dir, "bad.yaml", "experiment: a\nqueue: [vsched, disruptor\nrecords: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.readFile(f));
        assertTrue(e.getMessage().matches("\\Q" + f + "\\E:\\d+: not valid YAML: .+"), e.getMessage());
    }

    @Test
    void missingEmptyAndNonMapFilesAreNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(missing + ": no such file", assertThrows(ConfigException.class, () -> reader.readFile(missing)).getMessage());
        Path empty = TestConfigs.write(dir, "empty.yaml", "# nothing\n");
        assertTrue(assertThrows(ConfigException.class, () -> reader.readFile(empty)).getMessage()
                .startsWith(empty + ": the file is empty"));
        Path list = TestConfigs.write(dir, "list.yaml", "- a\n- b\n");
        assertEquals(list + ":1: the top level must be a map of keys (experiment, workload, ...), not a list",
                assertThrows(ConfigException.class, () -> reader.readFile(list)).getMessage());
    }

    @Test
    void readsASingleValueOrNothing() {
        assertNull(reader.read("", "--set x="));
        assertEquals("5", ((ConfigScalar) reader.read("5", "--set x=5")).text());
    }
}
