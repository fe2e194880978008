package io.jenkins.plugins.dashscope.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The ledger on disk: one journal per month ({@code 2026-12.jsonl}), only ever appended to, each append forced to
 * the disk before the caller goes on; and {@code totals.json}, the months past the retention folded into totals,
 * replaced whole by a rename. A crash can leave only the last line of a journal cut short, which reading drops and
 * the next append cuts off: a hold is written before anything is sent, so that line paid for nothing. A crash between
 * writing the totals and removing the folded journals leaves journals the totals name, which reading skips.
 */
final class LedgerFiles {

    static final String TOTALS = "totals.json";
    private static final String JOURNAL = ".jsonl";
    /** The longest line a journal holds; longer is damage, not a record. */
    private static final int MAX_LINE = 16 * 1024;

    private static final ObjectMapper MAPPER = Json.newMapper();

    private final Path dir;
    private volatile String problem;
    /** Appends that failed since the ledger was opened. */
    private final java.util.concurrent.atomic.AtomicLong failedWrites = new java.util.concurrent.atomic.AtomicLong();

    LedgerFiles(Path dir) {
        this.dir = dir;
    }

    String problem() {
        return problem;
    }

    long failedWrites() {
        return failedWrites.get();
    }

    /** Reads the totals, then every journal the totals do not cover, oldest first. */
    void load(UsageBook book) {
        try {
            Files.createDirectories(dir);
            Set<YearMonth> folded = loadTotals(book);
            for (var journal : journals().entrySet()) {
                if (folded.contains(journal.getKey())) {
                    Files.deleteIfExists(journal.getValue()); // folded before a crash that kept it
                } else {
                    read(journal.getValue(), book);
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot read the usage ledger in " + dir + ": " + e.getMessage();
        }
    }

    private TreeMap<YearMonth, Path> journals() throws IOException {
        TreeMap<YearMonth, Path> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = PathNames.name(f);
                if (name.endsWith(JOURNAL)) {
                    try {
                        all.put(YearMonth.parse(name.substring(0, name.length() - JOURNAL.length())), f);
                    } catch (DateTimeParseException e) {
                        // not a journal of ours
                    }
                }
            });
        }
        return all;
    }

    private void read(Path journal, UsageBook book) throws IOException {
        byte[] bytes = Files.readAllBytes(journal);
        int start = 0;
        int damaged = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                LedgerEntry e = i - start > MAX_LINE
                        ? null
                        : LedgerEntry.parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                if (e == null) {
                    damaged++;
                } else {
                    book.apply(e);
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) { // the last line was cut short: it never was a record
            try (FileChannel c = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                c.truncate(start);
                c.force(true);
            }
        }
        if (damaged > 0) {
            problem = journal.getFileName() + ": " + damaged + " damaged line(s) skipped";
        }
    }

    /** Appends the lines to the month's journal and forces them to the disk; a failure is kept as the problem. */
    void append(YearMonth month, List<LedgerEntry> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.toLine()).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel c = FileChannel.open(
                dir.resolve(month + JOURNAL),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (bytes.hasRemaining()) {
                c.write(bytes);
            }
            c.force(true);
        } catch (IOException | RuntimeException e) {
            failedWrites.incrementAndGet();
            problem = "cannot write the usage ledger in " + dir + ": " + e.getMessage();
        }
    }

    /** Writes every month before {@code keepFrom} as {@code rows}, then removes those months' journals. */
    void compact(YearMonth keepFrom, List<UsageRow> rows) {
        if (rows.isEmpty() && !Files.isDirectory(dir)) {
            return; // nothing to fold, and no ledger to fold it in (its problem is told already)
        }
        try {
            Set<YearMonth> months = new TreeSet<>();
            rows.forEach(r -> months.add(r.month()));
            TreeMap<YearMonth, Path> old = new TreeMap<>(journals().headMap(keepFrom));
            if (old.isEmpty() && !Files.exists(dir.resolve(TOTALS)) && rows.isEmpty()) {
                return;
            }
            months.addAll(old.keySet());
            AtomicFiles.write(dir.resolve(TOTALS), totals(months, rows), LedgerFiles::force);
            for (Path journal : old.values()) {
                Files.deleteIfExists(journal);
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot fold old months of the usage ledger in " + dir + ": " + e.getMessage();
        }
    }

    private static void force(Path part) throws IOException {
        try (FileChannel c = FileChannel.open(part, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static byte[] totals(Set<YearMonth> months, List<UsageRow> rows) throws IOException {
        ObjectNode root = MAPPER.createObjectNode().put("version", 1);
        ArrayNode m = root.putArray("months");
        months.forEach(month -> m.add(month.toString()));
        ArrayNode all = root.putArray("rows");
        for (UsageRow r : rows) {
            all.addObject()
                    .put("month", r.month().toString())
                    .put("job", r.payer().job())
                    .put("model", r.model())
                    .put("currency", r.currency())
                    .put("paid", r.paid())
                    .put("reused", r.reused())
                    .put("failed", r.failed())
                    .put("assumed", r.assumed())
                    .put("cost", r.cost().toPlainString());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    private Set<YearMonth> loadTotals(UsageBook book) throws IOException {
        Path file = dir.resolve(TOTALS);
        Set<YearMonth> months = new TreeSet<>();
        if (!Files.exists(file)) {
            return months;
        }
        JsonNode root = MAPPER.readTree(file.toFile());
        root.path("months").forEach(m -> months.add(YearMonth.parse(m.asText())));
        for (JsonNode r : root.path("rows")) {
            book.load(new UsageRow(
                    YearMonth.parse(r.path("month").asText()),
                    new Payer(r.path("job").asText(), 0),
                    r.path("model").asText(),
                    r.path("currency").isTextual() ? r.path("currency").asText() : null,
                    0,
                    r.path("paid").asInt(),
                    r.path("reused").asInt(),
                    r.path("failed").asInt(),
                    r.path("assumed").asInt(),
                    new BigDecimal(r.path("cost").asText("0")),
                    null));
        }
        return months;
    }
}
