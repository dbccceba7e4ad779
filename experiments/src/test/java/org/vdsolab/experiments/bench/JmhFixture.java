package org.vdsolab.experiments.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds JMH results and JSON text for the tooling tests. */
final class JmhFixture {

    private JmhFixture() { }

    /** A producer/consumer result whose primary score counts failed attempts and whose popped counter is {@code popped}. */
    static JmhResult transfer(String benchmark, String queue, double popped) {
        Map<String, JmhResult.Metric> secondary = new LinkedHashMap<>();
        secondary.put("popped", new JmhResult.Metric(popped, 1, "ops/s"));
        secondary.put("popFailed", new JmhResult.Metric(5 * popped, 1, "ops/s"));
        secondary.put("gc.alloc.rate.norm", new JmhResult.Metric(0.001, Double.NaN, "B/op"));
        return new JmhResult(benchmark, "thrpt", Map.of("queue", queue, "idle", "yield"),
                new JmhResult.Metric(7 * popped, 2, "ops/s"), secondary);
    }

    /** A result with only a primary score. */
    static JmhResult plain(String benchmark, String queue, double score, String unit) {
        return new JmhResult(benchmark, unit.equals("ns/op") ? "avgt" : "thrpt", Map.of("queue", queue),
                new JmhResult.Metric(score, Double.NaN, unit), Map.of());
    }

    /** A scheduler-hand-off result: {@code scheduler} names the design, or null for a peer (no parameters). */
    static JmhResult scheduler(String benchmark, String scheduler, double nanos) {
        return new JmhResult(benchmark, "avgt", scheduler == null ? Map.of() : Map.of("scheduler", scheduler),
                new JmhResult.Metric(nanos, 1, "ns/op"), Map.of());
    }

    /** A run with every figure the ratio table needs. */
    static JmhResults fullRun() {
        return new JmhResults(List.of(
                transfer("OneToOneBench.p1c1", "vsched", 30e6),
                transfer("OneToOneBench.p1c1", "agrona-m2o", 20e6),
                transfer("OneToOneBench.p1c1", "jctools-mpmc", 60e6),
                transfer("OneToOneBench.p1c1", "disruptor", 40e6),
                transfer("OneToOneBench.p1c1", "lmax-multi", 50e6),
                transfer("OneToOneBench.p1c1", "lmax-single", 80e6),
                transfer("OneToOneBench.p1c1", "abq", 10e6),
                transfer("TwoToOneBench.p2c1", "lmax-multi", 30e6),
                transfer("TwoToOneBench.p2c1", "abq", 15e6),
                transfer("TwoToTwoBench.p2c2", "vsched", 12e6),
                plain("BatchBench.batch001", "vsched", 100, "ns/op"),
                plain("BatchBench.batch008", "vsched", 40, "ns/op"),
                plain("BatchBench.batch032", "vsched", 25, "ns/op"),
                plain("BatchBench.batch001", "disruptor", 80, "ns/op"),
                plain("BatchBench.batch032", "disruptor", 20, "ns/op"),
                plain("UringBench.qd01", "vsched", 1e6, "ops/s"),
                plain("UringBench.qd32", "vsched", 7.56e6, "ops/s"),
                scheduler("SchedulerBench.blockUnblockPick", "global", 300),
                scheduler("SchedulerBench.blockUnblockPick", "percpu", 200),
                scheduler("SchedulerBench.spawnPickExit", "percpu", 250),
                scheduler("SchedulerBench.spawnPickExit", "percpu-steal", 400),
                scheduler("SchedulerPeerBench.forkJoin", null, 100),
                scheduler("SchedulerPeerBench.executorQueue", null, 50)));
    }

    /** Two entries in JMH 1.37's JSON format (trimmed to the fields JMH always writes). */
    static final String JSON = """
            [
              {
                "jmhVersion" : "1.37",
                "benchmark" : "org.vdsolab.experiments.bench.OneToOneBench.p1c1",
                "mode" : "thrpt",
                "threads" : 2,
                "forks" : 1,
                "params" : { "idle" : "yield", "queue" : "vsched/slot" },
                "primaryMetric" : { "score" : 2.0E7, "scoreError" : "NaN", "scoreUnit" : "ops/s", "rawData" : [ [ 2.0E7 ] ] },
                "secondaryMetrics" : {
                  "gc.alloc.rate.norm" : { "score" : 0.0012, "scoreError" : "NaN", "scoreUnit" : "B/op" },
                  "offer" : { "score" : 1.1E7, "scoreError" : "NaN", "scoreUnit" : "ops/s" },
                  "popped" : { "score" : 9500000.0, "scoreError" : 12345.5, "scoreUnit" : "ops/s" }
                }
              },
              {
                "jmhVersion" : "1.37",
                "benchmark" : "org.vdsolab.experiments.bench.BatchBench.batch032",
                "mode" : "avgt",
                "threads" : 1,
                "forks" : 1,
                "params" : { "queue" : "vsched" },
                "primaryMetric" : { "score" : 21.5, "scoreError" : 0.5, "scoreUnit" : "ns/op", "rawData" : [ [ 21.5 ] ] },
                "secondaryMetrics" : { }
              }
            ]
            """;
}
