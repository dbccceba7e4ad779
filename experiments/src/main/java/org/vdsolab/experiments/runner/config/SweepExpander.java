package org.vdsolab.experiments.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands parameter values into cells: the cartesian product of every list, in a stable order.
 * Keys keep the config's order and the <em>first</em> swept key varies slowest, the last fastest,
 * like nested loops written in file order: {@code queue: [a, b]}, {@code producers: [1, 2]} gives
 * (a,1), (a,2), (b,1), (b,2). Values keep their order within a list. Stateless.
 */
public final class SweepExpander {

    /** Most cells one experiment may have: beyond this a sweep is almost certainly a mistake. */
    public static final int MAX_CELLS = 100_000;

    private SweepExpander() { }

    /**
     * @param values every parameter key in config order, with its values: one for a scalar, the
     *               list's elements for a swept key
     * @param swept  which keys were written as lists (a one-element list still counts as swept)
     * @throws ConfigException when the product exceeds {@link #MAX_CELLS}, naming the swept keys
     */
    public static List<Cell> expand(Map<String, List<ConfigScalar>> values, java.util.Set<String> swept) {
        List<String> keys = new ArrayList<>(values.keySet());
        int[] position = new int[keys.size()];
        long total = 1;
        StringBuilder sizes = new StringBuilder();
        for (String k : keys) {
            int n = values.get(k).size();
            total = Math.min((long) MAX_CELLS + 1, total * n);
            if (n > 1) {
                sizes.append(sizes.isEmpty() ? "" : " x ").append(k).append(" (").append(n).append(')');
            }
        }
        if (total > MAX_CELLS) {
            throw new ConfigException(values.get(keys.getFirst()).getFirst().origin().source() + ": the sweep " + sizes
                    + " has more than " + MAX_CELLS + " cells; sweep fewer values");
        }
        List<Cell> cells = new ArrayList<>((int) total);
        for (int n = 1; n <= total; n++) {
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, ConfigScalar> sweptValues = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                ConfigScalar v = values.get(keys.get(k)).get(position[k]);
                params.put(keys.get(k), v.text());
                if (swept.contains(keys.get(k))) {
                    sweptValues.put(keys.get(k), v);
                }
            }
            cells.add(new Cell(n, params, sweptValues));
            for (int k = keys.size() - 1; k >= 0; k--) {   // odometer: the last key turns fastest
                if (++position[k] < values.get(keys.get(k)).size()) {
                    break;
                }
                position[k] = 0;
            }
        }
        return cells;
    }
}
