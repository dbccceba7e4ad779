package org.vdsolab.api.vdso.processor;

import org.vdsolab.api.layout.Scope;
import org.vdsolab.api.layout.VvarLayout;

import java.util.HashSet;
import java.util.Set;

/**
 * Writes {@code <Shared>Vvar}: the layout as compile-time constants, {@code layout(cpus)} building
 * the same {@link VvarLayout}, and typed accessors over {@code WordMemory} for every field.
 */
final class VvarGenerator {

    private VvarGenerator() { }

    /**
     * Every member name the generated class declares, to detect clashes between fields (e.g.
     * {@code fooBar} and {@code foo_bar} both give {@code FOO_BAR_OFFSET}).
     *
     * @return null if there is no clash, else a message naming the clashing name
     */
    static String clash(SharedDeclaration d) {
        Set<String> names = new HashSet<>(Set.of("LAYOUT_NAME", "FINGERPRINT", "PER_CPU_BLOCK_OFFSET",
                "PER_CPU_BLOCK_STRIDE", "PER_CPU_BLOCK_BYTES", "PER_CPU_AREA"));
        for (SharedField f : d.fields) {
            String stem = f.constantStem();
            String[] mine = f.scope() == Scope.GLOBAL
                    ? new String[] {stem + "_OFFSET", stem + "_LENGTH"}
                    : new String[] {stem + "_IN_BLOCK", stem + "_LENGTH"};
            for (String n : mine) {
                if (!names.add(n)) {
                    return "shared field '" + f.name() + "' in " + d.qualifiedName() + ": its generated constant " + n
                            + " clashes with another field's or a fixed one; rename the field";
                }
            }
        }
        return null;
    }

