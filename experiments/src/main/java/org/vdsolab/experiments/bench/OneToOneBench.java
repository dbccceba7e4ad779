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
 * Throughput, 1P1C, 64-byte records. One producer, one consumer: every queue of the suite, ours with copy-in pushes and (suffix
 * {@code /slot}) push_slot pushes, Agrona with write and (suffix {@code /claim}) tryClaim.
 * {@code vsched-classic} is measured here only: with one producer pushing at the back it cannot
 * livelock (its livelock needs mixed-end pushes, its overfill a second producer).
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
public class OneToOneBench {

    @Param({"spsc", "spsc/slot", "disruptor", "disruptor/slot", "vsched", "vsched/slot", "vsched-classic",
            "jctools-spsc", "jctools-mpmc", "lmax-single", "lmax-multi", "agrona-o2o", "agrona-o2o/claim", "agrona-m2o", "abq"})
    public String queue;

    /** What a failed attempt does next: {@code yield} the CPU or {@code spin} on (see {@link ChannelBench}). */
    @Param({"yield"})
    public String idle;

    private BenchChannel channel;
    private boolean yield;

    @Setup(Level.Trial)
    public void open() {
        yield = ChannelBench.yields(idle);
        channel = BenchChannels.open(queue, ChannelBench.CAPACITY, 1, 1);
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.close();
    }

    @Benchmark
    @Group("p1c1")
    @GroupThreads(1)
    public void offer(PartyIndex party, TransferCounters counters) {
        ChannelBench.offer(channel, party, counters, yield);
    }

    @Benchmark
    @Group("p1c1")
    @GroupThreads(1)
    public void poll(PartyIndex party, TransferCounters counters, Control control) {
        ChannelBench.poll(channel, party, counters, control, yield);
    }
}
