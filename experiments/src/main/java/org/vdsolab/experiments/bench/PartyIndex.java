package org.vdsolab.experiments.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Which producer or consumer of the channel a benchmark thread is: its index among the threads
 * running the same method of its group (JMH's subgroup). Thread-scoped.
 */
@State(Scope.Thread)
public class PartyIndex {

    public int index;

    @Setup(Level.Trial)
    public void assign(ThreadParams params) {
        index = params.getSubgroupThreadIndex();
    }
}
