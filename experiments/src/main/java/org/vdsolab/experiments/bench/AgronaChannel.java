package org.vdsolab.experiments.bench;

import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.vdsolab.api.memory.SharedRegion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peer, and the closest one: an Agrona {@link OneToOneRingBuffer} or {@link ManyToOneRingBuffer}
 * (Aeron's cross-process rings) over a memory-mapped file in /dev/shm, carrying 64-byte messages
 * (72 bytes in the ring with Agrona's 8-byte record header). The ring's data area is the power of
 * two at or above {@code capacity * 72} bytes, so it holds at least {@code capacity} messages.
 * Producers build the message in private memory and {@code write} it (a copy), or, in claim mode,
 * {@code tryClaim}, build it in place and {@code commit} (Agrona's zero-copy claim, like our
 * {@code push_slot}). The one consumer {@code read}s. Thread-safety: as {@link BenchChannel}.
 */
public final class AgronaChannel implements BenchChannel {

    private static final int MSG_TYPE = 1;
    private static final int RECORD_IN_RING = RECORD_BYTES + 8;
    private static final AtomicLong FILES = new AtomicLong();

    private final String name;
    private final boolean claim;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final RingBuffer ring;
    private final AtomicBuffer ringBuffer;
    private final UnsafeBuffer[] src;
    private final Party[] producerParties;
    private final Party consumerParty = new Party();
    private final MessageHandler reader;

    /**
     * @param manyToOne ManyToOneRingBuffer when true, OneToOneRingBuffer (one producer) when false
     * @param claim     push through tryClaim/commit instead of write
     */
    public AgronaChannel(String name, boolean manyToOne, boolean claim, int capacity, int producerCount, int consumerCount) {
        if (consumerCount != 1) {
            throw new IllegalArgumentException("channel '" + name + "' (an Agrona ring) takes 1 consumer, got " + consumerCount);
        }
        if (!manyToOne && producerCount != 1) {
            throw new IllegalArgumentException("channel '" + name + "' (OneToOneRingBuffer) takes 1 producer, got " + producerCount);
        }
        this.name = name;
        this.claim = claim;
        int data = Integer.highestOneBit(capacity * RECORD_IN_RING - 1) << 1;
        int total = data + RingBufferDescriptor.TRAILER_LENGTH;
        file = SharedRegion.defaultDirectory().resolve("vdsolab-jmh-agrona-" + ProcessHandle.current().pid() + "-"
                + FILES.incrementAndGet() + ".ring");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, total);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or map the Agrona ring file " + file + ": " + e.getMessage(), e);
        }
        ringBuffer = new UnsafeBuffer(mapped);
        ring = manyToOne ? new ManyToOneRingBuffer(ringBuffer) : new OneToOneRingBuffer(ringBuffer);
        src = new UnsafeBuffer[producerCount];
        producerParties = new Party[producerCount];
        for (int i = 0; i < producerCount; i++) {
            src[i] = new UnsafeBuffer(new byte[RECORD_BYTES]);
            producerParties[i] = new Party();
        }
        Party c = consumerParty;
        reader = (int msgTypeId, MutableDirectBuffer buffer, int index, int length) -> {
            long d = 0;
            for (int w = 0; w < 8; w++) {
                d ^= buffer.getLong(index + 8 * w);
            }
            c.absorb(d);
        };
    }

    @Override
    public boolean offer(int producer) {
        Party p = producerParties[producer];
        if (claim) {
            int index = ring.tryClaim(MSG_TYPE, RECORD_BYTES);
            if (index <= 0) {
                return false;
            }
            fill(ringBuffer, index, p.nextSeq());
            ring.commit(index);
            return true;
        }
        UnsafeBuffer s = src[producer];
        fill(s, 0, p.seq);
        if (ring.write(MSG_TYPE, s, 0, RECORD_BYTES)) {
            p.nextSeq();
            return true;
        }
        return false;
    }

    private static void fill(MutableDirectBuffer b, int index, long seq) {
        for (int w = 0; w < 8; w++) {
            b.putLong(index + 8 * w, seq + w);
        }
    }

    @Override
    public boolean poll(int consumer) {
        return ring.read(reader, 1) == 1;
    }

    @Override
    public long checksum(int consumer) {
        return consumerParty.checksum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Agrona ring file " + file + ": " + e.getMessage(), e);
        }
    }
}
