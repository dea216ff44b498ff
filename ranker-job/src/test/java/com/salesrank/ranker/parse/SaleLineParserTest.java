package com.salesrank.ranker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SaleLineParserTest {

    private final SaleLineParser parser = new SaleLineParser();

    private static String line(String timestamp, String product, String category, String qty) {
        return timestamp + "\t" + product + "\t" + category + "\t" + qty + "\t20.00\t1\t1";
    }

    private SaleRecord valid(String line) {
        ParseResult result = parser.parse(line);
        assertThat(result.kind()).as(result.toString()).isEqualTo(ParseResult.Kind.VALID);
        return result.sale();
    }

    private MalformedReason malformed(String line) {
        ParseResult result = parser.parse(line);
        assertThat(result.kind()).as(result.toString()).isEqualTo(ParseResult.Kind.MALFORMED);
        return result.reason();
    }

    private static Instant instantOf(SaleRecord sale) {
        return Instant.ofEpochSecond(sale.epochSecond(), sale.nano());
    }

    @Test
    void parsesTheIssueExample() {
        SaleRecord sale = valid("2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1\t1");
        assertThat(instantOf(sale)).isEqualTo(Instant.parse("2026-11-20T13:05:07Z"));
        assertThat(sale.productId()).isEqualTo(50);
        assertThat(sale.categoryId()).isEqualTo(1234);
        assertThat(sale.quantity()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20T13:05:07.250+02:00", "2026-11-20T13:05:07.250-02:00", "2026-11-20T13:05:07+05:30",
        "2026-11-20T13:05:07.1Z", "2026-11-20T13:05:07.123456789Z", "2026-11-20T23:59:59-18:00",
        "2024-02-29T00:00:00Z", "2000-02-29T12:00:00+00:00", "1969-12-31T23:59:59.5Z", "2026-01-01T00:30:00+01:00"})
    void timestampsWithFractionsAndOffsetsMeanTheSameInstantAsJavaTime(String timestamp) {
        SaleRecord sale = valid(line(timestamp, "1", "1", "1"));
        assertThat(instantOf(sale)).isEqualTo(OffsetDateTime.parse(timestamp).toInstant());
    }

    @Test
    void acceptsTheLargestIds() {
        SaleRecord sale = valid(line("2026-11-20T13:05:07Z", "9223372036854775807", "2147483647", "2147483647"));
        assertThat(sale.productId()).isEqualTo(Long.MAX_VALUE);
        assertThat(sale.categoryId()).isEqualTo(Integer.MAX_VALUE);
        assertThat(sale.quantity()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void stripsATrailingCarriageReturn() {
        SaleRecord sale = valid("2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1\t1\r");
        assertThat(sale.productId()).isEqualTo(50);
    }

    @Test
    void unusedFieldsMayHoldAnything() {
        assertThat(valid("2026-11-20T13:05:07Z\t50\t1234\t2\tfree\tseller-x\t\u00e9l\u00e8ve").quantity()).isEqualTo(2);
    }

    @Test
    void readsOnlyTheGivenLengthOfAReusedBuffer() {
        byte[] buffer = "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1\t1GARBAGE".getBytes(StandardCharsets.UTF_8);
        ParseResult result = parser.parse(buffer, buffer.length - "GARBAGE".length());
        assertThat(result.isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r"})
    void emptyLinesAreSkippedNotMalformed(String line) {
        assertThat(parser.parse(line).kind()).isEqualTo(ParseResult.Kind.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id",
        "timestamp\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id\r",
        "timestamp\tsomething else"})
    void aHeaderIsSkippedNotMalformed(String line) {
        assertThat(parser.parse(line).kind()).isEqualTo(ParseResult.Kind.HEADER);
    }

    @Test
    void timestampMustBeTheWholeFirstFieldToBeAHeader() {
        assertThat(malformed("timestamps\t1\t1\t1\t1\t1\t1")).isEqualTo(MalformedReason.TIMESTAMP_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1",
        "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1\t1\textra",
        "2026-11-20T13:05:07Z 50 1234 2 20.00 1 1",
        " "})
    void wrongFieldCount(String line) {
        assertThat(malformed(line)).isEqualTo(MalformedReason.WRONG_FIELD_COUNT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\t50\t1234\t2\t20.00\t1\t1",
        "2026-11-20T13:05:07Z\t\t1234\t2\t20.00\t1\t1",
        "2026-11-20T13:05:07Z\t50\t\t2\t20.00\t1\t1",
        "2026-11-20T13:05:07Z\t50\t1234\t\t20.00\t1\t1",
        "2026-11-20T13:05:07Z\t50\t1234\t2\t\t1\t1",
        "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t\t1",
        "2026-11-20T13:05:07Z\t50\t1234\t2\t20.00\t1\t"})
    void everyFieldMustBePresent(String line) {
        assertThat(malformed(line)).isEqualTo(MalformedReason.EMPTY_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-20",                  // a date alone
        "1763643907",                  // an epoch number
        "1763643907000",
        "2026-11-20 13:05:07Z",        // space instead of T
        "2026-11-20T13:05Z",           // no seconds
        "2026-11-20T13:05:07.Z",       // empty fraction
        "2026-11-20T13:05:07.1234567891Z", // more than nanoseconds
        "2026-11-20T13:05:07+0200",    // offset without colon
        "2026-11-20T13:05:07+02",
        "2026-11-20T13:05:07 Z",
        "2026-11-20T13:05:07ZZ",
        "2026-11-20T13:05:07[UTC]",
        "+2026-11-20T13:05:07Z",
        "26-11-20T13:05:07Z",
        "2026-1-20T13:05:07Z"})
    void timestampSyntax(String timestamp) {
        assertThat(malformed(line(timestamp, "50", "1234", "2"))).isEqualTo(MalformedReason.TIMESTAMP_SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T13:05:07", "2026-11-20T13:05:07.250"})
    void timestampWithoutZone(String timestamp) {
        assertThat(malformed(line(timestamp, "50", "1234", "2"))).isEqualTo(MalformedReason.TIMESTAMP_WITHOUT_ZONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-13-20T13:05:07Z", "2026-00-20T13:05:07Z", "2026-02-29T13:05:07Z", "2100-02-29T13:05:07Z",
        "2026-04-31T13:05:07Z", "2026-11-00T13:05:07Z", "2026-11-20T24:00:00Z", "2026-11-20T13:60:07Z",
        "2026-11-20T13:05:60Z", "2026-11-20T13:05:07+19:00", "2026-11-20T13:05:07+18:01", "2026-11-20T13:05:07+02:60"})
    void timestampOutOfRange(String timestamp) {
        assertThat(malformed(line(timestamp, "50", "1234", "2"))).isEqualTo(MalformedReason.TIMESTAMP_OUT_OF_RANGE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+50|PRODUCT_ID_NOT_DIGITS", "-50|PRODUCT_ID_NOT_DIGITS", "050|PRODUCT_ID_NOT_DIGITS",
        "' 50'|PRODUCT_ID_NOT_DIGITS", "50.0|PRODUCT_ID_NOT_DIGITS", "5e3|PRODUCT_ID_NOT_DIGITS",
        "00|PRODUCT_ID_NOT_DIGITS", "\u0665\u0660|PRODUCT_ID_NOT_DIGITS",
        "0|PRODUCT_ID_OUT_OF_RANGE", "9223372036854775808|PRODUCT_ID_OUT_OF_RANGE",
        "18446744073709551616|PRODUCT_ID_OUT_OF_RANGE", "99999999999999999999999|PRODUCT_ID_OUT_OF_RANGE"})
    void productId(String product, MalformedReason expected) {
        assertThat(malformed(line("2026-11-20T13:05:07Z", product, "1234", "2"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+1234|CATEGORY_ID_NOT_DIGITS", "-1234|CATEGORY_ID_NOT_DIGITS", "01234|CATEGORY_ID_NOT_DIGITS",
        "'1234 '|CATEGORY_ID_NOT_DIGITS", "12.5|CATEGORY_ID_NOT_DIGITS", "abc|CATEGORY_ID_NOT_DIGITS",
        "0|CATEGORY_ID_OUT_OF_RANGE", "2147483648|CATEGORY_ID_OUT_OF_RANGE", "9223372036854775807|CATEGORY_ID_OUT_OF_RANGE"})
    void categoryId(String category, MalformedReason expected) {
        assertThat(malformed(line("2026-11-20T13:05:07Z", "50", category, "2"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+2|QUANTITY_NOT_DIGITS", "-2|QUANTITY_NOT_DIGITS", "02|QUANTITY_NOT_DIGITS", "2.0|QUANTITY_NOT_DIGITS",
        "two|QUANTITY_NOT_DIGITS", "0|QUANTITY_OUT_OF_RANGE", "2147483648|QUANTITY_OUT_OF_RANGE"})
    void quantity(String qty, MalformedReason expected) {
        assertThat(malformed(line("2026-11-20T13:05:07Z", "50", "1234", qty))).isEqualTo(expected);
    }

    @Test
    void everyMalformedReasonHasACaseAbove() {
        // guards the "one case per kind" rule when a reason is added
        assertThat(MalformedReason.values()).hasSize(11);
    }

    @Test
    void epochDayMatchesJavaTime() {
        for (long day = -800_000; day <= 800_000; day += 997) {
            java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
            assertThat(SaleLineParser.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .as(date.toString()).isEqualTo(day);
        }
    }
}
