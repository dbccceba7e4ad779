package org.vdsolab.api.uring;

import org.junit.jupiter.api.Test;
import org.vdsolab.api.memory.SegmentWordMemory;
import org.vdsolab.api.queue.QueueSpec;
import org.vdsolab.api.queue.SharedQueue;
import org.vdsolab.api.record.Cqe;
import org.vdsolab.api.record.CqeLayout;
import org.vdsolab.api.record.Sqe;
import org.vdsolab.api.record.SqeLayout;
import org.vdsolab.api.record.SqeView;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vDSO design's SQ/CQ API over a queue provider, without pollers: push, pop, batches, staging. */
class SqCqApiTest {

    private static SharedQueue queue(int capacity, int recordBytes, int producers) {
        QueueSpec spec = new QueueSpec(capacity, recordBytes, producers, 1);
        long bytes = Rings.QUEUE.footprint(spec);
        return Rings.QUEUE.create(new SegmentWordMemory(Arena.ofShared().allocate(bytes, 4096)), 0, spec);
    }

    private static Sqe sqe(int opcode, long userData) {
        Sqe s = new Sqe();
        s.opcode = opcode;
        s.userData = userData;
        s.off = userData * 10;
        s.len = 512;
        s.fd = 3;
        return s;
    }

    @Test
    void pushThenPopCopiesEveryFieldAndStampsThePersonality() {
        SharedQueue q = queue(8, SqeLayout.BYTES, 3);
        Sq user = Sq.submitter(q, 2, 0xC0FFEEL, null);
        Sq kernel = Sq.poller(q, 0, 4);
        Sqe in = sqe(UringOp.READ, 77);
        in.personality = 999; // a domain cannot choose another's identity through push
        in.pad = 1234;        // nor another's credential
        in.addr3 = 5;
        assertTrue(user.push(in));
        assertEquals(999, in.personality, "push must not modify the caller's SQE");
        assertEquals(1234, in.pad, "push must not modify the caller's SQE");
        Sqe out = new Sqe();
        assertTrue(kernel.pop(out));
        in.personality = 2;
        in.pad = 0xC0FFEEL;
        assertEquals(in, out);
        assertFalse(kernel.pop(out), "the SQ is empty again");
    }

    @Test
    void pushReportsFullAndPopMultipleReturnsAtMostTheBatch() {
        SharedQueue q = queue(4, SqeLayout.BYTES, 1);
        Sq user = Sq.submitter(q, 0, 1, null);
        for (int i = 0; i < 4; i++) {
            assertTrue(user.push(sqe(UringOp.NOP, i)));
        }
        assertFalse(user.push(sqe(UringOp.NOP, 99)), "a full SQ refuses the push");
        Sq kernel = Sq.poller(q, 0, 3);
        assertEquals(3, kernel.popMultiple(10), "popMultiple is bounded by the handle's batch");
        for (int i = 0; i < 3; i++) {
            assertEquals(i, kernel.sqe(i).userData());
        }
        assertEquals(1, kernel.popMultiple(10));
        assertEquals(3, kernel.sqe(0).userData());
        assertEquals(0, kernel.popMultiple(10));
    }

    @Test
    void wrongSideOperationsAreRefusedWithAMessage() {
        SharedQueue q = queue(4, SqeLayout.BYTES, 1);
        Sq user = Sq.submitter(q, 0, 1, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> user.pop(new Sqe()));
        assertTrue(e.getMessage().contains("poller"), e.getMessage());
        Sq kernel = Sq.poller(q, 0, 1);
        assertThrows(IllegalStateException.class, () -> kernel.push(new Sqe()));
    }

    @Test
    void sqBufferFillsInPlaceAndSubmitsTheWholeBatchInOrder() {
        SharedQueue q = queue(16, SqeLayout.BYTES, 2);
        SqBuffer buf = new SqBuffer(q, 1, 0xABCL, null, 4);
        SqeView first = buf.getSqe();
        first.opcode(UringOp.WRITE).userData(100).len(64).off(4096);
        SqeView second = buf.getSqe();
        assertFalse(first == second, "each staging slot has its own view");
        second.opcode(UringOp.NOP).userData(101);
        assertEquals(0, q.size(), "staging is private: nothing is in the shared SQ before submit");
        assertEquals(2, buf.submit());
        assertEquals(0, buf.staged());
        Sq kernel = Sq.poller(q, 0, 8);
        assertEquals(2, kernel.popMultiple(8));
        assertEquals(100, kernel.sqe(0).userData());
        assertEquals(UringOp.WRITE, kernel.sqe(0).opcode());
        assertEquals(4096, kernel.sqe(0).off());
        assertEquals(1, kernel.sqe(0).personality(), "submit stamps the domain id");
        assertEquals(0xABCL, kernel.sqe(0).pad(), "submit stamps the domain's credential");
        assertEquals(0xABCL, kernel.sqe(1).pad(), "submit stamps the domain's credential");
        assertEquals(101, kernel.sqe(1).userData());
    }

    @Test
    void sqBufferGivesNullWhenFullAndKeepsWhatTheSqCannotTake() {
        SharedQueue q = queue(4, SqeLayout.BYTES, 1);
        SqBuffer buf = new SqBuffer(q, 0, 1, null, 6);
        for (int i = 0; i < 6; i++) {
            SqeView v = buf.getSqe();
            assertNotNull(v);
            v.opcode(UringOp.NOP).userData(i);
        }
        assertNull(buf.getSqe(), "staging full");
        assertEquals(4, buf.submit(), "as many as fit");
        assertEquals(2, buf.staged());
        assertEquals(0, buf.submit(), "SQ full: nothing moves");
        Sq kernel = Sq.poller(q, 0, 8);
        assertEquals(4, kernel.popMultiple(8));
        assertEquals(2, buf.submit());
        assertEquals(2, kernel.popMultiple(8));
        assertEquals(4, kernel.sqe(0).userData(), "the rest kept their order");
        assertEquals(5, kernel.sqe(1).userData());
    }

    @Test
    void cqMirrorsTheSq() {
        SharedQueue q = queue(4, CqeLayout.BYTES, 1);
        Cq kernel = Cq.producer(q, 0);
        Cq user = Cq.consumer(q, 0, 4);
        Cqe c = new Cqe();
        c.userData = 42;
        c.res = -Errno.EINVAL;
        c.flags = CqeFlags.withOwner(0, 3);
        assertTrue(kernel.push(c));
        Cqe out = new Cqe();
        assertTrue(user.pop(out));
        assertEquals(c, out);
        assertEquals(3, CqeFlags.owner(out.flags));

        CqBuffer buf = new CqBuffer(q, 0, 8);
        for (int i = 0; i < 6; i++) {
            assertTrue(buf.stage(i, i, 0));
        }
        assertEquals(4, buf.submit());
        assertEquals(2, buf.staged());
        assertEquals(4, user.popMultiple(8));
        assertEquals(3, user.cqe(3).userData());
        assertSame(user.cqe(0), user.cqe(1), "one reused view");
        assertEquals(2, buf.submit());
        assertEquals(2, user.popMultiple(8));
        assertEquals(5, user.cqe(1).res());
    }
}
