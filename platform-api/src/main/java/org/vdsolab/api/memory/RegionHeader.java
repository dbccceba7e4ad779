package org.vdsolab.api.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The header at offset 0 of every vvar region, decoded. Immutable.
 *
 * <p>Byte layout (little-endian words, all naturally aligned):
 * <pre>
 *   0  magic        long  "VDSOLAB\0"; stored last, with release, so a reader that sees it sees all
 *   8  version      int   {@link #FORMAT_VERSION}
 *  12  headerBytes  int   128
 *  16  fingerprint  long  the creating layout's fingerprint
 *  24  totalSize    long  bytes of the whole region
 *  32  cpus         int   per-CPU copies of each per-CPU area
 *  36  (reserved)   int
 *  40  creatorPid   long
 *  48  createdMs    long  epoch milliseconds
 *  56  layoutName   64 bytes, UTF-8, zero-padded
 * 120  (reserved)   8 bytes
 * </pre>
 */
public record RegionHeader(int version, long fingerprint, long totalSize, int cpus, long creatorPid,
                           long createdMillis, String layoutName) {

    /** "VDSOLAB\0" read as a little-endian long. */
    public static final long MAGIC = 0x00_42_41_4C_4F_53_44_56L;
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_BYTES = 128;

    static final long OFF_MAGIC = 0;
    static final long OFF_VERSION = 8;
    static final long OFF_HEADER_BYTES = 12;
    static final long OFF_FINGERPRINT = 16;
    static final long OFF_TOTAL_SIZE = 24;
    static final long OFF_CPUS = 32;
    static final long OFF_PID = 40;
    static final long OFF_CREATED = 48;
    static final long OFF_NAME = 56;
    static final int NAME_BYTES = 64;

    public String fingerprintHex() { return String.format("%016x", fingerprint); }

    public Instant created() { return Instant.ofEpochMilli(createdMillis); }

    /** Writes every field but the magic, then the magic with release semantics. */
    void writeTo(WordMemory m) {
        m.setInt(OFF_VERSION, version);
        m.setInt(OFF_HEADER_BYTES, HEADER_BYTES);
        m.setLong(OFF_FINGERPRINT, fingerprint);
        m.setLong(OFF_TOTAL_SIZE, totalSize);
        m.setInt(OFF_CPUS, cpus);
        m.setLong(OFF_PID, creatorPid);
        m.setLong(OFF_CREATED, createdMillis);
        byte[] name = layoutName.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(name.length, NAME_BYTES - 1);
        for (int i = 0; i < NAME_BYTES; i++) {
            m.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, OFF_NAME + i, i < n ? name[i] : 0);
        }
        m.setLongRelease(OFF_MAGIC, MAGIC);
    }

    /** Reads the fields after the magic has been checked (acquire) by the caller. */
    static RegionHeader readFrom(WordMemory m) {
        byte[] name = new byte[NAME_BYTES];
        int len = 0;
        for (int i = 0; i < NAME_BYTES; i++) {
            name[i] = m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, OFF_NAME + i);
            if (name[i] == 0) {
                break;
            }
            len = i + 1;
        }
        return new RegionHeader(m.getInt(OFF_VERSION), m.getLong(OFF_FINGERPRINT), m.getLong(OFF_TOTAL_SIZE),
                m.getInt(OFF_CPUS), m.getLong(OFF_PID), m.getLong(OFF_CREATED),
                new String(name, 0, len, StandardCharsets.UTF_8));
    }
}
