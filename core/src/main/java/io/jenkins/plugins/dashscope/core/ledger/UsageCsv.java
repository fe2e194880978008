package io.jenkins.plugins.dashscope.core.ledger;

import java.util.Comparator;
import java.util.List;

/**
 * A scope's ledger rows as CSV, one per month, build and model: what finance sums up. A cell a spreadsheet would take
 * for a formula ({@code =}, {@code +}, {@code -}, {@code @}) is written as text.
 */
public final class UsageCsv {

    public static final String HEADER =
            "month,folder,job,build,model,paid,held,reused,failed,assumed,estimate,currency";

    private UsageCsv() {}

    public static String of(LedgerSnapshot s, Quota.Scope scope) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        List<UsageRow> rows = s.rows().stream()
                .filter(r -> scope.covers(r.payer().job()))
                .sorted(Comparator.comparing(UsageRow::month)
                        .thenComparing(r -> r.payer().job())
                        .thenComparingInt(r -> r.payer().build())
                        .thenComparing(UsageRow::model))
                .toList();
        for (UsageRow r : rows) {
            csv.append(r.month())
                    .append(',')
                    .append(cell(r.payer().folder()))
                    .append(',')
                    .append(cell(r.payer().job()))
                    .append(',')
                    .append(r.payer().build())
                    .append(',')
                    .append(cell(r.model()))
                    .append(',')
                    .append(r.paid())
                    .append(',')
                    .append(r.held())
                    .append(',')
                    .append(r.reused())
                    .append(',')
                    .append(r.failed())
                    .append(',')
                    .append(r.assumed())
                    .append(',')
                    .append(r.currency() == null ? "" : r.chargedCost().toPlainString())
                    .append(',')
                    .append(r.currency() == null ? "" : r.currency())
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** A text cell: quoted when it holds a separator, a quote or a line break; a would-be formula kept as text. */
    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.matches("[^,\"\r\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
