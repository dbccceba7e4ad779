package org.vdsolab.experiments.runner.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SweepExpanderTest {

    private static List<ConfigScalar> values(String... v) {
        return java.util.Arrays.stream(v).map(s -> new ConfigScalar(s, ConfigScalar.Type.STRING, new Origin("t", 1))).toList();
    }

    @Test
    void cartesianProductFirstKeySlowest() {
        Map<String, List<ConfigScalar>> in = new LinkedHashMap<>();
        in.put("queue", values("a", "b"));
        in.put("records", values("100"));
        in.put("producers", values("1", "2", "3"));
        List<Cell> cells = SweepExpander.expand(in, Set.of("queue", "producers"));
        assertEquals(6, cells.size());
        List<String> labels = cells.stream().map(Cell::label).toList();
        assertEquals(List.of("queue=a, producers=1", "queue=a, producers=2", "queue=a, producers=3",
                "queue=b, producers=1", "queue=b, producers=2", "queue=b, producers=3"), labels);
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i + 1, cells.get(i).index());
            assertEquals("100", cells.get(i).params().get("records"));
            assertEquals(List.of("queue", "records", "producers"), List.copyOf(cells.get(i).params().keySet()));
            assertEquals(List.of("queue", "producers"), List.copyOf(cells.get(i).swept().keySet()));
        }
    }

    @Test
    void anAbsurdSweepIsRefused() {
        Map<String, List<ConfigScalar>> in = new LinkedHashMap<>();
        String[] hundred = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toArray(String[]::new);
        in.put("a", values(hundred));
        in.put("b", values(hundred));
        in.put("c", values(hundred));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> SweepExpander.expand(in, Set.of("a", "b", "c")));
        assertEquals("t: the sweep a (100) x b (100) x c (100) has more than 100000 cells; sweep fewer values", e.getMessage());
    }

    @Test
    void noSweepIsOneCellAndAOneElementListStillCountsAsSwept() {
        Map<String, List<ConfigScalar>> in = new LinkedHashMap<>();
        in.put("queue", values("a"));
        in.put("records", values("5"));
        List<Cell> none = SweepExpander.expand(in, Set.of());
        assertEquals(1, none.size());
        assertEquals("(no sweep)", none.getFirst().label());
        List<Cell> one = SweepExpander.expand(in, Set.of("queue"));
        assertEquals("queue=a", one.getFirst().label());
    }
}
