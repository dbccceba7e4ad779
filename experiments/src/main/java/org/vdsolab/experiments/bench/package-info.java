/**
 * The JMH suite: our shared-memory queues ({@code spsc}, {@code disruptor},
 * {@code vsched}, {@code vsched-classic}) moving 64-byte records through a mapped region, measured
 * in the same run and the same shapes as their peers (JCTools, LMAX Disruptor 4, Agrona ring
 * buffers over a mapped file, {@code ArrayBlockingQueue}); and the shared scheduler's hand-offs
 * ({@link org.vdsolab.experiments.bench.SchedulerBench}) beside the JDK's
 * ({@link org.vdsolab.experiments.bench.SchedulerPeerBench}: ForkJoinPool, an
 * ArrayBlockingQueue as a ThreadPoolExecutor uses it).
 *
 * <p>Every queue is reached through one small adapter, {@link org.vdsolab.experiments.bench.BenchChannel},
 * chosen by name ({@link org.vdsolab.experiments.bench.BenchChannels}); JMH forks one JVM per
 * parameter value, so each fork sees exactly one adapter class and the call stays monomorphic.
 * Every benchmark runs in three forks, so that a score made of two behaviours (a JIT or placement
 * decision taken once per JVM) shows as forks that disagree instead of as a wide error.
 * {@link org.vdsolab.experiments.bench.JmhResults}, {@link org.vdsolab.experiments.bench.RatioTable}
 * and {@link org.vdsolab.experiments.bench.BenchCharts} turn JMH's JSON into the published table
 * and charts. Nothing here is a test: no timing is asserted anywhere.
 */
package org.vdsolab.experiments.bench;
