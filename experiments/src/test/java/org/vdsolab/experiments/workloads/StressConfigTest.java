package org.vdsolab.experiments.workloads;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.spi.UnknownProviderException;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StressConfigTest {

    private static IllegalArgumentException refused(String... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> new QueueStressWorkload().validate(TestContext.of(keyValues).params()));
    }

    private static void names(IllegalArgumentException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message should name '" + w + "': " + e.getMessage());
        }
    }

    @Test
    void theWorkloadDeclaresExactlyTheSchemaKeys() {
        assertEquals(java.util.Set.of("queue", "producers", "consumers", "mode", "records", "capacity", "record_bytes", "batch",
                "push", "load.type", "load.rate", "load.arrival", "placement", "cpus"), new QueueStressWorkload().parameters().keySet());
        assertEquals("queue-stress", new QueueStressWorkload().name());
    }

    @Test
    void defaultsFillWhatAConfigLeavesOut() {
        StressConfig c = StressConfig.parse(Map.of("queue", "disruptor"), 7);
        assertEquals(1, c.producers());
        assertEquals(StressConfig.Mode.THREADS, c.mode());
        assertEquals(1_000_000, c.records());
        assertEquals(1024, c.capacity());
        assertEquals(64, c.recordBytes());
        assertEquals(StressConfig.Push.COPY, c.push());
        assertEquals(7, c.seed());
    }

    @Test
    void recordsSplitEvenlyWithTheRemainderFirst() {
        StressConfig c = StressConfig.parse(Map.of("queue", "disruptor", "producers", "3", "records", "10"), 0);
        assertEquals(4, c.recordsFor(0));
        assertEquals(3, c.recordsFor(1));
        assertEquals(3, c.recordsFor(2));
        assertEquals(4, c.maxRecordsPerProducer());
    }

    @Test
    void childArgumentsRoundTrip() {
        StressConfig c = StressConfig.parse(Map.of("queue", "vsched", "producers", "2", "consumers", "2", "mode", "processes",
                "records", "1.0E7", "batch", "8", "push", "slot", "load.type", "open", "load.rate", "250000",
                "load.arrival", "poisson"), 99);
        assertEquals(10_000_000, c.records(), "1e7 as YAML may print it");
        assertEquals(c, StressConfig.fromArgs(c.toArgs()));
    }

    @Test
    void singleConsumerDesignsAreClampedToOneConsumer() {
        StressConfig c = StressConfig.parse(Map.of("queue", "spsc", "producers", "2", "consumers", "2"), 0);
        assertEquals(2, c.consumersRequested());
        assertEquals(1, c.consumers());
        assertEquals(2, StressConfig.parse(Map.of("queue", "vsched", "consumers", "2"), 0).consumers());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        names(assertThrows(UnknownProviderException.class, () -> StressConfig.parse(Map.of("queue", "nope"), 0)), "nope", "disruptor");
        names(refused("producers", "2"), "queue", "required");
        names(refused("queue", "vsched", "capacity", "1000"), "capacity", "power of two");
        names(refused("queue", "vsched", "record_bytes", "20"), "record_bytes", "multiple of 8");
        names(refused("queue", "vsched", "record_bytes", "8"), "record_bytes", "[16, 4096]");
        names(refused("queue", "vsched", "mode", "fibers"), "mode", "threads, processes", "fibers");
        names(refused("queue", "vsched", "push", "zero-copy"), "push", "copy, slot");
        names(refused("queue", "vsched", "records", "many"), "records", "whole number");
        names(refused("queue", "vsched", "load.type", "open", "load.rate", "0"), "load.rate", "positive");
        names(refused("queue", "vsched", "load.type", "bursty"), "load.type", "closed or open");
        names(refused("queue", "vsched", "load.arrival", "uniform"), "load.arrival", "constant, poisson");
        names(refused("queue", "vsched-classic", "push", "slot"), "push", "vsched-classic", "push_slot");
        names(refused("queue", "vsched-classic", "batch", "4"), "batch", "vsched-classic");
        names(refused("queue", "vsched", "producers", "2", "records", "1"), "records");
    }
}
