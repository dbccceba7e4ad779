package org.vdsolab.vsched;

/**
 * The states of a deque slot. The first four are vsched's ({@code utils/src/deque.rs}); the last
 * two exist only in the corrected design, for slots whose push_slot claim was aborted.
 */
final class SlotState {

    /** Free: a pusher may claim it. */
    static final int EMPTY = 0;
    /** Claimed by a pusher that is (or may be about to start) writing the record. */
    static final int WRITING = 1;
    /** Holds a published record. */
    static final int READY = 2;
    /** Claimed by a popper that is (or may be about to start) reading the record. */
    static final int READING = 3;
    /** Corrected design only: an aborted push_slot claim still inside the index range; poppers remove it without delivering it. */
    static final int SKIPPED = 4;
    /** Corrected design only: a SKIPPED slot claimed by a popper that is removing it. */
    static final int REAPING = 5;

    private SlotState() { }
}
