package org.vdsolab.experiments.vdso.demo;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;
import org.vdsolab.experiments.vdso.example.SharedCounter;

import java.util.Map;

/**
 * A domain's program for the loader demonstration: binds the example library (mapping it into the
 * domain on this first bind) and increments it {@code calls} times on CPU {@code cpu}. Returns
 * {@code private} (the domain's private count as the library reports it) and {@code calls}.
 * Runs unchanged in the kernel, an in-JVM user domain or a process domain.
 */
public final class CounterCallerProgram implements DomainTask {

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        long calls = Long.parseLong(args.get("calls"));
        int cpu = Integer.parseInt(args.get("cpu"));
        SharedCounter counter = self.bind(SharedCounter.class);
        for (long i = 0; i < calls; i++) {
            counter.increment(cpu);
        }
        return Map.of("private", counter.privateCount(), "calls", calls);
    }
}
