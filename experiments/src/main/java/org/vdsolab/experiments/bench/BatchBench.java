package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Batch amortisation: one thread pushes a batch of n 64-byte records with one batch push and pops
 * them with one batch pop; the score is nanoseconds per record (push + pop), by
 * {@code @OperationsPerInvocation(n)}, for n = 1, 8, 32, 128, 256: the curve to set beside DPDK's
 * cycles per element. Ours use {@code pushMultiple} (ALL_OR_NOTHING) / {@code popMultiple};
 * JCTools {@code fill}/{@code drain}; LMAX {@code tryNext(n)}/{@code publish(lo, hi)} and a poller.
 * Single-threaded, so it measures the cost of the operations, not contention (DPDK's published
 * curve is MP/MC on two cores).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class BatchBench {

    @Param({"spsc", "disruptor", "vsched", "jctools-mpmc", "lmax-single"})
    public String queue;

    private BenchChannel channel;

    @Setup(Level.Trial)
    public void open() {
        channel = BenchChannels.open(queue, ChannelBench.CAPACITY, 1, 1);
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.close();
    }

    private int roundTrip(int n) {
        int in = channel.offerBatch(0, n);
        int out = channel.pollBatch(0, n);
        if (in != n || out != n) {
            throw new IllegalStateException("channel '" + queue + "': a batch of " + n + " into an empty queue of "
                    + ChannelBench.CAPACITY + " pushed " + in + " and popped " + out);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public int batch001() {
        return roundTrip(1);
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public int batch008() {
        return roundTrip(8);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public int batch032() {
        return roundTrip(32);
    }

    @Benchmark
    @OperationsPerInvocation(128)
    public int batch128() {
        return roundTrip(128);
    }

    @Benchmark
    @OperationsPerInvocation(256)
    public int batch256() {
        return roundTrip(256);
    }
}
