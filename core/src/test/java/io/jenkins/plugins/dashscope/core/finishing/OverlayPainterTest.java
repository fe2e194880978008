package io.jenkins.plugins.dashscope.core.finishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlays drawn and read back: where the anchor says, inside the margin, in the colour asked, the same pixels every
 * time; refused before paying when a glyph is missing or the words cannot fit. The fonts are Debian's DejaVu Sans
 * (Latin) and WenQuanYi Zen Hei (CJK), which {@code .ci/run} installs, copied into a workspace.
 */
class OverlayPainterTest {

    static final Path LATIN = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final Path CJK = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");

    @TempDir
    Path workspace;

    @BeforeEach
    void fonts() throws Exception {
        assumeTrue(Files.isRegularFile(LATIN), "Debian's fonts-dejavu-core");
        Files.createDirectories(workspace.resolve("brand"));
        Files.copy(LATIN, workspace.resolve("brand/Sans.ttf"));
        if (Files.isRegularFile(CJK)) {
            Files.copy(CJK, workspace.resolve("brand/zh.ttc"));
        }
    }

    static List<Overlay> overlays(Map<?, ?>... entries) {
        return Overlay.all("outputs[1].overlays", List.of(entries));
    }

    private OverlayAssets assets(List<Overlay> overlays) throws Exception {
        return OverlayAssets.load(workspace, List.of(overlays));
    }

