package org.vdsolab.experiments.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportGeneratorTest {

    @TempDir
    Path dir;

    private static final String CONFIG = """
            experiment: report-test
            description: Report <test> & co.
            workload: synthetic
            queue: [beta, gamma]
            producers: [1, 2]
            batch: [1, 16]
            run: {warmup: 0, repetitions: 2, fork: false}
            """;

    private static Document svg(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void chartsAreValidPngAndSvgWithTheExpectedSeries() throws Exception {
        Path run = ReportFixture.run(dir, CONFIG);
        List<Path> written = ReportGenerator.generate(run).written();
        List<ChartSpec> charts = ChartPlanner.plan(RunDataReader.read(run));
        assertEquals(List.of("throughput", "latency-percentiles", "batch-size"), charts.stream().map(ChartSpec::file).toList());
        assertEquals(charts.size() * 2 + 1, written.size());
        assertEquals(run.resolve("index.html"), written.getLast());
        for (ChartSpec c : charts) {
            byte[] png = Files.readAllBytes(run.resolve(c.file() + ".png"));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, java.util.Arrays.copyOf(png, 8));
            BufferedImage image = ImageIO.read(run.resolve(c.file() + ".png").toFile());
            assertNotNull(image, c.file());
            assertEquals(ChartRenderer.WIDTH, image.getWidth());
            assertEquals(ChartRenderer.HEIGHT, image.getHeight());

            Document doc = svg(run.resolve(c.file() + ".svg"));
            assertEquals("svg", doc.getDocumentElement().getTagName());
            assertEquals(c.title(), doc.getElementsByTagName("title").item(0).getTextContent());
            String desc = doc.getElementsByTagName("desc").item(0).getTextContent();
            assertTrue(desc.endsWith("series: " + String.join("; ", c.seriesNames())), desc);
            assertTrue(doc.getElementsByTagName("path").getLength() > 20, "the chart is drawn");

            // what XChart drew is what the spec said
            assertEquals(c.seriesNames(), List.copyOf(ChartRenderer.build(c).getSeriesMap().keySet()));
        }
        ChartSpec tp = charts.getFirst();
        assertEquals(List.of("beta, batch=1", "beta, batch=16", "gamma, batch=1", "gamma, batch=16"), tp.seriesNames());
    }

    @Test
    void reportRedrawsTheSameFilesFromTheRawData() throws Exception {
        Path run = ReportFixture.run(dir, CONFIG);
        List<Path> first = ReportGenerator.generate(run).written();
        Map<Path, byte[]> before = new LinkedHashMap<>();
        for (Path p : first) {
            before.put(p, Files.readAllBytes(p));
            Files.delete(p);
        }
        List<Path> second = ReportGenerator.generate(run).written();
        assertEquals(first, second);
        for (Path p : second) {
            assertArrayEquals(before.get(p), Files.readAllBytes(p), p + " differs after redrawing");
        }
    }

    @Test
    void editingTheReportBlockOfConfigYamlAndRedrawingChangesTheCharts() throws Exception {
        Path run = ReportFixture.run(dir, CONFIG);
        ReportGenerator.generate(run);
        Path config = run.resolve("config.yaml");
        String original = Files.readString(config);
        Files.writeString(config, original + "report:\n  x: batch\n  counters: [lost]\n");
        ReportGenerator.generate(run);
        assertTrue(Files.exists(run.resolve("counter-lost.png")));
        assertEquals("Throughput against batch size", ChartPlanner.plan(RunDataReader.read(run)).getFirst().title());
        Files.writeString(config, original);
        ReportGenerator.generate(run);
        assertFalse(Files.exists(run.resolve("counter-lost.png")), "a chart no longer planned is removed");
        assertFalse(Files.exists(run.resolve("counter-lost.svg")));
        Files.writeString(config, original + "report:\n  colour: red\n");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ReportGenerator.generate(run));
        assertTrue(e.getMessage().startsWith(config + ":"), e.getMessage());
        assertTrue(e.getMessage().endsWith("report.colour: unknown key; the report block accepts series, x, counters"),
                e.getMessage());
    }

    @Test
    void indexOpensFromDiskWithRelativeLinksOnly() throws Exception {
        Path run = ReportFixture.run(dir, CONFIG);
        ReportGenerator.generate(run);
        String html = Files.readString(run.resolve("index.html"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "no network, no scripts");
        assertTrue(html.contains("<p class=\"lead\">Report &lt;test&gt; &amp; co.</p>"), "text is escaped");
        List<String> targets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:href|src)=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            targets.add(m.group(1));
        }
        assertTrue(targets.containsAll(List.of("throughput.png", "throughput.svg", "latency-percentiles.png", "batch-size.svg",
                "summary.json", "summary.csv", "config.yaml", "cell-1.hlog", "cell-8.hlog")), targets.toString());
        for (String t : targets) {
            assertFalse(t.startsWith("/"), t);
            assertTrue(Files.exists(run.resolve(t)), t + " is linked but missing");
        }
        // the summary table: one row per cell with its numbers
        assertEquals(8, html.split("<tr><td>").length - 1);
        assertTrue(html.contains("<th>queue</th><th>producers</th><th>batch</th><th>reps</th>"), html);
    }

    @Test
    void failedCellsAreListedAndHighlighted() throws Exception {
        Path run = ReportFixture.run(dir, """
                experiment: failing-report
                workload: synthetic
                queue: [beta, gamma]
                fail: [none, throw]
                run: {warmup: 0, repetitions: 1, fork: false}
                """);
        ReportGenerator.generate(run);
        String html = Files.readString(run.resolve("index.html"));
        assertTrue(html.contains("<strong>2 of 4 cells failed or did not run.</strong>"), html);
        assertTrue(html.contains("<li>cell 2 (queue=beta, fail=throw): repetition 1: IllegalStateException: synthetic failure;"
                + " caused by ArithmeticException: root cause</li>"), html);
        assertEquals(2, html.split("<tr class=\"bad\">").length - 1);
    }

    @Test
    void axisLabels() {
        assertEquals("0%", ChartRenderer.ninesLabel(0));
        assertEquals("90%", ChartRenderer.ninesLabel(1));
        assertEquals("99%", ChartRenderer.ninesLabel(2));
        assertEquals("99.9%", ChartRenderer.ninesLabel(3));
        assertEquals("99.999%", ChartRenderer.ninesLabel(5));
        assertEquals("", ChartRenderer.ninesLabel(1.5));
        assertEquals(2.0, ChartPlanner.nines(99.0), 1e-9);
        assertEquals("950", ChartRenderer.siLabel(950));
        assertEquals("12k", ChartRenderer.siLabel(12_000));
        assertEquals("3.5M", ChartRenderer.siLabel(3_500_000));
        assertEquals("1.25G", ChartRenderer.siLabel(1_250_000_000));
    }
}
