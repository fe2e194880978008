package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResults;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of manifests (a CLI run's, or archived builds') read as ledger rows, so its summary is drawn as the usage
 * page's is: one row per generation, under its folder's path, in the month it finished, priced by today's table (a
 * manifest keeps no price). Bounded: so deep, so many manifests, each so large; symbolic links are not followed.
 */
public final class ManifestUsage {

    static final int MAX_DEPTH = 6;
    static final int MAX_MANIFESTS = 10_000;

    private ManifestUsage() {}

    /** @throws InvalidRequestException naming {@code field} when {@code dir} is not a readable folder */
    public static LedgerSnapshot scan(Path dir, String field, PriceTable prices, ZoneId zone, Instant now) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException(field, "'" + dir + "' is not a folder");
        }
        ManifestStore store = new ManifestStore();
        List<UsageRow> rows = new ArrayList<>();
        int[] skipped = {0};
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            files.filter(f -> PathNames.name(f).equals(ManifestStore.FILE_NAME))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .limit(MAX_MANIFESTS)
                    .forEach(f -> {
                        UsageRow row = row(store, dir, f, prices, zone);
                        if (row == null) {
                            skipped[0]++;
                        } else {
                            rows.add(row);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidRequestException(field, "cannot read '" + dir + "': " + e.getMessage());
        }
        return new LedgerSnapshot(
                YearMonth.from(now.atZone(zone)),
                rows,
                0,
                skipped[0] == 0 ? null : skipped[0] + " manifest(s) could not be read and are not counted");
    }

    private static UsageRow row(ManifestStore store, Path dir, Path file, PriceTable prices, ZoneId zone) {
        try {
            if (Files.size(file) > EarlierResults.MAX_MANIFEST_BYTES) {
                return null;
            }
            Manifest m = store.read(file);
            String folder = dir.relativize(PathNames.parent(file)).toString().replace('\\', '/');
            PriceTable.Price price = prices.priceOf(String.valueOf(m.model())).orElse(null);
            int paid = m.paidImages();
            BigDecimal cost = LedgerEntry.cost(price, paid);
            return new UsageRow(
                    YearMonth.from(when(m, file).atZone(zone)),
                    new Payer(folder.isEmpty() ? "." : folder, 0),
                    String.valueOf(m.model()),
                    price == null ? null : price.currency(),
                    0,
                    paid,
                    m.reusedFrom() == null ? 0 : m.images().size(),
                    m.failures().size(),
                    0,
                    cost,
                    null);
        } catch (IOException | RuntimeException e) {
            return null; // not one of ours, or damaged: said in the summary's note
        }
    }

    private static Instant when(Manifest m, Path file) throws IOException {
        if (m.timing() != null) {
            for (String at : new String[] {m.timing().finishedAt(), m.timing().submittedAt()}) {
                try {
                    if (at != null) {
                        return Instant.parse(at);
                    }
                } catch (DateTimeParseException e) {
                    // try the next
                }
            }
        }
        return Files.getLastModifiedTime(file).toInstant();
    }
}
