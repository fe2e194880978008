package io.jenkins.plugins.dashscope.core.finishing;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The fonts and logos of a set of overlays, read once from the workspace, each bounded before it is decoded and
 * known by its SHA-256 (what the manifest records), and the installed fonts they name. A file is read only inside the
 * workspace and never through a link: overlays come from specs, which come from pull requests.
 */
public final class OverlayAssets {

    /** A CJK font with every glyph is about 20 MB; more than this is not a font a banner needs. */
    public static final int MAX_FONT_BYTES = 32 * 1024 * 1024;

    public static final int MAX_LOGO_BYTES = 8 * 1024 * 1024;
    public static final int MAX_LOGO_SIDE = 4096;

    /** A font, and the SHA-256 of its file (null for an installed font). */
    public record LoadedFont(Font font, String sha256) {}

    public record LoadedLogo(BufferedImage image, String sha256) {}

    private final Map<String, LoadedFont> fonts;
    private final Map<String, LoadedLogo> logos;

    private OverlayAssets(Map<String, LoadedFont> fonts, Map<String, LoadedLogo> logos) {
        this.fonts = fonts;
        this.logos = logos;
    }

    /**
     * Reads what the overlays of each output use, from {@code workspace}.
     *
     * @param perOutput each output's overlays, in the outputs' order
     * @throws InvalidRequestException naming {@code outputs[N].overlays[M].font} or {@code .image} when a file is
     *     missing, too large, a link, or not a font or PNG, or an installed font is not there
     */
    public static OverlayAssets load(Path workspace, List<List<Overlay>> perOutput) throws IOException {
        Map<String, LoadedFont> fonts = new HashMap<>();
        Map<String, LoadedLogo> logos = new HashMap<>();
        for (int i = 0; i < perOutput.size(); i++) {
            List<Overlay> overlays = perOutput.get(i);
            for (int j = 0; j < overlays.size(); j++) {
                String at = DerivedSize.FIELD + "[" + (i + 1) + "].overlays[" + (j + 1) + "]";
                if (overlays.get(j) instanceof TextOverlay t && !fonts.containsKey(t.font())) {
                    fonts.put(t.font(), font(at + ".font", workspace, t));
                } else if (overlays.get(j) instanceof LogoOverlay l && !logos.containsKey(l.image())) {
                    logos.put(l.image(), logo(at + ".image", workspace, l.image()));
                }
            }
        }
        return new OverlayAssets(Map.copyOf(fonts), Map.copyOf(logos));
    }

    LoadedFont font(String name) {
        return fonts.get(name);
    }

    LoadedLogo logo(String path) {
        return logos.get(path);
    }

    private static LoadedFont font(String field, Path workspace, TextOverlay t) throws IOException {
        if (!t.fontIsFile()) {
            Set<String> installed =
                    Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            if (!installed.contains(t.font())) {
                throw InvalidRequestException.of(field, t.font(), "a .ttf or .otf file, or a font installed here");
            }
            return new LoadedFont(new Font(t.font(), Font.PLAIN, 1), null);
        }
        Path file = inside(field, workspace, t.font());
        byte[] bytes = read(field, file, t.font(), MAX_FONT_BYTES);
        int magic = bytes.length < 4
                ? 0
                : (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
        if (magic != 0x00010000
                && magic != 0x4f54544f /* OTTO */
                && magic != 0x74727565 /* true */
                && magic != 0x74746366 /* ttcf: a collection, whose first font is used */) {
            throw InvalidRequestException.of(field, t.font(), "a TrueType or OpenType font file");
        }
        try {
            // from the file itself: from a stream, Java would copy every font into a temporary file first
            return new LoadedFont(Font.createFont(Font.TRUETYPE_FONT, file.toFile()), sha256(bytes));
        } catch (FontFormatException e) {
            throw InvalidRequestException.of(field, t.font(), "a font Java can draw (" + e.getMessage() + ")");
        }
    }

    private static LoadedLogo logo(String field, Path workspace, String path) throws IOException {
        byte[] bytes = read(field, inside(field, workspace, path), path, MAX_LOGO_BYTES);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        if (bytes.length < 4 || !Arrays.equals(Arrays.copyOf(bytes, 4), png)) {
            throw InvalidRequestException.of(field, path, "a PNG file");
        }
        BufferedImage image = decodeBounded(bytes);
        if (image == null) {
            throw InvalidRequestException.of(field, path, "a PNG of at most " + MAX_LOGO_SIDE + " pixels a side");
        }
        return new LoadedLogo(image, sha256(bytes));
    }

    /** The file, inside the workspace and reached through no link; refused naming {@code field} otherwise. */
    private static Path inside(String field, Path workspace, String relative) throws IOException {
        Path root = workspace.toRealPath();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw InvalidRequestException.of(field, relative, "a file inside the workspace (not a link)");
        }
        for (Path p = file.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw InvalidRequestException.of(field, relative, "a file inside the workspace (not through a link)");
            }
        }
        return file;
    }

    private static byte[] read(String field, Path file, String relative, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw InvalidRequestException.of(field, relative, "a file of at most " + max / (1024 * 1024) + " MB");
            }
            return bytes;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The image, decoded only once its header says it is at most {@link #MAX_LOGO_SIDE} a side; else null. */
    private static BufferedImage decodeBounded(byte[] png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (reader.getWidth(0) > MAX_LOGO_SIDE || reader.getHeight(0) > MAX_LOGO_SIDE) {
                    return null;
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }
}
