package org.vdsolab.experiments.runner.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventRateTest {

    @Test
    void zeroEventsGiveTheRuleOfThree() {
        EventRate zero = EventRate.of(0, 30_000_000);
        assertEquals(0, zero.low());
        assertEquals(2.9957, zero.high(), 1e-4, "-ln 0.05");
        assertEquals(0.0999, zero.perMillionHigh(), 1e-4);
        assertEquals("0 in 3.0e+07 operations: < 0.0999 per million (95%)", zero.describe());
    }

    /** Published exact (Garwood) 95% limits for a Poisson count. */
    @Test
    void nonZeroCountsGiveTheExactPoissonInterval() {
        EventRate one = EventRate.of(1, 1_000_000);
        assertEquals(0.0253, one.low(), 1e-4);
        assertEquals(5.5716, one.high(), 1e-4);
        EventRate ten = EventRate.of(10, 1_000_000);
        assertEquals(4.7954, ten.low(), 1e-4);
        assertEquals(18.3904, ten.high(), 1e-4);
        EventRate many = EventRate.of(10_000, 1_000_000);
        assertEquals(10_000 - 1.96 * 100, many.low(), 2, "close to the normal approximation for large counts");
        assertEquals(10_000 + 1.96 * 100, many.high(), 2);
        assertEquals("10 in 1.0e+06 operations: 10 [4.8 – 18.4] per million (95%)", ten.describe());
    }

    @Test
    void theGammaFunctionMatchesKnownValues() {
        assertEquals(Math.log(24), EventRate.Gamma.logGamma(5), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI)), EventRate.Gamma.logGamma(0.5), 1e-12);
        // Q(k + 1, m) = P(Poisson(m) <= k): P(Poisson(2) <= 1) = 3 e^-2
        assertEquals(3 * Math.exp(-2), EventRate.Gamma.upperRegularized(2, 2), 1e-12);
        assertEquals(Math.exp(-7), EventRate.Gamma.upperRegularized(1, 7), 1e-14);
    }

    @Test
    void aCellSumsEachCountOverItsRepetitions() {
        RunRecord a = new RunRecord(1, 1, 1, 1_000_000, 1, 1, null, null, Map.of("lost", 0L, "records", 1_000_000L));
        RunRecord b = new RunRecord(2, 2, 2, 2_000_000, 1, 1, null, null, Map.of("lost", 3L, "torn_per_million", 1L));
        CellSummary cell = new CellSummary(1, Map.of(), 2, List.of(1.0, 1.0), null, Map.of(), null, List.of(), List.of(a, b));
        Map<String, EventRate> events = cell.events();
        assertEquals(List.of("lost"), List.copyOf(events.keySet()), "records is no event, a rate is not a count");
        assertEquals(3, events.get("lost").events());
        assertEquals(3_000_000, events.get("lost").operations());
    }

    @Test
    void refusesARateWithoutOperations() {
        assertThrows(IllegalArgumentException.class, () -> EventRate.of(0, 0));
    }
}