    static BufferedImage black(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    /** The smallest rectangle around the pixels that are not black: {x0, y0, x1, y1}, or null. */
    static int[] inked(BufferedImage img) {
        int[] box = null;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0) {
                    box = box == null
                            ? new int[] {x, y, x, y}
                            : new int[] {
                                Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)
                            };
                }
            }
        }
        return box;
    }

    @Test
    void textSitsWhereItsAnchorSaysInsideTheMarginInItsColour() throws Exception {
        List<Overlay> o = overlays(Map.of(
                "text",
                "v${version}",
                "font",
                "brand/Sans.ttf",
                "size",
                "48",
                "color",
                "#ff0000",
                "anchor",
                "bottom-right",
                "margin",
                "20"));
        BufferedImage img = black(600, 300);

        List<OverlayPainter.Placed> placed =
                OverlayPainter.paint("outputs[1]", img, o, assets(o), Map.of("version", "2.4"));

        int[] ink = inked(img);
        OverlayPainter.Placed p = placed.get(0);
        assertThat(p.text()).isEqualTo("v2.4");
        assertThat(p.size()).isEqualTo(48);
        assertThat(ink[2])
                .as("right edge inside the margin")
                .isLessThanOrEqualTo(600 - 20)
                .isGreaterThan(540);
        assertThat(ink[3])
                .as("bottom edge inside the margin")
                .isLessThanOrEqualTo(300 - 20)
                .isGreaterThan(240);
        assertThat(ink[0]).isGreaterThanOrEqualTo(p.x() - 1);
        assertThat(ink[1]).isGreaterThanOrEqualTo(p.y() - 1);
        long red = 0;
        for (int y = ink[1]; y <= ink[3]; y++) {
            for (int x = ink[0]; x <= ink[2]; x++) {
                red += (img.getRGB(x, y) & 0xffffff) == 0xff0000 ? 1 : 0;
                assertThat(img.getRGB(x, y) & 0x00ffff)
                        .as("only shades of the colour asked")
                        .isZero();
            }
        }
        assertThat(red).as("glyph cores in exactly #ff0000").isGreaterThan(100);
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws Exception {
        List<Overlay> o = overlays(
                Map.of(
                        "text",
                        "Now available\nv2.5",
                        "font",
                        "brand/Sans.ttf",
                        "outline",
                        "#000000",
                        "shadow",
                        true,
                        "anchor",
                        "center"),
                Map.of("image", "brand/logo.png", "width", "20%", "opacity", 0.5));
        BufferedImage logo = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 20; y++) {
                logo.setRGB(x, y, 0xff00ff00);
            }
        }
        ImageIO.write(logo, "png", workspace.resolve("brand/logo.png").toFile());

        byte[] first = png(paint(o));
        byte[] second = png(paint(o));

        assertThat(first).isEqualTo(second);
    }

    private BufferedImage paint(List<Overlay> o) throws Exception {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_ARGB);
        OverlayPainter.paint("outputs[1]", img, o, assets(o), Map.of());
        return img;
    }

    private static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void aLogoIsDrawnAtItsWidthAnchorAndOpacity() throws Exception {
        BufferedImage logo = new BufferedImage(10, 5, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 10; x++) {
            for (int y = 0; y < 5; y++) {
                logo.setRGB(x, y, 0xffff0000);
            }
        }
        ImageIO.write(logo, "png", workspace.resolve("brand/logo.png").toFile());
        List<Overlay> o = overlays(Map.of(
                "image", "brand/logo.png", "width", "100", "anchor", "top-left", "margin", "10", "opacity", "0.5"));
        BufferedImage img = black(400, 200);

        OverlayPainter.Placed p =
                OverlayPainter.paint("outputs[1]", img, o, assets(o), Map.of()).get(0);

        assertThat(p)
                .extracting(
                        OverlayPainter.Placed::x,
                        OverlayPainter.Placed::y,
                        OverlayPainter.Placed::width,
                        OverlayPainter.Placed::height)
                .containsExactly(10, 10, 100, 50);
        Color mid = new Color(img.getRGB(60, 35));
        assertThat(mid.getRed()).isBetween(126, 129);
        assertThat(mid.getGreen()).isZero();
        assertThat(new Color(img.getRGB(5, 5)).getRed())
                .as("the margin stays as it was")
                .isZero();
        assertThat(p.sha256()).hasSize(64);
    }

    @Test
    void wordsShrinkToFitTheBoxAndAreRefusedBelowTheLeastSize() throws Exception {
        List<Overlay> o = overlays(Map.of(
                "text",
                "Now available everywhere",
                "font",
                "brand/Sans.ttf",
                "size",
                "60",
                "box",
                "200",
                "minSize",
                "12"));
        OverlayPainter.Placed p = OverlayPainter.paint("outputs[1]", black(800, 400), o, assets(o), Map.of())
                .get(0);
        assertThat(p.size()).isLessThan(60).isGreaterThanOrEqualTo(12);
        assertThat(p.width()).isLessThanOrEqualTo(200);

        List<Overlay> tooLong = overlays(Map.of(
                "text", "Supercalifragilisticexpialidocious", "font", "brand/Sans.ttf", "box", "60", "minSize", "14"));
        assertThatThrownBy(() -> OverlayPainter.check("outputs[2]", 800, 400, tooLong, assets(tooLong), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("outputs[2].overlays[1].text")
                .hasMessageContaining("does not fit");
    }

    @Test
    void aGlyphTheFontLacksIsRefusedBeforePayingAndACjkFontDrawsIt() throws Exception {
        List<Overlay> latin =
                overlays(Map.of("text", Map.of("en", "Now available", "zh", "现已推出"), "font", "brand/Sans.ttf"));
        OverlayPainter.check("outputs[1]", 800, 400, latin, assets(latin), Map.of("locale", "en"));
        assertThatThrownBy(() ->
                        OverlayPainter.check("outputs[1]", 800, 400, latin, assets(latin), Map.of("locale", "zh")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("outputs[1].overlays[1].font")
                .hasMessageContaining("现");

        assumeTrue(Files.isRegularFile(CJK), "Debian's fonts-wqy-zenhei");
        List<Overlay> cjk = overlays(Map.of("text", "现已推出", "font", "brand/zh.ttc"));
        OverlayPainter.check("outputs[1]", 800, 400, cjk, assets(cjk), Map.of());
        assertThat(TextFit.tokens("现已推出 v2")).containsExactly("现", "已", "推", "出", " v2");
    }

    @Test
    void badOverlaysAreRefusedNamingTheirField() {
        assertThatThrownBy(() -> overlays(Map.of("text", "x"))).hasMessageContaining("outputs[1].overlays[1].font");
        assertThatThrownBy(() -> overlays(Map.of("text", "x", "font", "a.ttf", "color", "red")))
                .hasMessageContaining("outputs[1].overlays[1].color");
        assertThatThrownBy(() -> overlays(Map.of("text", "x", "font", "a.ttf", "anchor", "middle")))
                .hasMessageContaining("outputs[1].overlays[1].anchor");
        assertThatThrownBy(() -> overlays(Map.of("text", "x", "image", "a.png")))
                .hasMessageContaining("outputs[1].overlays[1]");
        assertThatThrownBy(() -> overlays(Map.of("image", "logo.svg")))
                .hasMessageContaining("outputs[1].overlays[1].image");
        assertThatThrownBy(() -> overlays(Map.of("image", "logo.png", "opacity", 2)))
                .hasMessageContaining("outputs[1].overlays[1].opacity");
        assertThatThrownBy(() -> overlays(Map.of("text", "x", "font", "a.ttf", "colour", "#fff")))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> overlays(Map.of("text", "x", "font", "../../etc/a.ttf")))
                .hasMessageContaining("outputs[1].overlays[1].font");
        List<Overlay> o = overlays(Map.of("text", "v${version}", "font", "a.ttf"));
        assertThatThrownBy(() -> ((TextOverlay) o.get(0)).textFor("outputs[1].overlays[1].text", Map.of()))
                .hasMessageContaining("${version}");
    }

    @Test
    void aFontOrLogoThatIsNoneOrTooLargeOrALinkIsRefused() throws Exception {
        Files.writeString(workspace.resolve("brand/fake.ttf"), "not a font");
        List<Overlay> fake = overlays(Map.of("text", "x", "font", "brand/fake.ttf"));
        assertThatThrownBy(() -> assets(fake)).hasMessageContaining("outputs[1].overlays[1].font");

        Files.createSymbolicLink(workspace.resolve("brand/link.ttf"), LATIN);
        List<Overlay> link = overlays(Map.of("text", "x", "font", "brand/link.ttf"));
        assertThatThrownBy(() -> assets(link)).hasMessageContaining("not a link");

        try (var f = Files.newByteChannel(
                workspace.resolve("brand/huge.png"),
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            f.position(OverlayAssets.MAX_LOGO_BYTES + 1L);
            f.write(java.nio.ByteBuffer.wrap(new byte[] {0}));
        }
        List<Overlay> huge = overlays(Map.of("image", "brand/huge.png"));
        assertThatThrownBy(() -> assets(huge)).hasMessageContaining("at most 8 MB");

        List<Overlay> missing = overlays(Map.of("text", "x", "font", "Not A Font Installed Here"));
        assertThatThrownBy(() -> assets(missing)).hasMessageContaining("installed");
    }
}
