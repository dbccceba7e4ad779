package org.vdsolab.devices;

import org.vdsolab.api.device.DeviceModel;
import org.vdsolab.api.device.DeviceSpec;
import org.vdsolab.api.device.IoResult;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Test helpers: SQEs in native memory, one-call submits, parameter maps, latency statistics. */
final class TestIo {
    private TestIo() { }

    /** A zeroed SQE in its own native segment. */
    static SqeView sqe(int opcode, long off, long addr, int len) {
        SqeView v = new SqeView().wrap(Arena.ofAuto().allocate(64, 8), 0);
        v.clear();
        return v.opcode(opcode).off(off).addr(addr).len(len);
    }

    /** Submits and returns a fresh result. */
    static IoResult submit(DeviceModel d, long now, SqeView sqe, MemorySegment buffers) {
        IoResult r = new IoResult();
        r.set(Long.MIN_VALUE, Integer.MIN_VALUE);
        d.submit(now, sqe, buffers, r);
        return r;
    }

    /** The result code of one submit at time 0. */
    static int res(DeviceModel d, SqeView sqe, MemorySegment buffers) {
        return submit(d, 0, sqe, buffers).res;
    }

    static DeviceSpec spec(String profile, String... keyValues) {
        return spec(profile, 1L, keyValues);
    }

    static DeviceSpec spec(String profile, long seed, String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new DeviceSpec(profile, m, seed);
    }

    /** Writes an iovec {base, len} at index i of the array at {@code array}. */
    static void iovec(MemorySegment area, long array, int i, long base, long len) {
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, array + 16L * i, base);
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, array + 16L * i + 8, len);
    }

    /** Writes a __kernel_timespec at {@code at}. */
    static void timespec(MemorySegment area, long at, long sec, long nsec) {
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, at, sec);
        area.set(ValueLayout.JAVA_LONG_UNALIGNED, at + 8, nsec);
    }

    /** Mean and nearest-rank percentiles of a latency sample, in nanoseconds. */
    record Stats(double mean, long p50, long p99, long p99999, long max) {
        static Stats of(long[] latencies) {
            long[] s = latencies.clone();
            Arrays.sort(s);
            double sum = 0;
            for (long l : s) {
                sum += l;
            }
            return new Stats(sum / s.length, rank(s, 0.50), rank(s, 0.99), rank(s, 0.99999), s[s.length - 1]);
        }

        private static long rank(long[] sorted, double q) {
            return sorted[(int) Math.ceil(q * sorted.length) - 1];
        }

        @Override public String toString() {
            return String.format("mean %.2f us, p50 %.2f us, p99 %.2f us, p99.999 %.2f us, max %.2f us",
                    mean / 1e3, p50 / 1e3, p99 / 1e3, p99999 / 1e3, max / 1e3);
        }
    }
}
