package org.vdsolab.experiments.vdso.demo;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;

import java.util.Map;

/**
 * A domain's program that never calls the example library (so the library is never mapped into
 * it): it does some private work of its own and reports a zero private count.
 */
public final class IdleProgram implements DomainTask {

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        long work = 0;
        for (int i = 0; i < 1_000; i++) {
            work += Long.numberOfTrailingZeros(i + 1L);
        }
        return Map.of("private", 0L, "work", work);
    }
}
