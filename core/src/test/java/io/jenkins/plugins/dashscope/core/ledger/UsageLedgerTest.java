package io.jenkins.plugins.dashscope.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.testing.MovableClock;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's holds, settlements, quotas, months and files, on a clock the test moves. */
class UsageLedgerTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final PriceTable.Price PRICE = new PriceTable.Price(new BigDecimal("0.20"), "CNY");
    private static final Payer POSTER = new Payer("team-a/site/poster", 7);
    private static final Payer OTHER = new Payer("team-b/card", 3);

    @TempDir
    Path dir;

    /** 2026-12-10 12:00 in Shanghai. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-10T04:00:00Z"));

    private UsageLedger open() {
        return UsageLedger.open(dir, clock, SHANGHAI, UsageLedger.DEFAULT_RETENTION_MONTHS);
    }

    private static List<UsageLedger.Hold> images(int n) {
        return List.of(new UsageLedger.Hold("wan2.6-t2i", n, PRICE));
    }

    private static int charged(UsageLedger ledger, String jobPrefix) {
        LedgerSnapshot s = ledger.snapshot();
        return s.rows().stream()
                .filter(r -> r.month().equals(s.month()) && r.payer().job().startsWith(jobPrefix))
                .mapToInt(UsageRow::charged)
                .sum();
    }

    @Test
    void aHoldCountsUntilSettledThenOnlyWhatWasPaidCounts() {
        UsageLedger ledger = open();
        List<Quota> quota = List.of(new Quota(Quota.Scope.folder("team-a"), 10, null));

        String id = ledger.hold(POSTER, images(4), quota).get(0);
        assertThat(charged(ledger, "team-a")).isEqualTo(4);
        ledger.settle(id, 2, 0, 2, false);

        UsageRow row = ledger.snapshot().rows().get(0);
        assertThat(row.paid()).isEqualTo(2);
        assertThat(row.held()).isZero();
        assertThat(row.failed()).isEqualTo(2);
        assertThat(row.cost()).isEqualByComparingTo("0.40");
        assertThat(row.heldCost()).isEqualByComparingTo("0");
        assertThat(ledger.hold(POSTER, images(8), quota)).hasSize(1); // 2 + 8 fits 10
    }

    @Test
    void aRefusalNamesTheQuotaItsScopeWhatIsUsedAndWhatWasAskedAndHoldsNothing() {
        UsageLedger ledger = open();
        List<Quota> quotas =
                List.of(new Quota(Quota.Scope.GLOBAL, 1000, null), new Quota(Quota.Scope.folder("team-a"), 10, null));
        ledger.hold(POSTER, images(6), quotas);

        assertThatThrownBy(() -> ledger.hold(POSTER, images(5), quotas))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("quota"))
                .hasMessage("quota: the monthly quota of folder 'team-a' is 10 image(s) a month; 6 image(s) used in"
                        + " 2026-12, 5 image(s) asked. Nothing was sent.");
        assertThat(charged(ledger, "")).isEqualTo(6);
        assertThat(ledger.hold(OTHER, images(5), quotas))
                .as("team-b is not in the folder")
                .hasSize(1);
    }

    @Test
    void aFolderQuotaCoversItsSubFoldersButNotAFolderWithALongerName() {
        Quota.Scope a = Quota.Scope.folder("team-a");
        assertThat(a.covers("team-a/site/poster")).isTrue();
        assertThat(a.covers("team-a/card")).isTrue();
        assertThat(a.covers("team-ab/card")).isFalse();
        assertThat(a.covers("team-a")).isFalse();
        assertThat(Quota.Scope.job("team-a/card").covers("team-a/card")).isTrue();
        assertThat(Quota.Scope.job("team-a/card").covers("team-a/card2")).isFalse();
    }

    @Test
    void whetherAJobOrFolderHasAnythingOnRecord() {
        UsageLedger ledger = open();
        assertThat(ledger.recorded(Quota.Scope.GLOBAL)).isFalse();
        ledger.reused(POSTER, "wan2.6-t2i", 1);

        assertThat(ledger.recorded(Quota.Scope.GLOBAL)).isTrue();
        assertThat(ledger.recorded(Quota.Scope.job("team-a/site/poster"))).isTrue();
        assertThat(ledger.recorded(Quota.Scope.folder("team-a"))).isTrue();
        assertThat(ledger.recorded(Quota.Scope.folder("team-a/site"))).isTrue();
        assertThat(ledger.recorded(Quota.Scope.folder("team"))).isFalse();
        assertThat(ledger.recorded(Quota.Scope.job("team-a/site"))).isFalse();
        assertThat(open().recorded(Quota.Scope.folder("team-a")))
                .as("read back")
                .isTrue();
    }

    @Test
    void theTightestOfNestedQuotasRefuses() {
        UsageLedger ledger = open();
        List<Quota> quotas = List.of(
                new Quota(Quota.Scope.folder("team-a"), 100, null),
                new Quota(Quota.Scope.folder("team-a/site"), 5, null),
                new Quota(Quota.Scope.job("team-a/site/poster"), 50, null));

        assertThatThrownBy(() -> ledger.hold(POSTER, images(6), quotas)).hasMessageContaining("folder 'team-a/site'");
        assertThat(ledger.hold(new Payer("team-a/card", 1), images(6), quotas)).hasSize(1);
    }

    @Test
    void aCostQuotaCountsEstimatesInItsCurrency() {
        UsageLedger ledger = open();
        List<Quota> quotas = List.of(new Quota(Quota.Scope.GLOBAL, null, Quota.Cost.parse("quota", "1.00 CNY")));
        ledger.hold(POSTER, images(4), quotas); // 0.80 CNY

        assertThatThrownBy(() -> ledger.hold(OTHER, images(2), quotas))
                .hasMessageContaining("is 1.00 CNY a month; 0.80 CNY used in 2026-12, 0.40 CNY asked");
        assertThat(ledger.hold(OTHER, List.of(new UsageLedger.Hold("unpriced", 9, null)), quotas))
                .as("an image without a price has no estimate to count")
                .hasSize(1);
        assertThatThrownBy(() -> Quota.Cost.parse("monthlyCost", "lots"))
                .hasMessage("monthlyCost: expected 'amount currency', e.g. '500 CNY'");
    }

    @Test
    void twoBuildsRacingForTheLastImagesOneWinsAndTheOtherIsRefused() throws Exception {
        UsageLedger ledger = open();
        List<Quota> quota = List.of(new Quota(Quota.Scope.GLOBAL, 30, null));
        ledger.hold(OTHER, images(20), quota);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                UsageLedger fresh = UsageLedger.open(dir.resolve("r" + round), clock, SHANGHAI, 13);
                fresh.hold(OTHER, images(20), quota);
                CountDownLatch go = new CountDownLatch(1);
                Callable<Boolean> race = () -> {
                    go.await();
                    try {
                        fresh.hold(POSTER, images(10), quota);
                        return true;
                    } catch (InvalidRequestException refused) {
                        return false;
                    }
                };
                Future<Boolean> one = pool.submit(race);
                Future<Boolean> two = pool.submit(race);
                go.countDown();
                assertThat(List.of(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS)))
                        .containsExactlyInAnyOrder(true, false);
                assertThat(charged(fresh, "")).isEqualTo(30);
                assertThat(charged(UsageLedger.open(dir.resolve("r" + round), clock, SHANGHAI, 13), ""))
                        .as("and the disk says the same")
                        .isEqualTo(30);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNewMonthStartsEmptyInTheControllersTimeZone() {
        UsageLedger ledger = open();
        List<Quota> quota = List.of(new Quota(Quota.Scope.GLOBAL, 10, null));
        clock.set(Instant.parse("2026-12-31T15:59:59Z")); // 23:59:59 in Shanghai
        ledger.hold(POSTER, images(10), quota);
        assertThatThrownBy(() -> ledger.hold(POSTER, images(1), quota)).hasMessageContaining("used in 2026-12");

        clock.set(Instant.parse("2026-12-31T16:00:00Z")); // midnight in Shanghai, still December in UTC
        assertThat(ledger.hold(POSTER, images(10), quota)).hasSize(1);
        assertThat(ledger.snapshot().month()).isEqualTo(YearMonth.of(2027, 1));
        assertThat(Files.exists(dir.resolve("2027-01.jsonl"))).isTrue();
    }

    @Test
    void aSettlementInALaterMonthSettlesTheHoldsMonth() {
        UsageLedger ledger = open();
        String id = ledger.hold(POSTER, images(4), List.of()).get(0);
        clock.set(Instant.parse("2027-01-02T04:00:00Z"));
        ledger.settle(id, 1, 0, 0, false);

        for (UsageLedger l : List.of(ledger, open())) {
            List<UsageRow> rows = l.snapshot().rows();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).month()).isEqualTo(YearMonth.of(2026, 12));
            assertThat(rows.get(0).paid()).isEqualTo(1);
            assertThat(rows.get(0).held()).isZero();
        }
    }

    @Test
    void whatWasWrittenIsReadBackAfterARestart() {
        UsageLedger ledger = open();
        String id = ledger.hold(POSTER, images(4), List.of()).get(0);
        ledger.settle(id, 4, 0, 0, false);
        ledger.reused(OTHER, "qwen-image", 2);
        String open = ledger.hold(OTHER, images(3), List.of()).get(0);

        LedgerSnapshot again = open().snapshot();
        assertThat(again.rows())
                .containsExactlyInAnyOrderElementsOf(ledger.snapshot().rows());
        assertThat(again.openHolds()).isEqualTo(1);
        assertThat(open).isNotBlank();
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheNextAppendStartsClean() throws IOException {
        UsageLedger ledger = open();
        String id = ledger.hold(POSTER, images(4), List.of()).get(0);
        ledger.settle(id, 4, 0, 0, false);
        Path journal = dir.resolve("2026-12.jsonl");
        Files.writeString(journal, "{\"k\":\"HOLD\",\"id\":\"x\",\"t\":17", StandardOpenOption.APPEND);

        UsageLedger after = open();
        assertThat(after.problem()).isNull();
        assertThat(charged(after, "")).isEqualTo(4);
        after.hold(OTHER, images(2), List.of());

        assertThat(Files.readAllLines(journal, StandardCharsets.UTF_8))
                .hasSize(3)
                .allSatisfy(l -> assertThat(LedgerEntry.parse(l)).isNotNull());
        assertThat(charged(open(), "")).isEqualTo(6);
    }

    @Test
    void aDamagedLineIsSkippedAndReported() throws IOException {
        UsageLedger ledger = open();
        ledger.hold(POSTER, images(4), List.of());
        Files.writeString(dir.resolve("2026-12.jsonl"), "not json\n", StandardOpenOption.APPEND);
        ledger.hold(POSTER, images(1), List.of());

        UsageLedger after = open();
        assertThat(charged(after, "")).isEqualTo(5);
        assertThat(after.problem()).isEqualTo("2026-12.jsonl: 1 damaged line(s) skipped");
    }

    @Test
    void aLedgerThatCannotBeWrittenStillHoldsQuotasAndSaysWhy() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        UsageLedger ledger = UsageLedger.open(file, clock, SHANGHAI, 13);
        assertThat(ledger.problem()).startsWith("cannot read the usage ledger in " + file);
        List<Quota> quota = List.of(new Quota(Quota.Scope.GLOBAL, 5, null));

        long before = ledger.failedWrites();
        ledger.hold(POSTER, images(5), quota);
        assertThat(ledger.failedWrites()).isEqualTo(before + 1);
        assertThat(ledger.problem()).startsWith("cannot write the usage ledger in " + file);
        assertThatThrownBy(() -> ledger.hold(POSTER, images(1), quota)).hasMessageContaining("5 image(s) used");
    }

    @Test
    void anAccountWarnsOfAWriteThatFailedWithoutSayingWhereAndStaysQuietOtherwise() throws IOException {
        List<String> warnings = new java.util.ArrayList<>();
        UsageAccount fine = UsageAccount.of(open(), POSTER, List.of(), PriceTable.none(), warnings::add, Runnable::run);
        fine.settle(fine.hold(List.of(new UsageAccount.Charge("wan2.6-t2i", 2))).get(0), 2, 0, 0, false);
        assertThat(warnings).isEmpty();

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        UsageAccount broken = UsageAccount.of(
                UsageLedger.open(file, clock, SHANGHAI, 13),
                POSTER,
                List.of(),
                PriceTable.none(),
                warnings::add,
                Runnable::run);
        broken.reused("wan2.6-t2i", 1);

        assertThat(warnings)
                .containsExactly("the usage ledger cannot be written; the generation goes on, and this month's quotas "
                        + "hold until a restart");
    }
}
