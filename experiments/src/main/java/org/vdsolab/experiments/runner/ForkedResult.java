package org.vdsolab.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.vdsolab.experiments.runner.results.RunRecord;
import org.vdsolab.experiments.runner.results.SummaryJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * What a {@link ForkedRepetition} child hands back to the runner, as a small JSON file: either the
 * measured repetition (its {@link RunRecord} as summary.json's {@code runs} holds it, its latency
 * histogram compressed and base64-encoded with the interval's start and end, and the workload's
 * notes), or the error of the warm-up or repetition that failed, with its stack trace when there
 * is one. Written whole or not at all ({@link AtomicFiles}). Immutable.
 *
 * @param run        the measured repetition, null when {@code error} is set
 * @param latency    its latency samples, null when {@code error} is set
 * @param notes      the workload's notes
 * @param error      null, or what failed, starting with which repetition it was
 * @param stackTrace the failure's stack trace, or null
 */
record ForkedResult(RunRecord run, Histogram latency, List<String> notes, String error, String stackTrace) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ForkedResult {
        notes = List.copyOf(notes);
    }

    static ForkedResult measured(RunRecord run, Histogram latency, List<String> notes) {
        return new ForkedResult(run, latency, notes, null, null);
    }

    static ForkedResult failed(String error, String stackTrace) {
        return new ForkedResult(null, null, List.of(), error, stackTrace);
    }

    boolean failed() {
        return error != null;
    }

    void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (run != null) {
            root.set("run", SummaryJson.runNode(run));
            ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
            int length = latency.encodeIntoCompressedByteBuffer(buffer);
            root.put("latency", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)));
            root.put("latency_start_ms", latency.getStartTimeStamp());
            root.put("latency_end_ms", latency.getEndTimeStamp());
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        root.put("error", error);
        root.put("stack_trace", stackTrace);
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }

    /**
     * @throws IOException when the file cannot be read or is not such a result; the message names
     *                     the file and what is wrong
     */
    static ForkedResult read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a repetition result: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a repetition result: expected a JSON object");
        }
        List<String> notes = new ArrayList<>();
        root.path("notes").forEach(n -> notes.add(n.asText()));
        JsonNode error = root.path("error");
        if (error.isTextual()) {
            JsonNode trace = root.path("stack_trace");
            return new ForkedResult(null, null, notes, error.asText(), trace.isTextual() ? trace.asText() : null);
        }
        RunRecord run = SummaryJson.run(file, "run", 0, root.path("run"));
        JsonNode encoded = root.path("latency");
        if (!encoded.isTextual()) {
            throw new IOException(file + ": latency: expected a base64 histogram, got " + encoded);
        }
        Histogram latency;
        try {
            latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded.asText())), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException(file + ": latency: not a compressed histogram: " + e.getMessage(), e);
        }
        latency.setStartTimeStamp(root.path("latency_start_ms").asLong());
        latency.setEndTimeStamp(root.path("latency_end_ms").asLong());
        return new ForkedResult(run, latency, notes, null, null);
    }
}
