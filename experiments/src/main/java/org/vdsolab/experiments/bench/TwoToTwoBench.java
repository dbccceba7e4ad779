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
 * Throughput, 2P2C, 64-byte records. Two producers, two consumers, on one shared queue: the MPMC designs. {@code spsc} has one
 * consumer per design (see {@link TwoToOneBench}); LMAX Disruptor 4 and Agrona rings have one
 * consumer too. On a 2-core machine the four spinning threads oversubscribe the CPUs.
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
public class TwoToTwoBench {

    @Param({"disruptor", "vsched", "jctools-mpmc", "abq"})
    public String queue;

    /** What a failed attempt does next: {@code yield} the CPU or {@code spin} on (see {@link ChannelBench}). */
    @Param({"yield"})
    public String idle;

    private BenchChannel channel;
    private boolean yield;

    @Setup(Level.Trial)
    public void open() {
        yield = ChannelBench.yields(idle);
        channel = BenchChannels.open(queue, ChannelBench.CAPACITY, 2, 2);
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.close();
    }

    @Benchmark
    @Group("p2c2")
    @GroupThreads(2)
    public void offer(PartyIndex party, TransferCounters counters) {
        ChannelBench.offer(channel, party, counters, yield);
    }

    @Benchmark
    @Group("p2c2")
    @GroupThreads(2)
    public void poll(PartyIndex party, TransferCounters counters, Control control) {
        ChannelBench.poll(channel, party, counters, control, yield);
    }
}
