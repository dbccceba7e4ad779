package org.vdsolab.experiments.runner;

import org.vdsolab.experiments.runner.config.Cell;
import org.vdsolab.experiments.runner.config.Experiment;
import org.vdsolab.experiments.runner.results.CellSummary;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress display for a terminal: cell i of n, the cell's swept values, repetition,
 * elapsed time and an estimate of the time remaining (elapsed per finished repetition times the
 * repetitions left). Redrawn in place with a carriage return once a second by a daemon thread and
 * at every repetition; a failed cell is printed on a line of its own so it stays visible.
 * Use only when the output is a terminal ({@link #isTerminal()}). Thread-safe.
 */
public final class TerminalProgress implements ProgressListener {

    private static final int WIDTH = 110;

    private final PrintStream out;
    private ScheduledExecutorService ticker;
    private long startNanos;
    private int totalRepetitions;
    private int doneRepetitions;
    private int cells;
    private int perCell;
    private String position = "";
    private boolean forked;
    private int lastLength;

    public TerminalProgress(PrintStream out) {
        this.out = out;
    }

    /**
     * True when standard output is an interactive terminal. {@code System.console()} alone is
     * not enough on JDK 22+, where it may return a console for redirected output.
     */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public synchronized void started(Experiment experiment) {
        startNanos = System.nanoTime();
        cells = experiment.cells().size();
        perCell = experiment.run().totalRepetitions();
        totalRepetitions = cells * perCell;
        doneRepetitions = 0;
        forked = experiment.run().fork();
        if (forked) {
            totalRepetitions = cells * experiment.run().repetitions();
            perCell = experiment.run().repetitions();
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vdsolab-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void repetitionStarted(Cell cell, int repetition, boolean warmup) {
        if (repetition > 1) {
            doneRepetitions++;
        }
        position = "cell " + cell.index() + "/" + cells + "  " + cell.label() + "  rep " + repetition + "/" + perCell
                + (warmup ? " (warm-up)" : "");
        redraw();
    }

    @Override
    public synchronized void forkedRepetitionStarted(Cell cell, int repetition, int unit, int units) {
        doneRepetitions = unit - 1;
        totalRepetitions = units;
        position = "run " + unit + "/" + units + "  cell " + cell.index() + "/" + cells + "  " + cell.label() + "  rep "
                + repetition + "/" + perCell + " (own JVM)";
        redraw();
    }

    @Override
    public synchronized void cellFinished(Cell cell, CellSummary result) {
        if (!forked) {
            doneRepetitions = Math.min(totalRepetitions, roundUp(cell.index()));
        }
        if (result.failed()) {
            clear();
            out.println("cell " + cell.index() + "/" + cells + " (" + cell.label() + ") failed: " + result.error());
        }
        redraw();
    }

    @Override
    public synchronized void finished() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        clear();
        out.flush();
    }

    private int roundUp(int cellsDone) {
        return perCell * cellsDone;
    }

    private synchronized void redraw() {
        long elapsed = System.nanoTime() - startNanos;
        String remaining = doneRepetitions == 0 ? "estimating"
                : "~" + clock((long) ((double) elapsed / doneRepetitions * (totalRepetitions - doneRepetitions)));
        String line = position + "  elapsed " + clock(elapsed) + "  remaining " + remaining;
        if (line.length() > WIDTH) {
            line = line.substring(0, WIDTH - 1) + "…";
        }
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }

    private void clear() {
        out.print("\r" + " ".repeat(lastLength) + "\r");
        lastLength = 0;
    }

    static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
