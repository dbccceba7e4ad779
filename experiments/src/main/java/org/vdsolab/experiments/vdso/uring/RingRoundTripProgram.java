package org.vdsolab.experiments.vdso.uring;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.uring.UringOp;

import java.util.BitSet;
import java.util.Map;

/**
 * A domain's program for the {@code io_uring} library: binds it (mapping it into the domain), opens
 * the ring, submits {@code requests} READs of {@code len} bytes to the {@code null} device with
 * {@code user_data = ringDomain << 32 | i}, and reaps until each has come back. Results:
 * {@code domain} (its ring domain id), {@code completed} (distinct own completions),
 * {@code foreign} (CQEs carrying another domain's user_data: must be 0), {@code duplicates}
 * (own completions seen twice: must be 0), {@code bad_res} (results other than {@code len}).
 * Runs unchanged in the kernel, an in-JVM user domain or a process domain.
 */
public final class RingRoundTripProgram implements DomainTask {

    private static final long REAP_TIMEOUT_NANOS = 20_000_000_000L;

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        int requests = Integer.parseInt(args.get("requests"));
        int len = Integer.parseInt(args.getOrDefault("len", "512"));
        IoRing ring = self.bind(IoRing.class);
        long id = ring.open();
        Sqe sqe = new Sqe();
        Cqe cqe = new Cqe();
        BitSet seen = new BitSet(requests);
        long foreign = 0;
        long duplicates = 0;
        long badRes = 0;
        int submitted = 0;
        int completed = 0;
        while (completed < requests) {
            while (submitted < requests) {
                sqe.clear();
                sqe.opcode = UringOp.READ;
                sqe.fd = IoRing.NULL_DEVICE_FD;
                sqe.off = (long) submitted * len;
                sqe.addr = 0;
                sqe.len = len;
                sqe.userData = id << 32 | submitted;
                if (!ring.submit(sqe)) {
                    break;
                }
                submitted++;
            }
            boolean got = submitted < requests ? ring.poll(cqe) : ring.await(cqe, REAP_TIMEOUT_NANOS);
            if (!got) {
                if (submitted == requests) {
                    throw new IllegalStateException("domain " + self.name() + " (ring domain " + id + "): "
                            + (requests - completed) + " completions did not come back in 20 s");
                }
                continue;
            }
            if (cqe.userData >>> 32 != id) {
                foreign++;
                continue;
            }
            int i = (int) cqe.userData;
            if (seen.get(i)) {
                duplicates++;
                continue;
            }
            seen.set(i);
            completed++;
            if (cqe.res != len) {
                badRes++;
            }
        }
        ring.close();
        return Map.of("domain", id, "completed", (long) completed, "foreign", foreign, "duplicates", duplicates,
                "bad_res", badRes);
    }
}
