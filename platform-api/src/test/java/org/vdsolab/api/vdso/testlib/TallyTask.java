package org.vdsolab.api.vdso.testlib;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;

import java.util.Map;

/**
 * A domain task for the loader tests: binds {@link Tally} in its domain unless {@code calls} is 0,
 * increments it {@code calls} times on CPU {@code cpu}, and returns its private count and whether
 * it bound.
 */
public final class TallyTask implements DomainTask {

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        long calls = Long.parseLong(args.get("calls"));
        if (calls == 0) {
            return Map.of("private", 0L, "bound", 0L);
        }
        int cpu = Integer.parseInt(args.getOrDefault("cpu", "0"));
        Tally tally = self.bind(Tally.class);
        for (long i = 0; i < calls; i++) {
            tally.increment(cpu);
        }
        return Map.of("private", tally.privateCount(), "bound", 1L);
    }
}
