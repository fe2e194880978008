package io.jenkins.plugins.dashscope.core.usage;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one image of each model costs, as an administrator writes it: one {@code model price currency} per line
 * ({@code wan2.6-t2i 0.20 CNY}); blank lines and {@code #} comments are ignored. Used only for estimates: the
 * bill is the provider's.
 */
public final class PriceTable implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern LINE =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})\\s+(\\d{1,9}(?:\\.\\d{1,6})?)\\s+([A-Z]{3})");
    private static final int MAX_LINES = 500;

    /** One model's price per image. */
    public record Price(BigDecimal perImage, String currency) implements Serializable {}

    private final LinkedHashMap<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = new LinkedHashMap<>(prices);
    }

    public static PriceTable none() {
        return new PriceTable(Map.of());
    }

    /** @throws InvalidRequestException naming {@code field} and the line that is not {@code model price currency} */
    public static PriceTable parse(String field, String text) {
        Map<String, Price> prices = new LinkedHashMap<>();
        if (text == null) {
            return none();
        }
        String[] lines = text.split("\\R");
        if (lines.length > MAX_LINES) {
            throw new InvalidRequestException(field, "at most " + MAX_LINES + " lines");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new InvalidRequestException(
                        field,
                        "line " + (i + 1) + ": expected 'model price currency', " + "e.g. 'wan2.6-t2i 0.20 CNY'");
            }
            if (prices.putIfAbsent(m.group(1), new Price(new BigDecimal(m.group(2)), m.group(3))) != null) {
                throw new InvalidRequestException(field, "line " + (i + 1) + ": " + m.group(1) + " is priced twice");
            }
        }
        return new PriceTable(prices);
    }

    public Optional<Price> priceOf(String model) {
        return Optional.ofNullable(prices.get(model));
    }

    /** The currencies the table prices in, sorted. */
    public java.util.SortedSet<String> currencies() {
        java.util.SortedSet<String> all = new java.util.TreeSet<>();
        prices.values().forEach(p -> all.add(p.currency()));
        return all;
    }

    public boolean isEmpty() {
        return prices.isEmpty();
    }
}
