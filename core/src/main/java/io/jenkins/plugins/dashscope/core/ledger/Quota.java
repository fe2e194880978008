package io.jenkins.plugins.dashscope.core.ledger;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monthly allowance: the most images, and/or the most estimated cost, that the jobs of a scope may pay for in one
 * calendar month. Either may be null (no limit of that kind).
 */
public record Quota(Scope scope, Integer images, Cost cost) {

    /** Where a quota applies. */
    public enum Kind {
        GLOBAL,
        FOLDER,
        JOB
    }

    /** The jobs a quota covers: all of them, a folder's (and its sub-folders'), or one job, by full name. */
    public record Scope(Kind kind, String path) {

        public static final Scope GLOBAL = new Scope(Kind.GLOBAL, "");

        public static Scope folder(String path) {
            return new Scope(Kind.FOLDER, path);
        }

        public static Scope job(String path) {
            return new Scope(Kind.JOB, path);
        }

        public boolean covers(String job) {
            return switch (kind) {
                case GLOBAL -> true;
                case FOLDER -> job.startsWith(path + "/");
                case JOB -> job.equals(path);
            };
        }

        /** How a message names it: {@code folder 'team-a'}. */
        public String describe() {
            return switch (kind) {
                case GLOBAL -> "the controller";
                case FOLDER -> "folder '" + path + "'";
                case JOB -> "job '" + path + "'";
            };
        }
    }

    /** An amount of money in one currency, as an administrator writes it: {@code 500 CNY}. */
    public record Cost(BigDecimal amount, String currency) {

        private static final Pattern FORM = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)\\s+([A-Z]{3})");

        /** Null for a blank text; refuses, naming {@code field}, anything but {@code amount currency}. */
        public static Cost parse(String field, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            Matcher m = FORM.matcher(text.strip());
            if (!m.matches()) {
                throw new InvalidRequestException(field, "expected 'amount currency', e.g. '500 CNY'");
            }
            return new Cost(new BigDecimal(m.group(1)), m.group(2));
        }

        public String describe() {
            return amount.toPlainString() + " " + currency;
        }
    }

    public Quota {
        if (images != null && images < 0) {
            throw new InvalidRequestException("images", "a quota cannot be negative");
        }
    }

    /** The images a month's rows charge to this quota's scope: paid and held. */
    public long usedImages(Collection<UsageRow> monthRows) {
        return monthRows.stream()
                .filter(r -> scope.covers(r.payer().job()))
                .mapToLong(UsageRow::charged)
                .sum();
    }

    /** The estimate a month's rows charge to this quota's scope, in its currency; null when it limits no cost. */
    public BigDecimal usedCost(Collection<UsageRow> monthRows) {
        if (cost == null) {
            return null;
        }
        return monthRows.stream()
                .filter(r -> cost.currency().equals(r.currency())
                        && scope.covers(r.payer().job()))
                .map(UsageRow::chargedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Whether it limits nothing. */
    public boolean isNone() {
        return images == null && cost == null;
    }

    /** {@code 500 image(s) and 100 CNY a month}. */
    public String describe() {
        String i = images == null ? null : images + " image(s)";
        String c = cost == null ? null : cost.describe();
        return (i == null ? c : c == null ? i : i + " and " + c) + " a month";
    }
}
