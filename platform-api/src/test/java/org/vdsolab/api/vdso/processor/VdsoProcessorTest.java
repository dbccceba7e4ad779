package org.vdsolab.api.vdso.processor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vdsolab.api.layout.VvarLayout;
import org.vdsolab.api.memory.HeapWordMemory;
import org.vdsolab.api.memory.WordMemory;
import org.vdsolab.api.vdso.LibraryCompiler;
import org.vdsolab.api.vdso.LibraryDescriptor;
import org.vdsolab.api.vdso.testlib.Tally;
import org.vdsolab.api.vdso.testlib.TestLibraries;

import javax.tools.Diagnostic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The annotation processor, driven through javax.tools on source strings: generated offsets
 * against hand-computed ones, the layout fingerprint, the accessors and the stub, and the compile
 * errors for declarations the vvar cannot hold.
 */
class VdsoProcessorTest {

    private static final String PKG = "org.vdsolab.api.vdso.testlib.impl";

    @TempDir
    Path dir;

    /** A library "mix" whose shared data is {@code sharedBody}, with the given @SharedData attributes. */
    private static Map<String, String> mix(String sharedAttributes, String sharedBody) {
        String data = "package " + PKG + ";\nimport org.vdsolab.api.vdso.*;\n@SharedData" + sharedAttributes
                + "\npublic final class MixData {\n" + sharedBody + "\n}\n";
        String lib = """
                package org.vdsolab.api.vdso.testlib.impl;
                import org.vdsolab.api.vdso.VdsoLibrary;
                import org.vdsolab.api.vdso.testlib.Tally;
                @VdsoLibrary(name = "mix", version = "0.1", api = Tally.class, shared = MixData.class)
                public final class MixLibrary implements Tally {
                    public MixLibrary(MixDataVvar shared) { }
                    public long increment(int cpu) { return 0; }
                    public long privateCount() { return 0; }
                    public long sharedTotal() { return 0; }
                    public long callsOnCpu(int cpu) { return 0; }
                }
                """;
        return Map.of(PKG + ".MixData", data, PKG + ".MixLibrary", lib);
    }

    private static final String MIXED = """
                @Global long a;
                @Global int b;
                @Global @Length(4) int[] f;
                @PerCpu long c;
                @PerCpu int d;
                @PerCpu @Length(3) long[] e;
                static final int UNUSED_CONSTANT = 7;
            """;

    private static long constant(Class<?> c, String field) throws ReflectiveOperationException {
        return ((Number) c.getField(field).get(null)).longValue();
    }

    private static VvarLayout layout(Class<?> vvar, int cpus) throws ReflectiveOperationException {
        return (VvarLayout) vvar.getMethod("layout", int.class).invoke(null, cpus);
    }

