package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * Throughput, 2P1C, 64-byte records. Two producers, one consumer: {@code spsc} with a ring per producer (2P2C is impossible for
 * it: a single consumer per design), against the shared-ring designs and the many-to-one peers
 * (LMAX multi-producer with one poller, Agrona ManyToOneRingBuffer).
 *
 * <p>Read the {@code popped} counter (records moved per second); the primary score also counts
 * failed attempts. One channel per trial, shared by the group's threads.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class TwoToOneBench {

    @Param({"spsc", "disruptor", "vsched", "jctools-mpmc", "lmax-multi", "agrona-m2o", "abq"})
    public String queue;

    /** What a failed attempt does next: {@code yield} the CPU or {@code spin} on (see {@link ChannelBench}). */
    @Param({"yield"})
    public String idle;

    private BenchChannel channel;
    private boolean yield;

    @Setup(Level.Trial)
    public void open() {
        yield = ChannelBench.yields(idle);
        channel = BenchChannels.open(queue, ChannelBench.CAPACITY, 2, 1);
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.close();
    }

    @Benchmark
    @Group("p2c1")
    @GroupThreads(2)
    public void offer(PartyIndex party, TransferCounters counters) {
        ChannelBench.offer(channel, party, counters, yield);
    }

    @Benchmark
    @Group("p2c1")
    @GroupThreads(1)
    public void poll(PartyIndex party, TransferCounters counters, Control control) {
        ChannelBench.poll(channel, party, counters, control, yield);
    }
}
