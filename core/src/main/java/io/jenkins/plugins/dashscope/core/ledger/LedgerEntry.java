package io.jenkins.plugins.dashscope.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of the ledger. A {@code HOLD} reserves a generation's images before anything is sent, at the price of that
 * moment; the {@code SETTLE} with the same id says what it paid for, reused and lost, and gives back the rest; a
 * {@code REUSE} records a generation that took an earlier result and paid nothing.
 *
 * @param price   the price of one image when it was held; null when the table had none
 * @param assumed for a settle: the outcome was not known (a lost answer), so every held image counts as paid
 */
public record LedgerEntry(
        Kind kind,
        String id,
        Instant time,
        Payer payer,
        String model,
        int images,
        int paid,
        int reused,
        int failed,
        PriceTable.Price price,
        boolean assumed) {

    public enum Kind {
        HOLD,
        SETTLE,
        REUSE
    }

    private static final ObjectMapper MAPPER = Json.newMapper();

    public static LedgerEntry hold(String id, Instant time, Payer payer, String model, int images, PriceTable.Price p) {
        return new LedgerEntry(Kind.HOLD, id, time, payer, model, images, 0, 0, 0, p, false);
    }

    public static LedgerEntry settle(String id, Instant time, int paid, int reused, int failed, boolean assumed) {
        return new LedgerEntry(Kind.SETTLE, id, time, null, null, 0, paid, reused, failed, null, assumed);
    }

    public static LedgerEntry reuse(String id, Instant time, Payer payer, String model, int images) {
        return new LedgerEntry(Kind.REUSE, id, time, payer, model, 0, 0, images, 0, null, false);
    }

    /** The line as the journal keeps it, without its newline. */
    public String toLine() {
        ObjectNode n =
                MAPPER.createObjectNode().put("k", kind.name()).put("id", id).put("t", time.toEpochMilli());
        if (payer != null) {
            n.put("job", payer.job()).put("build", payer.build()).put("model", model);
        }
        switch (kind) {
            case HOLD -> n.put("images", images);
            case SETTLE -> n.put("paid", paid).put("reused", reused).put("failed", failed);
            case REUSE -> n.put("reused", reused);
        }
        if (price != null) {
            n.put("price", price.perImage().toPlainString()).put("currency", price.currency());
        }
        if (assumed) {
            n.put("assumed", true);
        }
        return n.toString();
    }

    /** The entry a journal line holds; null for a line that is not one (cut short by a crash, or damaged). */
    public static LedgerEntry parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            Kind kind = Kind.valueOf(n.path("k").asText());
            String id = n.path("id").asText(null);
            if (id == null || !n.path("t").canConvertToLong()) {
                return null;
            }
            Payer payer = n.has("job")
                    ? new Payer(n.path("job").asText(), n.path("build").asInt())
                    : null;
            if (kind != Kind.SETTLE && (payer == null || !n.path("model").isTextual())) {
                return null;
            }
            PriceTable.Price price =
                    n.path("price").isTextual() && n.path("currency").isTextual()
                            ? new PriceTable.Price(
                                    new BigDecimal(n.path("price").asText()),
                                    n.path("currency").asText())
                            : null; // a decimal in text: a double would not keep 0.20 as it was written
            return new LedgerEntry(
                    kind,
                    id,
                    Instant.ofEpochMilli(n.path("t").asLong()),
                    payer,
                    n.path("model").asText(null),
                    count(n, "images"),
                    count(n, "paid"),
                    count(n, "reused"),
                    count(n, "failed"),
                    price,
                    n.path("assumed").asBoolean());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int count(JsonNode n, String field) {
        return Math.max(0, n.path(field).asInt());
    }

    /** What the images cost at the held price; null when it had none. */
    static BigDecimal cost(PriceTable.Price price, int images) {
        return price == null ? null : price.perImage().multiply(BigDecimal.valueOf(images));
    }
}
