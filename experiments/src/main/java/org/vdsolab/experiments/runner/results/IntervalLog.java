package org.vdsolab.experiments.runner.results;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.vdsolab.experiments.runner.FileErrors;

import java.io.Closeable;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cell's HdrHistogram interval log, {@code cell-<n>.hlog}: one interval histogram per measured
 * repetition (warm-ups are not logged), with the repetition's start and end time, latency in
 * nanoseconds. Readable by HdrHistogram's HistogramLogProcessor and HistogramLogAnalyzer, and by
 * {@code report DIR}, which merges the intervals to redraw the percentile chart.
 *
 * <p>Intervals are repetitions, not fixed time slices: slicing by time would put an atomic
 * operation (a Recorder's phaser) on every recorded sample of the workload's hot path.
 * Not thread-safe: one writer per cell, used by the runner's thread.
 */
public final class IntervalLog implements Closeable {

    private final Path file;
    private final FailureRecorder sink;
    private final PrintStream stream;
    private final HistogramLogWriter writer;

    /** Keeps the first I/O error, which the PrintStream HistogramLogWriter needs would swallow. */
    private static final class FailureRecorder extends FilterOutputStream {
        private IOException failure;

        FailureRecorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                throw e;
            }
        }
    }

    private IntervalLog(Path file, long startMillis, String comment) throws IOException {
        this.file = file;
        OutputStream raw;
        try {
            raw = Files.newOutputStream(file);
        } catch (IOException e) {
            throw FileErrors.wrap("create", file, e);
        }
        this.sink = new FailureRecorder(new BufferedOutputStream(raw));
        // Auto-flush on each line, so someone reading the log of a running experiment sees whole intervals.
        this.stream = new PrintStream(sink, true, StandardCharsets.US_ASCII);
        this.writer = new HistogramLogWriter(stream);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
        if (stream.checkError()) {
            stream.close();
            check();
        }
    }

    /** Throws the first write error, naming the file, once the PrintStream has swallowed it. */
    private void check() throws IOException {
        if (stream.checkError()) {
            throw FileErrors.wrap("write", file, sink.failure != null ? sink.failure
                    : new IOException("the write failed without a reason"));
        }
    }

    /** The file name of cell {@code index}'s log. */
    public static String fileName(int index) {
        return "cell-" + index + ".hlog";
    }

    /**
     * Creates (or replaces) {@code file} and writes the log header.
     *
     * @param startMillis epoch milliseconds the cell started; interval times are relative to it
     * @param comment     one line describing the cell
     */
    public static IntervalLog create(Path file, long startMillis, String comment) throws IOException {
        return new IntervalLog(file, startMillis, comment.replace('\n', ' '));
    }

    /**
     * Appends one repetition; the histogram's start and end time stamps (epoch ms) give the
     * interval.
     *
     * @throws IOException when the log cannot be written; the message names the file and the reason
     */
    public void append(Histogram repetition) throws IOException {
        writer.outputIntervalHistogram(repetition);
        check();
    }

    @Override
    public void close() throws IOException {
        writer.close();
        check();
    }

    /**
     * Every interval of {@code file} added into one histogram, or null when the file does not
     * exist or holds no interval.
     *
     * @throws IOException when the file exists but is not an interval log; the message names it
     */
    public static Histogram readMerged(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Histogram merged = null;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!(h instanceof Histogram interval)) {
                    throw new IOException(file + ": holds a " + h.getClass().getSimpleName()
                            + ", not a long-valued latency histogram");
                }
                if (merged == null) {
                    merged = new Histogram(interval.getNumberOfSignificantValueDigits());
                }
                merged.add(interval);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable HdrHistogram interval log: " + e.getMessage(), e);
        }
        return merged;
    }
}
