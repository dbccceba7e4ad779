package org.vdsolab.experiments.workloads;

import org.vdsolab.api.liveness.LivenessTable;
import org.vdsolab.api.liveness.OwnerToken;
import org.vdsolab.api.liveness.QueueRecoverySweeper;
import org.vdsolab.api.process.CleanupRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.workload.LatencyRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code mode: processes}: every party is a child JVM ({@link QueueStressChild}) started with
 * this JVM's java and class path, attached to the region by path. Consumers hand back their
 * latency histograms in files, which {@link #finish()} merges into the parent's recorder with
 * {@link LatencyRecorder#record(long, long)}.
 *
 * <p>A child killed by a signal (from outside: the workload sends none) is not a failure but a
 * {@link PartyDeath}: {@link #failure()} and {@link #finish()} record it with the party's ready
 * and done flags as they were; a dead producer is marked finished in the region (so that the
 * consumers stop waiting for the rest of its share), the dead party's liveness registration is
 * declared dead, and from the first death on a {@link QueueRecoverySweeper} frees what it held in
 * the queue (designs with owner recovery). Any other non-zero exit is a failure.
 *
 * <p>Not thread-safe: the workload's thread drives it.
 */
final class ProcessStressParties implements StressParties {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
    private static final long SWEEP_MILLIS = 5;

    private final StressConfig config;
    private final StressRegion region;
    private final List<ChildJvm> children = new ArrayList<>();
    private final List<Path> histograms = new ArrayList<>();
    private final LatencyRecorder recorder;
    /** Per child (producers first, then consumers): already found dead of a signal. */
    private final boolean[] dead;
    private final List<PartyDeath> deaths = new ArrayList<>();
    private LivenessTable liveness;
    private QueueRecoverySweeper sweeper;

    ProcessStressParties(StressConfig config, StressRegion region, LatencyRecorder recorder) throws IOException {
        this.config = config;
        this.region = region;
        this.recorder = recorder;
        this.dead = new boolean[config.producers() + config.consumers()];
        List<String> configArgs = config.toArgs();
        try {
            for (int i = 0; i < config.producers(); i++) {
                children.add(start(region, configArgs, "producer", i, "-"));
            }
            for (int j = 0; j < config.consumers(); j++) {
                Path h = Files.createTempFile("vdsolab-queue-stress-consumer-" + j + "-", ".hdr");
                histograms.add(h);
                CleanupRegistry.global().register(h);
                children.add(start(region, configArgs, "consumer", j, h.toString()));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static ChildJvm start(StressRegion region, List<String> configArgs, String role, int id, String histogram) {
        List<String> args = new ArrayList<>(List.of(role, Integer.toString(id), region.file().toString(), histogram));
        args.addAll(configArgs);
        return ChildJvm.builder(QueueStressChild.class.getName())
                .name("queue-stress " + role + " " + id)
                // Serial GC: several JVMs share few cores; parallel GC threads would only compete with the parties.
                .jvmFlags("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED")
                .args(args)
                .start();
    }

    @Override
    public String failure() {
        for (int c = 0; c < children.size(); c++) {
            ChildJvm child = children.get(c);
            if (!dead[c] && !child.isAlive()) {
                int code = child.awaitExit(Duration.ZERO);
                String failure = exited(c, code);
                if (failure != null) {
                    return failure;
                }
            }
        }
        return null;
    }

    /** Accounts for child {@code c}'s exit: null if it is fine (0, or a signal death now recorded), else a failure. */
    private String exited(int c, int code) {
        ChildJvm child = children.get(c);
        if (code == 0) {
            return null;
        }
        boolean producer = c < config.producers();
        int id = producer ? c : c - config.producers();
        long line = producer ? region.producerLine(id) : region.consumerLine(id);
        if (!ChildJvm.isSignalDeath(code) || region.field(line, StressRegion.FAILED) != 0) {
            return child.name() + " (pid " + child.pid() + ") " + ChildJvm.describeExit(code) + ":\n"
                    + child.stderrTail(ChildJvm.TAIL_LINES);
        }
        dead[c] = true;
        deaths.add(new PartyDeath(producer, id, code, region.isReady(line), region.isDone(line)));
        if (producer) {
            region.producerFinished(id); // it will publish nothing more: the consumers must not wait for it
        }
        long token = region.progress(line, StressRegion.TOKEN);
        if (token != OwnerToken.NONE) {
            liveness().declareDead((int) token);
        }
        if (sweeper == null) {
            List<SharedQueue> queues = new ArrayList<>();
            for (int cpu = 0; cpu < config.cpus(); cpu++) {
                queues.add(region.attachQueue(cpu));
            }
            sweeper = new QueueRecoverySweeper(queues, liveness()).start(SWEEP_MILLIS);
        }
        sweeper.sweepOnce();
        return null;
    }

    private LivenessTable liveness() {
        if (liveness == null) {
            liveness = region.attachLiveness();
        }
        return liveness;
    }

    @Override
    public List<PartyDeath> deaths() {
        return Collections.unmodifiableList(deaths);
    }

    @Override
    public long recoveredSlots() {
        return sweeper == null ? 0 : sweeper.recovered();
    }

    @Override
    public void finish() throws IOException {
        for (int c = 0; c < children.size(); c++) {
            if (!dead[c]) {
                String failure = exited(c, children.get(c).awaitExit(EXIT_WAIT));
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            }
        }
        if (sweeper != null) {
            sweeper.close();
        }
        for (int j = 0; j < histograms.size(); j++) {
            if (dead[config.producers() + j]) {
                continue; // killed, perhaps while writing it: its latencies are lost with it
            }
            Path h = histograms.get(j);
            byte[] bytes = Files.readAllBytes(h);
            if (bytes.length == 0) {
                continue;
            }
            Histogram histogram;
            try {
                histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException("consumer latency histogram " + h + " is corrupt: " + e.getMessage(), e);
            }
            for (HistogramIterationValue v : histogram.recordedValues()) {
                recorder.record(v.getValueIteratedTo(), v.getCountAtValueIteratedTo());
            }
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.close();
        }
        for (ChildJvm c : children) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // best effort: the others must still be killed
            }
        }
        for (Path h : histograms) {
            try {
                Files.deleteIfExists(h);
                CleanupRegistry.global().forget(h);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }
}
