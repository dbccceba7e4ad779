package org.vdsolab.api.layout;

/** Whether a vvar area exists once for all CPUs or once per CPU (open question Q1). */
public enum Scope {
    /** One copy shared by every CPU and every domain. */
    GLOBAL,
    /** One copy per CPU, indexed by an explicit CPU id, each copy aligned on its own. */
    PER_CPU
}
