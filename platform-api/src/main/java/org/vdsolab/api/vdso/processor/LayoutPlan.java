package org.vdsolab.api.vdso.processor;

import org.vdsolab.api.layout.Area;
import org.vdsolab.api.layout.Scope;
import org.vdsolab.api.layout.VvarLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vvar layout of a shared-data declaration, computed at compile time with the very
 * {@link VvarLayout} the generated code builds at run time, so the constants the processor writes
 * and the fingerprint the region header records cannot disagree.
 *
 * <p>Rules: global fields first, each its own area (named after the field) aligned to the
 * declaration's global alignment; then every per-CPU field in one area named
 * {@value #PER_CPU_AREA}, packed in declaration order with natural alignment (8 for long/double, 4
 * for int/float), the block rounded up to 8 bytes, each CPU's copy aligned to the declaration's
 * per-CPU alignment. Because nothing that depends on the CPU count precedes any area, every offset
 * is independent of it.
 */
final class LayoutPlan {

    /** The area holding the per-CPU block; '-' cannot appear in a field name, so it never clashes. */
    static final String PER_CPU_AREA = "per-cpu";

    final String layoutName;
    final SharedDeclaration declaration;
    /** Global field name to its offset in the region. */
    final Map<String, Long> globalOffsets = new LinkedHashMap<>();
    /** Per-CPU field name to its offset inside the block. */
    final Map<String, Long> blockOffsets = new LinkedHashMap<>();
    final long blockBytes;
    final long blockOffset;
    final long blockStride;
    final long fingerprint;
    /** The builder calls, in order, for the generated {@code layout(int cpus)}: name, scope, size, alignment. */
    final List<Object[]> areas = new ArrayList<>();

    LayoutPlan(String layoutName, SharedDeclaration declaration) {
        this.layoutName = layoutName;
        this.declaration = declaration;
        VvarLayout.Builder b = VvarLayout.builder(layoutName);
        long cursor = 0;
        for (SharedField f : declaration.fields) {
            if (f.scope() == Scope.GLOBAL) {
                b.global(f.name(), f.size(), declaration.globalAlignment);
                areas.add(new Object[] {f.name(), Scope.GLOBAL, f.size(), declaration.globalAlignment});
            } else {
                long at = VvarLayout.alignUp(cursor, f.type().bytes);
                blockOffsets.put(f.name(), at);
                cursor = at + f.size();
            }
        }
        blockBytes = VvarLayout.alignUp(cursor, 8);
        if (blockBytes > 0) {
            b.perCpu(PER_CPU_AREA, blockBytes, declaration.perCpuAlignment);
            areas.add(new Object[] {PER_CPU_AREA, Scope.PER_CPU, blockBytes, declaration.perCpuAlignment});
        }
        VvarLayout one = b.build(1);
        for (SharedField f : declaration.fields) {
            if (f.scope() == Scope.GLOBAL) {
                globalOffsets.put(f.name(), one.offset(f.name()));
            }
        }
        if (blockBytes > 0) {
            Area block = one.area(PER_CPU_AREA);
            blockOffset = block.offset();
            blockStride = block.spec().stride();
        } else {
            blockOffset = 0;
            blockStride = 0;
        }
        fingerprint = one.fingerprint();
    }

    boolean hasPerCpu() { return blockBytes > 0; }
}
