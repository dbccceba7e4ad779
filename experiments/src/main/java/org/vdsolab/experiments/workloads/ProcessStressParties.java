package org.vdsolab.experiments.workloads;

import org.vdsolab.api.process.CleanupRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.vdsolab.api.process.ChildJvm;
import org.vdsolab.api.workload.LatencyRecorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mode: processes}: every party is a child JVM ({@link QueueStressChild}) started with
 * this JVM's java and class path, attached to the region by path. Consumers hand back their
 * latency histograms in files, which {@link #finish()} merges into the parent's recorder with
 * {@link LatencyRecorder#record(long, long)}.
 */
final class ProcessStressParties implements StressParties {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    private final List<ChildJvm> children = new ArrayList<>();
    private final List<Path> histograms = new ArrayList<>();
    private final LatencyRecorder recorder;

    ProcessStressParties(StressConfig config, StressRegion region, LatencyRecorder recorder) throws IOException {
        this.recorder = recorder;
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
        for (ChildJvm c : children) {
            if (!c.isAlive()) {
                int code = c.awaitExit(Duration.ZERO);
                if (code != 0) {
                    return c.name() + " (pid " + c.pid() + ") exited with code " + code + ":\n" + c.stderrTail(ChildJvm.TAIL_LINES);
                }
            }
        }
        return null;
    }

    @Override
    public void finish() throws IOException {
        for (ChildJvm c : children) {
            c.awaitSuccess(EXIT_WAIT);
        }
        for (Path h : histograms) {
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
