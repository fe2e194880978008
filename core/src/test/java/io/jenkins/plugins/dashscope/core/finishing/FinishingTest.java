package io.jenkins.plugins.dashscope.core.finishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.testing.Allocations;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinishingTest {

    @TempDir
    Path dir;

    private SavedImage save(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return new SavedImage(1, file, "sha", Files.size(file), image.getWidth(), image.getHeight(), "image/png", null);
    }

    /** Top half red, bottom half blue. */
    private static BufferedImage halves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w, h / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, h / 2, w, h - h / 2);
        g.dispose();
        return img;
    }

    private static DerivedSize size(String text) {
        return DerivedSize.parse(1, text);
    }

    private BufferedImage readBack(FinishedFile f) throws IOException {
        BufferedImage img = ImageIO.read(f.file().toFile());
        assertThat(img).as(f.file().toString()).isNotNull();
        return img;
    }

    @Test
    void everyOutputReadsBackFromItsTextAsTheSameOutput() {
        List<String> given = List.of(
                "1200x630",
                "1080x1920,fit=contain,background=#0a0b0c,format=jpeg,quality=75",
                "1080x1920,fit=contain,background=#000000",
                "512x512,fit=contain,background=transparent",
                "800x400,anchor=top-left",
                "64x64,fit=cover,anchor=bottom-right,format=jpg");
        for (int i = 0; i < given.size(); i++) {
            DerivedSize size = DerivedSize.parse(i + 1, given.get(i));
            assertThat(DerivedSize.parse(1, size.toText())).as(given.get(i)).isEqualTo(size);
        }
        assertThat(DerivedSize.parse(1, "1080x1920,fit=contain,background=#000000")
                        .toText())
                .isEqualTo("1080x1920,fit=contain,anchor=center,format=png,background=#000000");
    }

    @Test
    void anOutputsOverlaysReadBackFromItsTextTheSame() {
        DerivedSize size = DerivedSize.of(
                1,
                Map.of(
                        "size",
                        "1200x630",
                        "overlays",
                        List.of(
                                Map.of(
                                        "text", Map.of("en", "Now, available: v${version}", "zh", "现已推出"),
                                        "font", "brand/Inter.ttf",
                                        "size", "6.5%",
                                        "box", "40%",
                                        "outline", "#102030",
                                        "shadow", true),
                                Map.of("image", "brand/logo.png", "width", "120", "opacity", 0.75))));

        String text = size.toText();

        assertThat(text)
                .startsWith("1200x630,fit=cover,anchor=center,format=png,overlays=")
                .doesNotContain("=,");
        assertThat(text.substring(text.indexOf("overlays=") + 9)).doesNotContain(",");
        assertThat(DerivedSize.parse(1, text)).isEqualTo(size);
        assertThat(size.describe()).endsWith("+ 2 overlay(s)");
    }

    @Test
    void everyDerivedImageHasExactlyTheRequestedSizeWhenReadBack() throws IOException {
        SavedImage original = save("image-1.png", halves(1024, 1024));
        List<DerivedSize> sizes = Stream.of(
                        "1200x630",
                        "1080x1920,fit=contain",
                        "2560x1440,format=jpeg,quality=80",
                        "64x64",
                        "333x77,fit=contain,format=jpg,background=#00ff00")
                .map(FinishingTest::size)
                .toList();

        Finishing.Result result = new Finishing(sizes, false).apply(List.of(original), dir, null);

        assertThat(result.failures()).isEmpty();
        assertThat(result.derived()).hasSize(5);
        for (FinishedFile f : result.derived()) {
            BufferedImage img = readBack(f);
            assertThat(img.getWidth()).isEqualTo(f.size().width()).isEqualTo(f.width());
            assertThat(img.getHeight()).isEqualTo(f.size().height()).isEqualTo(f.height());
            assertThat(f.file().getFileName().toString()).isEqualTo(f.size().fileNameFor("image-1.png"));
            assertThat(f.source()).isEqualTo(original.file());
            assertThat(f.bytes()).isEqualTo(Files.size(f.file()));
        }
        assertThat(dir.resolve("image-1_2560x1440.jpg")).exists();
        assertThat(Files.readAllBytes(original.file())).isEqualTo(Files.readAllBytes(dir.resolve("image-1.png")));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aCoverCropKeepsThePartItsAnchorNames() throws IOException {
        SavedImage original = save("image-1.png", halves(1000, 1000));

        Finishing.Result result = new Finishing(
                        List.of(size("500x100,anchor=top"), size("400x100,anchor=bottom")), false)
                .apply(List.of(original), dir, null);

        BufferedImage top = readBack(result.derived().get(0));
        BufferedImage bottom = readBack(result.derived().get(1));
        assertThat(new Color(top.getRGB(250, 50))).isEqualTo(Color.RED);
        assertThat(new Color(bottom.getRGB(200, 50))).isEqualTo(Color.BLUE);
    }

    @Test
    void containFillsTheFreeAreaWithTheBackgroundOrLeavesItTransparent() throws IOException {
        SavedImage original = save("image-1.png", halves(400, 400));

        Finishing.Result result = new Finishing(
                        List.of(size("800x400,fit=contain,background=#00ff00"), size("400x800,fit=contain")), false)
                .apply(List.of(original), dir, null);

        BufferedImage banner = readBack(result.derived().get(0));
        assertThat(new Color(banner.getRGB(10, 200))).isEqualTo(Color.GREEN); // left of the centred square
        assertThat(new Color(banner.getRGB(400, 100))).isEqualTo(Color.RED);
        BufferedImage story = readBack(result.derived().get(1));
        assertThat(story.getRGB(200, 10) >>> 24).isZero(); // above the square: transparent
        assertThat(new Color(story.getRGB(200, 500))).isEqualTo(Color.BLUE);
    }

    /**
     * A one-pixel checkerboard shrunk eight times must come out grey: one bilinear or bicubic step that skips
     * pixels would leave black and white moiré instead.
     */
    @Test
    void aLargeReductionAveragesEveryPixelInsteadOfAliasing() throws IOException {
        BufferedImage checker = new BufferedImage(2048, 2048, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2048; y++) {
            for (int x = 0; x < 2048; x++) {
                checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
            }
        }
        SavedImage original = save("image-1.png", checker);

        BufferedImage small = readBack(new Finishing(List.of(size("300x300")), false)
                .apply(List.of(original), dir, null)
                .derived()
                .get(0));

        for (int y = 8; y < 292; y += 17) {
            for (int x = 8; x < 292; x += 13) {
                assertThat(new Color(small.getRGB(x, y)).getGreen())
                        .as("(%d,%d)", x, y)
                        .isBetween(112, 143);
            }
        }
    }

    @Test
    void theContactSheetShowsEveryImage() throws IOException {
        SavedImage one = save("image-1.png", halves(1024, 1024));
        SavedImage two = new SavedImage(
                2, save("image-2.png", halves(1280, 720)).file(), "sha", 1, 1280, 720, "image/png", null);

        Finishing.Result result = new Finishing(List.of(), true).apply(List.of(one, two), dir, "seed 7");

        assertThat(result.contactSheet()).isNotNull();
        assertThat(result.contactSheet().file()).isEqualTo(dir.resolve(Finishing.CONTACT_SHEET));
        BufferedImage sheet = readBack(result.contactSheet());
        assertThat(sheet.getWidth()).isEqualTo(result.contactSheet().width()).isGreaterThan(2 * 320);
        assertThat(new Color(sheet.getRGB(16 + 160, 16 + 100))).isEqualTo(Color.RED); // first tile's top half
    }

    @Test
    void anUnreadableImageIsAFailureOfItsOwnAndTheOthersAreStillDerived() throws IOException {
        Path broken = dir.resolve("image-1.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        SavedImage bad = new SavedImage(1, broken, "sha", 7, null, null, "image/png", null);
        SavedImage good =
                new SavedImage(2, save("image-2.png", halves(100, 100)).file(), "sha", 1, 100, 100, "image/png", null);

        Finishing.Result result = new Finishing(List.of(size("50x50")), false).apply(List.of(bad, good), dir, null);

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.code()).isEqualTo("DerivedSizeFailed");
        });
        assertThat(result.derived())
                .singleElement()
                .satisfies(f -> assertThat(f.sourceIndex()).isEqualTo(2));
        assertThat(Files.size(broken)).isEqualTo(7);
    }

    @Test
    void badOutputsAreRefusedNamingTheOutputAndTheKey() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("0x630", "outputs[1].size"),
                Map.entry("1200", "outputs[1].size"),
                Map.entry("9000x100", "outputs[1].size"),
                Map.entry("100x100,fit=stretch", "outputs[1].fit"),
                Map.entry("100x100,anchor=middle", "outputs[1].anchor"),
                Map.entry("100x100,format=gif", "outputs[1].format"),
                Map.entry("100x100,quality=90", "outputs[1].quality"),
                Map.entry("100x100,format=jpeg,quality=0", "outputs[1].quality"),
                Map.entry("100x100,background=#fff", "outputs[1].background"),
                Map.entry("100x100,fit=contain,background=red", "outputs[1].background"),
                Map.entry("100x100,fit=contain,format=jpeg,background=transparent", "outputs[1].background"),
                Map.entry("100x100,colour=1", "outputs[1]"),
                Map.entry("100x100,fit", "outputs[1]"));
        cases.forEach((text, field) -> assertThatThrownBy(() -> DerivedSize.parse(1, text))
                .as(text)
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo(field)));

        assertThatThrownBy(() ->
                        DerivedSize.all(List.of(Map.of("size", "10x10"), Map.of("size", "10*10", "fit", "contain"))))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("outputs[2]"));
        assertThat(DerivedSize.all(List.of(Map.of("size", "10x10"), Map.of("size", "10x10", "format", "jpeg"))))
                .hasSize(2);
    }

    /**
     * Hardening finding 2: a 16-bit RGBA PNG of 8192x8192 is some 520 KB on disk and 512 MiB decoded; six at once
     * ran a 1.5 GB heap out of memory. It is decoded subsampled to what its outputs need, within the cap, and what
     * finishing it allocates is measured (before: the whole picture, and its 4-byte copy).
     */
    @Test
    void aSmallFileThatDecodesHugeIsSubsampledWithinTheCap() throws Exception {
        Path bomb = dir.resolve("image-1.png");
        Files.write(bomb, flatPng16(8192, 8192));
        SavedImage original = new SavedImage(1, bomb, "sha", Files.size(bomb), 8192, 8192, "image/png", null);
        Finishing finishing = new Finishing(List.of(size("1200x630")), true);

        Finishing.Result[] r = new Finishing.Result[1];
        long allocated = Allocations.of(() -> r[0] = finishing.apply(List.of(original), dir, null));

        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);
        assertThat(r[0].failures()).isEmpty();
        assertThat(readBack(r[0].derived().get(0)).getWidth()).isEqualTo(1200);
        assertThat(allocated)
                .as("bytes allocated to finish it")
                .isLessThan(384L * 1024 * 1024); // the 256 MiB cap, and room for the scaled copies
    }

    /** A picture that does not fit the cap even at twice its outputs is a finishing failure, not an Error. */
    @Test
    void aSourceTooLargeForItsOutputsIsAFinishingFailure() throws IOException {
        Path bomb = dir.resolve("image-1.png");
        Files.write(bomb, flatPng16(8192, 8192));
        SavedImage original = new SavedImage(1, bomb, "sha", Files.size(bomb), 8192, 8192, "image/png", null);

        Finishing.Result r = new Finishing(List.of(size("4000x4000")), false).apply(List.of(original), dir, null);

        assertThat(r.derived()).isEmpty();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("DerivedSizeFailed");
            assertThat(f.message()).contains("more than the 256 MiB finishing allows");
        });
    }

    /** A mid-grey 16-bit RGBA PNG written by hand, row by row: no picture of that size is ever held. */
    private static byte[] flatPng16(int width, int height) throws IOException {
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(idat)) {
            byte[] row = new byte[1 + width * 8];
            java.util.Arrays.fill(row, (byte) 0x80);
            row[0] = 0; // filter: none
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer header =
                java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height);
        header.put((byte) 16).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(name);
        png.write(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
