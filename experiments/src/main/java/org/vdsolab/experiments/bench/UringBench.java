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
import org.vdsolab.api.device.DeviceProvider;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.memory.SharedRegion;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.SqeView;
import org.vdsolab.api.spi.Providers;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringKernel;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The io_uring path: one user thread stages {@code QD} 4 KiB reads of the {@code null} device in
 * its private SQ buffer, submits them as one batch into the shared SQ (a queue of the named
 * provider), and reaps the {@code QD} completions from its CQ; one kernel poller thread (started
 * with the ring) pops SQEs, runs them on the device and pushes CQEs. The score is requests per
 * second ({@code @OperationsPerInvocation(QD)}), at QD 1 and QD 32, to set beside fio's
 * null-engine floor of 3.78 M IOPS per submitter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class UringBench {

    private static final long BLOCK = 4096;
    private static final long DEVICE_BYTES = 4L << 20;
    private static final int MAX_DEPTH = 32;

    @Param({"spsc", "disruptor", "vsched", "vsched-classic"})
    public String queue;

    private UringKernel kernel;
    private UringUser user;
    private SqBuffer staging;
    private int fd;
    private long nextOffset;
    private final Cqe cqe = new Cqe();

    @Setup(Level.Trial)
    public void start() {
        UringSpec spec = UringSpec.simple(queue, 256, 256).withBufferBytes(MAX_DEPTH * BLOCK);
        UringKernel.Builder b = UringKernel.builder(spec)
                .regionFile(SharedRegion.defaultPath("jmh-uring-" + ProcessHandle.current().pid() + "-" + queue.replace('/', '-')));
        DeviceProvider nullDevice = Providers.find(DeviceProvider.class, "null");
        fd = b.device("null", nullDevice.open(new DeviceSpec(null, Map.of(), 1L)), DEVICE_BYTES);
        kernel = b.build().startPollers();
        user = kernel.user(0);
        staging = user.newSqBuffer(MAX_DEPTH);
    }

    @TearDown(Level.Trial)
    public void stop() {
        user.close();
        kernel.close();
    }

    /** Stages {@code depth} reads, submits them with one batch, spins until all {@code depth} completions are reaped. */
    private int roundTrip(int depth) {
        for (int i = 0; i < depth; i++) {
            SqeView v = staging.getSqe();
            v.opcode(UringOp.READ).userData(i).fd(fd).off(nextOffset).addr(i * BLOCK).len((int) BLOCK);
            nextOffset = (nextOffset + BLOCK) % DEVICE_BYTES;
        }
        staging.submit();
        int reaped = 0;
        while (reaped < depth) {
            if (user.poll(cqe)) {
                reaped++;
            } else {
                Thread.onSpinWait();
            }
        }
        return reaped;
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public int qd01() {
        return roundTrip(1);
    }

    @Benchmark
    @OperationsPerInvocation(32)
    public int qd32() {
        return roundTrip(32);
    }
}