    static String generate(String pkg, LayoutPlan plan, String processor) {
        SharedDeclaration d = plan.declaration;
        String cls = d.vvarSimpleName();
        SourceWriter w = new SourceWriter();
        if (!pkg.isEmpty()) {
            w.line("package %s;", pkg).line("");
        }
        w.line("import org.vdsolab.api.layout.VvarLayout;");
        w.line("import org.vdsolab.api.memory.WordMemory;");
        w.line("import org.vdsolab.api.vdso.VvarSupport;");
        w.line("");
        w.line("import java.util.Objects;");
        w.line("");
        w.line("/**");
        w.line(" * Shared data of vDSO library {@code %s}, generated from {@link %s}: its vvar layout as", plan.layoutName, d.simpleName());
        w.line(" * compile-time constants and atomic accessors over the {@link WordMemory} of the library's region;");
        w.line(" * each global {@code long[]} field is also a raw area, {@code <field>Area()}, a WordMemory slice.");
        w.line(" *");
        w.line(" * <pre>");
        w.line(" *   area           scope    offset   size   align");
        w.line(" *   (header)       -             0    %d      64", VvarLayout.HEADER_BYTES);
        for (Object[] a : plan.areas) {
            long offset = a[1] == Scope.GLOBAL ? plan.globalOffsets.get((String) a[0]) : plan.blockOffset;
            w.line(" *   %-14s %-7s %7d %6d %7d", a[0], a[1] == Scope.GLOBAL ? "global" : "per-cpu", offset, a[2], a[3]);
        }
        if (plan.hasPerCpu()) {
            w.line(" *");
            w.line(" *   per-CPU block (copy of CPU c at %d + c * %d):", plan.blockOffset, plan.blockStride);
            for (SharedField f : d.fields) {
                if (f.scope() == Scope.PER_CPU) {
                    w.line(" *     %-20s %-7s +%d", f.name(), f.type().javaType + (f.isArray() ? "[" + f.length() + "]" : ""),
                            plan.blockOffsets.get(f.name()));
                }
            }
        }
        w.line(" * </pre>");
        w.line(" *");
        w.line(" * <p>Accessor names follow {@link java.lang.invoke.VarHandle}: {@code getX}/{@code setX} are plain,");
        w.line(" * {@code getXAcquire}/{@code setXRelease} and {@code getXVolatile}/{@code setXVolatile} are ordered,");
        w.line(" * {@code compareAndSetX}, {@code getAndAddX} (long, int) and {@code getAndSetX} (long, double) are");
        w.line(" * volatile-strength atomics. Per-CPU accessors take the CPU id first, array accessors the index");
        w.line(" * next; both are range-checked. double and float are stored as their raw bits, so their CAS");
        w.line(" * compares bits. Thread-safety: immutable; every access has exactly the ordering its name says.");
        w.line(" */");
        w.line("@javax.annotation.processing.Generated(%s)", SourceWriter.literal(processor));
        w.open("public final class %s {", cls);
        w.line("");
        w.line("/** The layout's name: the library's name. */");
        w.line("public static final String LAYOUT_NAME = %s;", SourceWriter.literal(plan.layoutName));
        w.line("/** The layout fingerprint, as VvarLayout computes it for these declarations. */");
        w.line("public static final long FINGERPRINT = 0x%016xL;", plan.fingerprint);
        for (SharedField f : d.fields) {
            if (f.scope() == Scope.GLOBAL) {
                w.line("/** Offset of global field {@code %s} in the region. */", f.name());
                w.line("public static final long %s_OFFSET = %dL;", f.constantStem(), plan.globalOffsets.get(f.name()));
            }
        }
        if (plan.hasPerCpu()) {
            w.line("/** The per-CPU block's area name. */");
            w.line("public static final String PER_CPU_AREA = %s;", SourceWriter.literal(LayoutPlan.PER_CPU_AREA));
            w.line("/** Offset of CPU 0's copy of the per-CPU block. */");
            w.line("public static final long PER_CPU_BLOCK_OFFSET = %dL;", plan.blockOffset);
            w.line("/** Distance between consecutive CPUs' copies of the per-CPU block. */");
            w.line("public static final long PER_CPU_BLOCK_STRIDE = %dL;", plan.blockStride);
            w.line("/** Bytes of one copy of the per-CPU block. */");
            w.line("public static final long PER_CPU_BLOCK_BYTES = %dL;", plan.blockBytes);
            for (SharedField f : d.fields) {
                if (f.scope() == Scope.PER_CPU) {
                    w.line("/** Offset of per-CPU field {@code %s} inside the block. */", f.name());
                    w.line("public static final long %s_IN_BLOCK = %dL;", f.constantStem(), plan.blockOffsets.get(f.name()));
                }
            }
        }
        for (SharedField f : d.fields) {
            if (f.isArray()) {
                w.line("/** Element count of array field {@code %s}. */", f.name());
                w.line("public static final int %s_LENGTH = %d;", f.constantStem(), f.length());
            }
        }
        w.line("");
        w.line("private final WordMemory memory;");
        w.line("private final int cpus;");
        for (SharedField f : d.fields) {
            if (isRawArea(f)) {
                w.line("private final WordMemory %sArea;", f.name());
            }
        }
        w.line("");
        w.line("/**");
        w.line(" * Accessors over {@code memory}, a region laid out by {@link #layout(int) layout(cpus)}.");
        w.line(" *");
        w.line(" * @throws IllegalArgumentException if the memory is smaller than the layout");
        w.line(" * @throws IllegalStateException    if these constants disagree with VvarLayout (the processor and");
        w.line(" *                                  platform-api come from different builds)");
        w.line(" */");
        w.open("public %s(WordMemory memory, int cpus) {", cls);
        w.line("VvarLayout layout = layout(cpus);");
        w.line("VvarSupport.requireFingerprint(layout, FINGERPRINT);");
        for (SharedField f : d.fields) {
            if (f.scope() == Scope.GLOBAL) {
                w.line("VvarSupport.requireOffset(layout, %s, %s_OFFSET);", SourceWriter.literal(f.name()), f.constantStem());
            }
        }
        if (plan.hasPerCpu()) {
            w.line("VvarSupport.requirePerCpuBlock(layout, PER_CPU_AREA, PER_CPU_BLOCK_OFFSET, PER_CPU_BLOCK_STRIDE);");
        }
        w.line("VvarSupport.requireFits(memory, layout);");
        w.line("this.memory = memory;");
        w.line("this.cpus = cpus;");
        for (SharedField f : d.fields) {
            if (isRawArea(f)) {
                w.line("this.%sArea = memory.slice(%s_OFFSET, %s_LENGTH * 8L);", f.name(), f.constantStem(), f.constantStem());
            }
        }
        w.close();
        w.line("");
        w.line("/** The layout of library {@code %s} for {@code cpus} CPUs (CPU count in [1, 4096]). */", plan.layoutName);
        w.open("public static VvarLayout layout(int cpus) {");
        w.line("return VvarLayout.builder(LAYOUT_NAME)");
        for (Object[] a : plan.areas) {
            w.line("        .%s(%s, %dL, %dL)", a[1] == Scope.GLOBAL ? "global" : "perCpu", SourceWriter.literal((String) a[0]), a[2], a[3]);
        }
        w.line("        .build(cpus);");
        w.close();
        w.line("");
        w.line("/** The memory these accessors read and write (the library's whole region). */");
        w.line("public WordMemory memory() { return memory; }");
        w.line("");
        w.line("/** The CPU count per-CPU accessors are checked against. */");
        w.line("public int cpus() { return cpus; }");
        for (SharedField f : d.fields) {
            accessors(w, f);
        }
        w.close();
        return w.toString();
    }

