package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.experiments.runner.fixtures.TestConfigs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-part configs: how top-level keys reach every part, and every way parts can be wrong. */
class PartsConfigTest {

    @TempDir
    Path dir;

    private static final String TWO_PARTS = """
            experiment: two
            description: two parts
            queue: beta
            ops: 100
            run: {warmup: 0, repetitions: 2, seed: 5}
            quick: {ops: 10, run: {repetitions: 1}}
            parts:
              - name: first
                workload: synthetic
                producers: [1, 2]
              - name: second
                workload: synthetic
                description: the second part
                queue: [beta, gamma]
                run: {repetitions: 3}
            """;

    private ExperimentPlan load(String yaml, boolean quick, String... sets) {
        Path f = TestConfigs.write(dir, "parts.yaml", yaml);
        return new ExperimentLoader().loadPlan(f, List.of(sets), quick);
    }

    private String error(String yaml, String... sets) {
        return assertThrows(ConfigException.class, () -> load(yaml, false, sets)).getMessage();
    }

    @Test
    void topLevelKeysApplyToEveryPartUnlessThePartOverridesThem() {
        ExperimentPlan plan = load(TWO_PARTS, false);
        assertTrue(plan.multiPart());
        assertEquals("two", plan.name());
        assertEquals("two parts", plan.description());
        assertEquals(List.of("first", "second"), plan.parts().stream().map(ExperimentPart::name).toList());
        Experiment first = plan.parts().get(0).experiment();
        Experiment second = plan.parts().get(1).experiment();
        assertEquals("two-first", first.name());
        assertEquals("two parts", first.description());
        assertEquals(new RunControl(0, 2, 5, 0, 600), first.run());
        assertEquals(List.of("producers"), first.sweptKeys());
        assertEquals("beta", first.cells().getFirst().params().get("queue"));
        assertEquals("100", first.cells().getFirst().params().get("ops"));
        assertEquals("the second part", second.description());
        assertEquals(new RunControl(0, 3, 5, 0, 600), second.run(), "run: maps merge key by key");
        assertEquals(List.of("queue"), second.sweptKeys());
        assertEquals(4, plan.cellCount());
    }

    @Test
    void quickAndSetReachEveryPartAndPartsDotNameReachesOne() {
        ExperimentPlan plan = load(TWO_PARTS, true, "threads=2", "parts.second.ops=7");
        Experiment first = plan.parts().get(0).experiment();
        Experiment second = plan.parts().get(1).experiment();
        assertEquals(1, first.run().repetitions());
        assertEquals(1, second.run().repetitions(), "the top-level quick block overrides the part's run");
        assertEquals("10", first.cells().getFirst().params().get("ops"));
        assertEquals("7", second.cells().getFirst().params().get("ops"));
        assertEquals("2", first.cells().getFirst().params().get("threads"));
        assertEquals("2", second.cells().getFirst().params().get("threads"));
    }

    @Test
    void aSingleWorkloadConfigIsAPlanOfOne() {
        ExperimentPlan plan = load("""
                experiment: one
                workload: synthetic
                queue: [beta, gamma]
                """, false);
        assertFalse(plan.multiPart());
        assertEquals("one", plan.only().name());
        assertEquals(2, plan.cellCount());
    }

    @Test
    void loadRefusesAMultiPartConfig() {
        Path f = TestConfigs.write(dir, "parts.yaml", TWO_PARTS);
        String msg = assertThrows(ConfigException.class, () -> new ExperimentLoader().load(f, List.of(), false)).getMessage();
        assertTrue(msg.startsWith(f + ": parts: this config has 2 parts"), msg);
    }

    @Test
    void errorsNameTheFileThePartAndTheKey() {
        Path f = dir.resolve("parts.yaml");
        assertEquals(f + ":2: parts: must be a non-empty list of parts, each a map with a name, a workload and its keys;"
                + " got a list with no items", error("experiment: x\nparts: []\n"));
        assertEquals(f + ":3: parts[1]: a part is a map with a name, a workload and its keys, not a scalar",
                error("experiment: x\nparts:\n  - synthetic\n"));
        assertTrue(error("experiment: x\nparts:\n  - workload: synthetic\n")
                .startsWith(f + ":3: parts[1].name: every part needs a name"));
        assertTrue(error("experiment: x\nparts:\n  - {name: Big, workload: synthetic}\n")
                .startsWith(f + ":3: parts[1].name: 'Big' is not allowed"));
        assertTrue(error("experiment: x\nparts:\n  - {name: a, workload: synthetic}\n  - {name: a, workload: synthetic}\n")
                .startsWith(f + ":4: parts[2].name: two parts are named 'a'"));
        assertTrue(error("experiment: x\nparts:\n  - name: a\n    experiment: y\n    workload: synthetic\n")
                .startsWith(f + ":4: part 'a': experiment: not allowed in a part"));
        String unknown = error("""
                experiment: x
                parts:
                  - name: a
                    workload: synthetic
                  - name: b
                    workload: synthetic
                    opps: 3
                """);
        assertTrue(unknown.startsWith("part 'b': " + f + ":7: opps: unknown key; workload 'synthetic' accepts"), unknown);
        String missing = error("experiment: x\nparts:\n  - name: a\n    queue: beta\n");
        assertEquals("part 'a': " + f + ": workload: missing; required: the name of a workload provider", missing);
    }

    @Test
    void everyPartsEveryCellIsValidatedBeforeAnErrorIsReported() {
        String msg = error("""
                experiment: x
                queue: [alpha, beta]
                parts:
                  - name: a
                    workload: synthetic
                    producers: 2
                  - name: b
                    workload: synthetic
                    ops: 0
                """);
        assertTrue(msg.startsWith("2 of 2 parts of " + dir.resolve("parts.yaml") + " are not valid:\n  part 'a': "), msg);
        assertTrue(msg.contains("\n  part 'b': "), msg);
        assertTrue(msg.contains("producers"), msg);
        assertTrue(msg.contains("ops"), msg);
    }

    @Test
    void aPartOverrideNamesAnExistingPart() {
        assertEquals("--set parts.c.ops=3: parts.c.ops: a part override is parts.<part>.<key>=value with <part> one of"
                + " first, second", error(TWO_PARTS, "parts.c.ops=3"));
        assertTrue(error(TWO_PARTS, "parts.first.opps=3").startsWith("part 'first': --set parts.first.opps=3: opps: unknown key"));
    }

    @Test
    void aBrokenQuickBlockOfAPartIsFoundOnAFullRun() {
        String msg = error("""
                experiment: x
                parts:
                  - name: a
                    workload: synthetic
                    quick: {ops: 0}
                """);
        assertTrue(msg.startsWith("part 'a': "), msg);
        assertTrue(msg.contains("ops"), msg);
    }
}
