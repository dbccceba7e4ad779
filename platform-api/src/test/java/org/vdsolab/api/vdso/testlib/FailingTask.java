package org.vdsolab.api.vdso.testlib;

import org.vdsolab.api.loader.Domain;
import org.vdsolab.api.loader.DomainTask;

import java.util.Map;

/** A domain task that fails, for the tests of how failures are reported. */
public final class FailingTask implements DomainTask {

    @Override
    public Map<String, Long> run(Domain self, Map<String, String> args) {
        throw new IllegalStateException("deliberate failure in domain " + self.name());
    }
}
