package org.vdsolab.api.vdso.testlib;

import org.vdsolab.api.vdso.LibraryCompiler;

import java.nio.file.Path;
import java.util.Map;

/**
 * Sources of the test library {@code tally}, compiled at test time by {@link LibraryCompiler}
 * (platform-api compiles its own sources without its processor): version 1.0, and version 2.0
 * whose shared data has one more global field, so its layout fingerprint differs.
 */
public final class TestLibraries {

    private TestLibraries() { }

    public static final String IMPL_PACKAGE = "org.vdsolab.api.vdso.testlib.impl";

    /** Compiles version {@code version} of {@code tally} into {@code output}; fails the caller if javac fails. */
    public static Path compileTally(Path output, String version, boolean extraSharedField) {
        String data = """
                package org.vdsolab.api.vdso.testlib.impl;

                import org.vdsolab.api.vdso.*;

                @SharedData
                public final class TallyData {
                    @Global long total;
                    %s
                    @PerCpu long calls;
                }
                """.formatted(extraSharedField ? "@Global long extra;" : "");
        String library = """
                package org.vdsolab.api.vdso.testlib.impl;

                import org.vdsolab.api.vdso.VdsoLibrary;
                import org.vdsolab.api.vdso.testlib.Tally;

                @VdsoLibrary(name = "tally", version = "%s", api = Tally.class, shared = TallyData.class)
                public final class TallyLibrary implements Tally {
                    private static long privateCount; // private data: one copy per domain
                    private final TallyDataVvar shared;

                    public TallyLibrary(TallyDataVvar shared) { this.shared = shared; }

                    @Override public long increment(int cpu) {
                        synchronized (TallyLibrary.class) { privateCount++; }
                        shared.getAndAddCalls(cpu, 1);
                        return shared.getAndAddTotal(1) + 1;
                    }
                    @Override public long privateCount() { synchronized (TallyLibrary.class) { return privateCount; } }
                    @Override public long sharedTotal() { return shared.getTotalAcquire(); }
                    @Override public long callsOnCpu(int cpu) { return shared.getCallsAcquire(cpu); }
                }
                """.formatted(version);
        LibraryCompiler.Result r = LibraryCompiler.compile(output, Map.of(
                IMPL_PACKAGE + ".TallyData", data, IMPL_PACKAGE + ".TallyLibrary", library));
        if (!r.success()) {
            throw new AssertionError("test library tally " + version + " does not compile:\n" + r.report());
        }
        return output;
    }
}
