package org.vdsolab.experiments.cli;

/** The CLI's exit statuses, which scripts may rely on. */
public final class ExitCodes {

    /** Everything ran and no cell failed. */
    public static final int OK = 0;
    /** A run failed: a cell's workload threw or timed out, or files could not be written. */
    public static final int RUN_FAILURE = 1;
    /** Usage or config error, reported before anything ran. */
    public static final int USAGE = 2;

    private ExitCodes() { }
}
