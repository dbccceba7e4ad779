package org.vdsolab.experiments.runner.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OversubscriptionTest {

    private static CellSummary cell(Map<String, Number> counters) {
        return new CellSummary(1, Map.of(), 1, List.of(1.0), null, counters, null);
    }

    @Test
    void moreBusyPartiesThanCpusIsFlagged() {
        assertEquals(Optional.of("oversubscribed: 3 parties on 2 CPUs take turns on the cores, so throughput and latency"
                        + " include time-slicing; CPU ns/op does not"),
                cell(Map.of(CellSummary.PARTIES, 3L)).oversubscription(2));
    }

    @Test
    void asManyPartiesAsCpusOrNoPartyCountIsNot() {
        assertEquals(Optional.empty(), cell(Map.of(CellSummary.PARTIES, 2L)).oversubscription(2));
        assertEquals(Optional.empty(), cell(Map.of("records", 10L)).oversubscription(1), "the workload did not say");
    }
}
