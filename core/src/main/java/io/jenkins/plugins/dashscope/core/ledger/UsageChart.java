package io.jenkins.plugins.dashscope.core.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart as SVG text, drawn on the server: no script, no external file, every label escaped. Each bar stacks
 * its parts (paid under reused, say) in the series' colours.
 */
public final class UsageChart {

    /** One bar: its label under it and its parts from the bottom up. */
    public record Bar(String label, List<BigDecimal> parts) {}

    private static final int WIDTH = 720;
    private static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int BOTTOM = 44;
    private static final int TOP = 34;
    private static final String[] COLOURS = {"#2f6fb0", "#8fbf6a", "#e0a030"};

    private UsageChart() {}

    /**
     * @param series the name of each part, for the legend
     * @param unit   what the numbers count ({@code images}, {@code CNY})
     */
    public static String svg(String title, List<String> series, String unit, List<Bar> bars) {
        BigDecimal max = bars.stream()
                .map(b -> b.parts().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .reduce(BigDecimal.ZERO, BigDecimal::max);
        if (max.signum() == 0) {
            max = BigDecimal.ONE; // an empty or all-zero chart still has a scale
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dashscope-usage-chart\" role=\"img\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\"><title>")
                .append(escape(title))
                .append("</title>");
        text(svg, LEFT, 16, "start", "bold", title + " (" + unit + ")");
        legend(svg, series);
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int base = HEIGHT - BOTTOM;
        line(svg, LEFT, base, WIDTH - 8, base);
        line(svg, LEFT, TOP, WIDTH - 8, TOP);
        text(svg, LEFT - 6, TOP + 4, "end", "normal", max.stripTrailingZeros().toPlainString());
        text(svg, LEFT - 6, base + 4, "end", "normal", "0");
        if (bars.isEmpty()) {
            text(svg, WIDTH / 2, TOP + plotHeight / 2, "middle", "normal", "nothing recorded");
        }
        bars(svg, bars, series, max);
        return svg.append("</svg>").toString();
    }

    /** Each bar's parts from the bottom up, its total above it and its label under it (every few, when many). */
    private static void bars(StringBuilder svg, List<Bar> bars, List<String> series, BigDecimal max) {
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int base = HEIGHT - BOTTOM;
        double slot = (WIDTH - LEFT - 8) / (double) Math.max(1, bars.size());
        double barWidth = Math.max(2, Math.min(48, slot * 0.7));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            double y = base;
            BigDecimal total = BigDecimal.ZERO;
            for (int p = 0; p < bar.parts().size(); p++) {
                BigDecimal part = bar.parts().get(p);
                total = total.add(part);
                double h = part.doubleValue() / max.doubleValue() * plotHeight;
                y -= h;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        x,
                        y,
                        barWidth,
                        h,
                        COLOURS[p % COLOURS.length],
                        escape(bar.label() + ": " + part.toPlainString() + " " + series.get(p))));
            }
            if (total.signum() > 0 && bars.size() <= 31) {
                text(
                        svg,
                        (int) (x + barWidth / 2),
                        (int) y - 3,
                        "middle",
                        "normal",
                        total.setScale(Math.min(2, Math.max(0, total.scale())), RoundingMode.HALF_UP)
                                .toPlainString());
            }
            if (bars.size() <= 16 || i % ((bars.size() + 15) / 16) == 0) {
                text(svg, (int) (x + barWidth / 2), base + 14, "middle", "normal", bar.label());
            }
        }
    }

    private static void legend(StringBuilder svg, List<String> series) {
        int x = WIDTH - 8;
        // drawn right to left, so the first series ends up leftmost
        for (int i = series.size() - 1; i >= 0; i--) {
            String name = series.get(i);
            int w = 14 + 6 * name.length();
            x -= w + 10;
            svg.append("<rect x=\"")
                    .append(x)
                    .append("\" y=\"7\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLOURS[i % COLOURS.length])
                    .append("\"/>");
            text(svg, x + 14, 16, "start", "normal", name);
        }
    }

    private static void line(StringBuilder svg, int x1, int y1, int x2, int y2) {
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-width=\"1\"/>",
                x1,
                y1,
                x2,
                y2));
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, String weight, String s) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"%s\" fill=\"#333\">%s</text>",
                x,
                y,
                anchor,
                weight,
                escape(s)));
    }

    /** Text as SVG may hold it: markup characters as entities, control characters dropped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (!Character.isISOControl(c)) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