    @Test
    void generatedOffsetsEqualHandComputedOnesForGlobalAndPerCpuDeclarations() throws Exception {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("", MIXED));
        assertTrue(r.success(), r.report());
        try (URLClassLoader cl = r.loader()) {
            Class<?> vvar = cl.loadClass(PKG + ".MixDataVvar");
            // Header: 128 bytes. Globals, each in its own 128-byte-aligned area, in declaration order.
            assertEquals(128, constant(vvar, "A_OFFSET"));
            assertEquals(256, constant(vvar, "B_OFFSET"));          // 128 + 8 = 136, aligned up to 256
            assertEquals(384, constant(vvar, "F_OFFSET"));          // 256 + 4 = 260, aligned up to 384
            assertEquals(4, constant(vvar, "F_LENGTH"));
            // Per-CPU block after the globals: 384 + 16 = 400, aligned up to a 4 KiB page.
            assertEquals(4096, constant(vvar, "PER_CPU_BLOCK_OFFSET"));
            assertEquals(4096, constant(vvar, "PER_CPU_BLOCK_STRIDE"));
            assertEquals(0, constant(vvar, "C_IN_BLOCK"));
            assertEquals(8, constant(vvar, "D_IN_BLOCK"));
            assertEquals(16, constant(vvar, "E_IN_BLOCK"));         // 8 + 4 = 12, aligned up to 16 for a long
            assertEquals(40, constant(vvar, "PER_CPU_BLOCK_BYTES")); // 16 + 3 * 8
            assertEquals(3, constant(vvar, "E_LENGTH"));

            VvarLayout expected = VvarLayout.builder("mix").global("a", 8, 128).global("b", 4, 128).global("f", 16, 128)
                    .perCpu("per-cpu", 40, 4096).build(4);
            assertEquals(expected.fingerprint(), constant(vvar, "FINGERPRINT"));
            VvarLayout generated = layout(vvar, 4);
            assertEquals(expected.fingerprint(), generated.fingerprint());
            assertEquals(4096 + 3 * 4096 + 4096, generated.totalSize()); // 4 copies, the last rounded to a page

            // Instance offsets: CPU c's copy at 4096 + c * 4096.
            WordMemory memory = new HeapWordMemory(generated.totalSize());
            Object accessor = vvar.getConstructor(WordMemory.class, int.class).newInstance(memory, 4);
            assertEquals(4096 + 2 * 4096L, vvar.getMethod("cOffset", int.class).invoke(accessor, 2));
            assertEquals(4096 + 3 * 4096 + 8L, vvar.getMethod("dOffset", int.class).invoke(accessor, 3));
            assertEquals(4096 + 4096 + 16 + 8L, vvar.getMethod("eOffset", int.class, int.class).invoke(accessor, 1, 1));
            assertEquals(384 + 3 * 4L, vvar.getMethod("fOffset", int.class).invoke(accessor, 3));
            assertEquals(128L, vvar.getMethod("aOffset").invoke(accessor));
        }
    }

    @Test
    void perCpuAlignmentAttributePacksCopiesTighter() throws Exception {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("(perCpuAlignment = 64, globalAlignment = 64)", MIXED));
        assertTrue(r.success(), r.report());
        try (URLClassLoader cl = r.loader()) {
            Class<?> vvar = cl.loadClass(PKG + ".MixDataVvar");
            assertEquals(128, constant(vvar, "A_OFFSET"));
            assertEquals(192, constant(vvar, "B_OFFSET"));             // 136 aligned up to 64
            assertEquals(256, constant(vvar, "F_OFFSET"));             // 196 aligned up to 64
            assertEquals(320, constant(vvar, "PER_CPU_BLOCK_OFFSET")); // 272 aligned up to 64
            assertEquals(64, constant(vvar, "PER_CPU_BLOCK_STRIDE"));  // 40 bytes rounded up to 64
        }
    }

    @Test
    void switchingOneFieldFromPerCpuToGlobalIsOneWordAndMovesIt() throws Exception {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("", MIXED.replace("@PerCpu long c;", "@Global long c;")));
        assertTrue(r.success(), r.report());
        try (URLClassLoader cl = r.loader()) {
            Class<?> vvar = cl.loadClass(PKG + ".MixDataVvar");
            assertEquals(512, constant(vvar, "C_OFFSET"));     // fourth global: 400 aligned up to 512
            assertEquals(0, constant(vvar, "D_IN_BLOCK"));
            assertEquals(8, constant(vvar, "E_IN_BLOCK"));
            assertEquals(32, constant(vvar, "PER_CPU_BLOCK_BYTES"));
            long expected = VvarLayout.builder("mix").global("a", 8, 128).global("b", 4, 128).global("f", 16, 128)
                    .global("c", 8, 128).perCpu("per-cpu", 32, 4096).build(1).fingerprint();
            assertEquals(expected, constant(vvar, "FINGERPRINT"));
            long perCpuFingerprint = VvarLayout.builder("mix").global("a", 8, 128).global("b", 4, 128).global("f", 16, 128)
                    .perCpu("per-cpu", 40, 4096).build(1).fingerprint();
            assertNotEquals(perCpuFingerprint, constant(vvar, "FINGERPRINT"));
            // A per-CPU accessor takes the CPU; the global one does not.
            assertEquals(0, vvar.getMethod("getC").getParameterCount());
        }
    }

    @Test
    void aGlobalLongArrayIsAlsoARawAreaSliceAtItsOffset() throws Exception {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("", "@Global long a;\n@Global @Length(16) long[] ring;\n"
                + "@Global @Length(4) int[] small;\n@PerCpu @Length(2) long[] local;"));
        assertTrue(r.success(), r.report());
        try (URLClassLoader cl = r.loader()) {
            Class<?> vvar = cl.loadClass(PKG + ".MixDataVvar");
            assertEquals(256, constant(vvar, "RING_OFFSET"));
            WordMemory memory = new HeapWordMemory(layout(vvar, 2).totalSize());
            Object accessor = vvar.getConstructor(WordMemory.class, int.class).newInstance(memory, 2);
            WordMemory area = (WordMemory) vvar.getMethod("ringArea").invoke(accessor);
            assertEquals(16 * 8, area.byteSize());
            area.setLongRelease(0, 41);
            area.setLong(15 * 8, 42);
            assertEquals(41, memory.getLong(256));
            assertEquals(42L, vvar.getMethod("getRing", int.class).invoke(accessor, 15));
            assertThrows(IllegalArgumentException.class, () -> area.slice(0, 16 * 8 + 8), "the area ends at the field's end");
            assertThrows(NoSuchMethodException.class, () -> vvar.getMethod("smallArea"), "int arrays are not raw areas");
            assertThrows(NoSuchMethodException.class, () -> vvar.getMethod("localArea"), "per-CPU arrays are not raw areas");
        }
    }

    @Test
    void aReferenceTypeInSharedDataIsACompileErrorNamingTheField() {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("", "@Global long a;\n@Global String label;"));
        assertFalse(r.success());
        Diagnostic<?> d = r.diagnostics().stream().filter(x -> x.getKind() == Diagnostic.Kind.ERROR).findFirst().orElseThrow();
        String msg = d.getMessage(java.util.Locale.ROOT);
        assertTrue(msg.contains("shared field 'label'") && msg.contains("MixData"), msg);
        assertTrue(msg.contains("reference type"), msg);
        assertEquals(6, d.getLineNumber(), "the error points at the field's line: " + r.report());
    }

    @Test
    void otherDeclarationsTheVvarCannotHoldAreCompileErrorsNamingTheField() {
        assertError("@Global long[] open;", "shared field 'open'", "without a fixed size");
        assertError("@PerCpu byte small;", "shared field 'small'", "has type byte");
        assertError("long unmarked;", "shared field 'unmarked'", "neither @Global nor @PerCpu");
        assertError("@Global @PerCpu long both;", "shared field 'both'", "both @Global and @PerCpu");
        assertError("@Global @Length(2) long notArray;", "shared field 'notArray'", "not an array");
        assertError("@Global @Length(0) int[] empty;", "shared field 'empty'", "at least 1 element");
        assertError("@Global @Length(2) Object[] refs;", "shared field 'refs'", "reference type");
        assertError("static long counter;", "static field 'counter'", "private data");
    }

    private void assertError(String body, String... expected) {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir.resolve("e" + Math.abs(body.hashCode())), mix("", body));
        assertFalse(r.success(), body);
        String all = String.join("\n", r.errors());
        for (String e : expected) {
            assertTrue(all.contains(e), "expected '" + e + "' in: " + r.report());
        }
    }

    @Test
    void badLibraryDeclarationsAreCompileErrors() {
        Map<String, String> sources = new java.util.HashMap<>(mix("", "@Global long a;"));
        sources.put(PKG + ".MixLibrary", sources.get(PKG + ".MixLibrary").replace("name = \"mix\"", "name = \"Mix Lib\""));
        LibraryCompiler.Result r = LibraryCompiler.compile(dir.resolve("name"), sources);
        assertFalse(r.success());
        assertTrue(String.join("\n", r.errors()).contains("name = \"Mix Lib\""), r.report());

        sources = new java.util.HashMap<>(mix("", "@Global long a;"));
        sources.put(PKG + ".MixLibrary", sources.get(PKG + ".MixLibrary").replace("public MixLibrary(MixDataVvar shared) { }",
                "public MixLibrary(String s) { }"));
        r = LibraryCompiler.compile(dir.resolve("ctor"), sources);
        assertFalse(r.success());
        assertTrue(String.join("\n", r.errors()).contains("needs a public constructor taking the generated shared-data accessor"),
                r.report());
    }

    @Test
    void accessorsAreAtomicOverAnyWordMemoryAndRangeChecked() throws Exception {
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, mix("", MIXED + "\n@Global double ratio;\n@PerCpu float temp;"));
        assertTrue(r.success(), r.report());
        try (URLClassLoader cl = r.loader()) {
            Class<?> vvar = cl.loadClass(PKG + ".MixDataVvar");
            VvarLayout l = layout(vvar, 2);
            WordMemory memory = new HeapWordMemory(l.totalSize());
            Object v = vvar.getConstructor(WordMemory.class, int.class).newInstance(memory, 2);

            assertEquals(0L, call(v, "getAndAddA", 5L));
            assertEquals(5L, call(v, "getAAcquire"));
            assertEquals(true, call(v, "compareAndSetA", 5L, 9L));
            assertEquals(false, call(v, "compareAndSetA", 5L, 1L));
            assertEquals(9L, memory.getLongVolatile(128));              // the word the constant names
            call(v, "setCRelease", 1, 77L);
            assertEquals(77L, memory.getLong(4096 + 4096));             // CPU 1's copy
            assertEquals(0L, call(v, "getC", 0));                       // CPU 0's copy untouched
            assertEquals(0, call(v, "getAndAddE", 1, 2, 3L) instanceof Long l2 ? l2.intValue() : -1);
            assertEquals(3L, memory.getLong(4096 + 4096 + 16 + 16));
            assertEquals(0, call(v, "getAndAddF", 3, 4));
            assertEquals(4, memory.getInt(384 + 12));
            call(v, "setRatioVolatile", 0.25);
            assertEquals(0.25, call(v, "getRatio"));
            assertEquals(true, call(v, "compareAndSetTemp", 1, 0.0f, 1.5f));
            assertEquals(1.5f, call(v, "getTempAcquire", 1));

            assertInstanceOf(IndexOutOfBoundsException.class, failure(v, "getC", 2));      // CPU 2 of 2
            assertInstanceOf(IndexOutOfBoundsException.class, failure(v, "getE", 0, 3));   // index 3 of 3
            assertInstanceOf(IndexOutOfBoundsException.class, failure(v, "getF", -1));
            Throwable small = assertThrows(InvocationTargetException.class,
                    () -> vvar.getConstructor(WordMemory.class, int.class).newInstance(new HeapWordMemory(4096), 2)).getCause();
            assertInstanceOf(IllegalArgumentException.class, small);
            assertTrue(small.getMessage().contains("library 'mix' needs"), small.getMessage());
        }
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + name + "/" + args.length + " on " + target.getClass());
    }

    private static Throwable failure(Object target, String name, Object... args) {
        return assertThrows(InvocationTargetException.class, () -> call(target, name, args)).getCause();
    }

    @Test
    void descriptorStubAndIndexDescribeTheLibrary() throws Exception {
        TestLibraries.compileTally(dir, "1.0", false);
        Properties index = new Properties();
        try (var in = Files.newInputStream(dir.resolve("META-INF/vdsolab/libraries/tally.properties"))) {
            index.load(in);
        }
        assertEquals("tally", index.getProperty("name"));
        assertEquals("1.0", index.getProperty("version"));
        assertEquals(Tally.class.getName(), index.getProperty("api"));
        assertEquals(TestLibraries.IMPL_PACKAGE, index.getProperty("privatePackage"));
        assertEquals(Files.readString(dir.resolve("META-INF/vdsolab/libraries/tally.properties")),
                Files.readString(dir.resolve("META-INF/vdsolab/api/" + Tally.class.getName() + ".properties")));
        try (URLClassLoader cl = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            LibraryDescriptor d = (LibraryDescriptor) cl.loadClass(index.getProperty("descriptor")).getConstructor().newInstance();
            assertEquals("tally", d.name());
            assertEquals(Tally.class, d.api());
            assertEquals(d.fingerprint(), Long.parseUnsignedLong(index.getProperty("fingerprint"), 16));
            assertEquals(d.fingerprint(), d.layout(3).fingerprint());
            VvarLayout l = d.layout(2);
            Tally t = (Tally) d.bind(new HeapWordMemory(l.totalSize()), 2);
            assertEquals(TestLibraries.IMPL_PACKAGE + ".TallyStub", t.getClass().getName());
            assertEquals(1, t.increment(1));
            assertEquals(2, t.increment(1));
            assertEquals(2, t.callsOnCpu(1));
            assertEquals(0, t.callsOnCpu(0));
            assertEquals(2, t.sharedTotal());
            assertTrue(t.toString().contains("tally 1.0"), t.toString());
        }
    }

    @Test
    void anApiInTheImplementationPackageIsRejected() {
        Map<String, String> sources = Map.of(
                PKG + ".Api", "package " + PKG + "; public interface Api { long f(); }",
                PKG + ".Lib", "package " + PKG + "; @org.vdsolab.api.vdso.VdsoLibrary(name = \"x\", version = \"1\", api = Api.class)"
                        + " public final class Lib implements Api { public long f() { return 1; } }");
        LibraryCompiler.Result r = LibraryCompiler.compile(dir, sources);
        assertFalse(r.success());
        assertTrue(String.join("\n", r.errors()).contains("move the API interface to another package"), r.report());
        assertEquals(List.of(), r.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR
                && d.getMessage(null).contains("cannot find symbol")).toList());
    }
}
