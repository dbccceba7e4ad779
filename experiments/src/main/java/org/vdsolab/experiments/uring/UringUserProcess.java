package org.vdsolab.experiments.uring;

import org.vdsolab.api.process.ParentWatch;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.uring.RoutingPolicy;
import org.vdsolab.api.uring.SqBuffer;
import org.vdsolab.api.uring.UringCredentials;
import org.vdsolab.api.uring.UringOp;
import org.vdsolab.api.uring.UringSpec;
import org.vdsolab.api.uring.UringUser;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * A user domain as a separate JVM process: attaches to the ring a kernel created in a region file,
 * submits {@code records} NOPs whose user_data is {@code domain << 32 | i}, and reaps until it has
 * all of its own completions, checking that each is its own and arrives exactly once. Then keeps
 * handing on what it holds for others until every domain has reported done (the kernel's parent
 * process waits for all). Prints {@code received=<n> handed_on=<n> corrupt=<n>} and exits 0, or
 * prints the violation to stderr and exits 1.
 *
 * <p>Arguments: regionFile queue routing domains cpus sqEntries cqEntries domain records credential
 * (the domain's ring credential in hex, {@link UringCredentials#format}, from the kernel's process)
 */
public final class UringUserProcess {

    private UringUserProcess() { }

    public static void main(String[] args) throws Exception {
        ParentWatch.start(); // ends this JVM when the one that started it is gone
        if (args.length != 10) {
            System.err.println("usage: UringUserProcess regionFile queue routing domains cpus sqEntries cqEntries domain records credential");
            System.exit(2);
        }
        Path region = Path.of(args[0]);
        UringSpec spec = new UringSpec(args[1], Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[3]),
                1, RoutingPolicy.parse(args[2]), Integer.parseInt(args[4]), 64 * 1024);
        int domain = Integer.parseInt(args[7]);
        int records = Integer.parseInt(args[8]);
        long credential = UringCredentials.parse("UringUserProcess credential (argument 10)", args[9]);
        try (UringUser u = UringUser.attach(region, spec, domain, credential)) {
            SqBuffer sb = u.newSqBuffer(16);
            BitSet seen = new BitSet(records);
            Cqe c = new Cqe();
            int sent = 0;
            int received = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (received < records) {
                if (System.nanoTime() - deadline > 0) {
                    fail("domain " + domain + " received " + received + " of " + records + " in 60 s");
                }
                while (sent < records && sb.staged() < sb.capacity()) {
                    sb.getSqe().opcode(UringOp.NOP).userData(((long) domain << 32) | sent++);
                }
                sb.submit();
                boolean any = false;
                while (u.poll(c)) {
                    any = true;
                    int owner = (int) (c.userData >>> 32);
                    int i = (int) c.userData;
                    if (owner != domain) {
                        fail("domain " + domain + " received a completion of domain " + owner + " (user_data " + c.userData + ")");
                    }
                    if (i < 0 || i >= records || seen.get(i)) {
                        fail("domain " + domain + " received user_data " + i + " twice or out of range");
                    }
                    if (c.res != 0) {
                        fail("domain " + domain + " NOP " + i + " completed with res " + c.res);
                    }
                    seen.set(i);
                    received++;
                }
                if (!any) {
                    Thread.yield();
                }
            }
            // Done with our own; keep serving hand-offs for the others for a while (they may still need them).
            long linger = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() - linger < 0) {
                if (u.poll(c)) {
                    fail("domain " + domain + " received an extra completion " + c);
                }
                Thread.sleep(1);
            }
            if (!u.router().flushHandOffs(10_000_000_000L)) {
                fail("domain " + domain + " could not hand on " + u.router().pendingHandOffs() + " completions");
            }
            System.out.println("received=" + received + " handed_on=" + u.router().handedOn() + " corrupt=" + u.router().corrupt());
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