    /**
     * A global {@code long[]} is also a raw shared area: the generated {@code <field>Area()} gives it
     * as a {@code WordMemory} slice at offset 0, where the library can create a structure whose size
     * comes from a spec at run time (a queue, an io_uring, a scheduler).
     */
    static boolean isRawArea(SharedField f) {
        return f.scope() == Scope.GLOBAL && f.isArray() && f.type() == WordType.LONG;
    }

    private static void accessors(SourceWriter w, SharedField f) {
        boolean perCpu = f.scope() == Scope.PER_CPU;
        String params = join(perCpu ? "int cpu" : "", f.isArray() ? "int index" : "");
        String args = join(perCpu ? "cpu" : "", f.isArray() ? "index" : "");
        String stem = f.constantStem();
        String base = perCpu
                ? "PER_CPU_BLOCK_OFFSET + (long) Objects.checkIndex(cpu, cpus) * PER_CPU_BLOCK_STRIDE + " + stem + "_IN_BLOCK"
                : stem + "_OFFSET";
        String offset = f.isArray()
                ? base + " + (long) Objects.checkIndex(index, " + stem + "_LENGTH) * " + f.type().bytes
                : base;
        String name = f.capitalized();
        String t = f.type().javaType;
        String word = f.type().word;
        String at = f.name() + "Offset(" + args + ")";
        String pre = params.isEmpty() ? "" : params + ", ";
        w.line("");
        w.line("// ---- %s %s%s%s", perCpu ? "per-CPU" : "global", t, f.isArray() ? "[" + f.length() + "]" : "", " " + f.name());
        if (isRawArea(f)) {
            w.line("");
            w.line("/**");
            w.line(" * {@code %s} as a raw shared area: a {@link WordMemory} view of its %d words (%d bytes) in which", f.name(),
                    f.length(), f.size());
            w.line(" * offset 0 is {@link #%sOffset(int) %sOffset(0)}, created once with these accessors. A library", f.name(), f.name());
            w.line(" * creates or attaches a run-time-sized structure (a queue, an io_uring, a scheduler) here; its size");
            w.line(" * must fit the compile-time {@code %s_LENGTH}, which the library checks when it lays it out.", stem);
            w.line(" */");
            w.line("public WordMemory %sArea() { return %sArea; }", f.name(), f.name());
        }
        w.line("");
        w.line("/** Offset of {@code %s}%s in the region%s. */", f.name(), perCpu ? " (the given CPU's copy)" : "",
                params.isEmpty() ? "" : "; the arguments are range-checked");
        w.line("public long %sOffset(%s) { return %s; }", f.name(), params, offset);
        w.line("");
        w.line("public %s get%s(%s) { return %s; }", t, name, params, f.type().fromRaw("memory.get" + word + "(" + at + ")"));
        w.line("public %s get%sAcquire(%s) { return %s; }", t, name, params, f.type().fromRaw("memory.get" + word + "Acquire(" + at + ")"));
        w.line("public %s get%sVolatile(%s) { return %s; }", t, name, params, f.type().fromRaw("memory.get" + word + "Volatile(" + at + ")"));
        w.line("public void set%s(%s%s value) { memory.set%s(%s, %s); }", name, pre, t, word, at, f.type().toRaw("value"));
        w.line("public void set%sRelease(%s%s value) { memory.set%sRelease(%s, %s); }", name, pre, t, word, at, f.type().toRaw("value"));
        w.line("public void set%sVolatile(%s%s value) { memory.set%sVolatile(%s, %s); }", name, pre, t, word, at, f.type().toRaw("value"));
        w.open("public boolean compareAndSet%s(%s%s expected, %s value) {", name, pre, t, t);
        w.line("return memory.compareAndSet%s(%s, %s, %s);", word, at, f.type().toRaw("expected"), f.type().toRaw("value"));
        w.close();
        if (f.type().hasGetAndAdd()) {
            w.line("public %s getAndAdd%s(%s%s delta) { return memory.getAndAdd%s(%s, delta); }", t, name, pre, t, word, at);
        }
        if (f.type().hasGetAndSet()) {
            w.line("public %s getAndSet%s(%s%s value) { return %s; }", t, name, pre, t,
                    f.type().fromRaw("memory.getAndSetLong(" + at + ", " + f.type().toRaw("value") + ")"));
        }
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + ", " + b;
    }
}
