package com.salesrank.ranker.parse;

import java.nio.charset.StandardCharsets;

/**
 * Parses one tab-separated sales log line:
 * {@code timestamp product_id category_id qty total_price seller_id buyer_id}.
 *
 * <p>This is the mapper's hot path, so it works on the raw UTF-8 bytes of the line
 * by index scanning: no regex, no {@code String.split}, no exceptions, and no
 * allocation except for a valid sale. An instance keeps scratch state and is not
 * thread-safe: give each mapper its own.
 */
public final class SaleLineParser {

    static final int FIELD_COUNT = 7;
    private static final byte[] HEADER_FIRST_FIELD = "timestamp".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MAX_DIGITS = Long.toString(Long.MAX_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final long NOT_DIGITS = -1;
    private static final long OUT_OF_RANGE = -2;
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    /** fieldStart[i] .. fieldEnd[i] (exclusive) of field i, filled by {@link #splitFields}. */
    private final int[] fieldStart = new int[FIELD_COUNT];
    private final int[] fieldEnd = new int[FIELD_COUNT];

    /** The last valid line's fields (see {@link #scan}). */
    private long epochSecond;
    private int nano;
    private long productId;
    private int categoryId;
    private int quantity;

    public long epochSecond() {
        return epochSecond;
    }

    public int nano() {
        return nano;
    }

    public long productId() {
        return productId;
    }

    public int categoryId() {
        return categoryId;
    }

    public int quantity() {
        return quantity;
    }

    public ParseResult parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, bytes.length);
    }

    /** Parses {@code line[0, length)}, e.g. the backing array of a Hadoop {@code Text}. */
    public ParseResult parse(byte[] line, int length) {
        ParseResult result = scan(line, length);
        return result != ParseResult.SCANNED_VALID ? result
                : ParseResult.valid(new SaleRecord(epochSecond, nano, productId, categoryId, quantity));
    }

    /**
     * The allocation-free form of {@link #parse(byte[], int)} for the mapper: a valid
     * line returns {@link ParseResult#isValid() a valid result} without a sale, and
     * its fields are read from this parser ({@link #epochSecond()} ...) until the next call.
     */
    public ParseResult scan(byte[] line, int length) {
        return scan(line, 0, length);
    }

    /** As {@link #scan(byte[], int)}, for the line {@code buffer[offset, offset + length)}, e.g. inside a block of lines. */
    public ParseResult scan(byte[] line, int offset, int length) {
        int end = offset + length;
        if (end > offset && line[end - 1] == '\r') {
            end--;
        }
        if (end == offset) {
            return ParseResult.EMPTY;
        }
        if (!splitFields(line, offset, end)) {
            return isHeader(line, offset, end) ? ParseResult.HEADER : ParseResult.malformed(MalformedReason.WRONG_FIELD_COUNT);
        }
        if (isHeader(line, offset, end)) {
            return ParseResult.HEADER;
        }
        for (int i = 0; i < FIELD_COUNT; i++) {
            if (fieldStart[i] == fieldEnd[i]) {
                return ParseResult.malformed(MalformedReason.EMPTY_FIELD);
            }
        }
        MalformedReason timestampProblem = parseTimestamp(line, fieldStart[0], fieldEnd[0]);
        if (timestampProblem != null) {
            return ParseResult.malformed(timestampProblem);
        }
        long productId = parseUnsigned(line, fieldStart[1], fieldEnd[1], Long.MAX_VALUE);
        if (productId < 0) {
            return ParseResult.malformed(productId == NOT_DIGITS
                    ? MalformedReason.PRODUCT_ID_NOT_DIGITS : MalformedReason.PRODUCT_ID_OUT_OF_RANGE);
        }
        long categoryId = parseUnsigned(line, fieldStart[2], fieldEnd[2], Integer.MAX_VALUE);
        if (categoryId < 0) {
            return ParseResult.malformed(categoryId == NOT_DIGITS
                    ? MalformedReason.CATEGORY_ID_NOT_DIGITS : MalformedReason.CATEGORY_ID_OUT_OF_RANGE);
        }
        long quantity = parseUnsigned(line, fieldStart[3], fieldEnd[3], Integer.MAX_VALUE);
        if (quantity < 0) {
            return ParseResult.malformed(quantity == NOT_DIGITS
                    ? MalformedReason.QUANTITY_NOT_DIGITS : MalformedReason.QUANTITY_OUT_OF_RANGE);
        }
        this.productId = productId;
        this.categoryId = (int) categoryId;
        this.quantity = (int) quantity;
        return ParseResult.SCANNED_VALID;
    }

    /** Records the field boundaries; false unless there are exactly {@link #FIELD_COUNT} fields. */
    private boolean splitFields(byte[] line, int offset, int end) {
        int field = 0;
        fieldStart[0] = offset;
        for (int i = offset; i < end; i++) {
            if (line[i] == '\t') {
                if (field == FIELD_COUNT - 1) {
                    return false;
                }
                fieldEnd[field] = i;
                field++;
                fieldStart[field] = i + 1;
            }
        }
        if (field != FIELD_COUNT - 1) {
            return false;
        }
        fieldEnd[field] = end;
        return true;
    }

    private static boolean isHeader(byte[] line, int offset, int end) {
        int n = HEADER_FIRST_FIELD.length;
        if (end - offset < n || (end - offset > n && line[offset + n] != '\t')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line[offset + i] != HEADER_FIRST_FIELD[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Canonical unsigned decimal in 1..max: digits only, no sign, no leading zero.
     * Returns the value, {@link #NOT_DIGITS} or {@link #OUT_OF_RANGE}.
     */
    static long parseUnsigned(byte[] b, int start, int end, long max) {
        int length = end - start;
        for (int i = start; i < end; i++) {
            if (!isDigit(b[i])) {
                return NOT_DIGITS;
            }
        }
        if (b[start] == '0') {
            return length == 1 ? OUT_OF_RANGE : NOT_DIGITS; // zero, or zero-padded
        }
        if (length > LONG_MAX_DIGITS.length) {
            return OUT_OF_RANGE;
        }
        if (length == LONG_MAX_DIGITS.length) {
            for (int i = 0; i < length; i++) { // compare with 2^63-1 digit by digit: no overflow possible
                int diff = b[start + i] - LONG_MAX_DIGITS[i];
                if (diff != 0) {
                    if (diff > 0) {
                        return OUT_OF_RANGE;
                    }
                    break;
                }
            }
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value > max ? OUT_OF_RANGE : value;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±hh:mm)}; on success fills
     * {@link #epochSecond} and {@link #nano} and returns null.
     */
    private MalformedReason parseTimestamp(byte[] b, int s, int e) {
        if (e - s < 19 || !digits(b, s, 4) || b[s + 4] != '-' || !digits(b, s + 5, 2) || b[s + 7] != '-'
                || !digits(b, s + 8, 2) || b[s + 10] != 'T' || !digits(b, s + 11, 2) || b[s + 13] != ':'
                || !digits(b, s + 14, 2) || b[s + 16] != ':' || !digits(b, s + 17, 2)) {
            return MalformedReason.TIMESTAMP_SYNTAX;
        }
        int year = number(b, s, 4);
        int month = number(b, s + 5, 2);
        int day = number(b, s + 8, 2);
        int hour = number(b, s + 11, 2);
        int minute = number(b, s + 14, 2);
        int second = number(b, s + 17, 2);

        int i = s + 19;
        int fraction = 0;
        if (i < e && b[i] == '.') {
            i++;
            int fractionStart = i;
            while (i < e && isDigit(b[i])) {
                i++;
            }
            int fractionDigits = i - fractionStart;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return MalformedReason.TIMESTAMP_SYNTAX;
            }
            fraction = number(b, fractionStart, fractionDigits);
            for (int d = fractionDigits; d < 9; d++) {
                fraction *= 10;
            }
        }

        int offsetSeconds;
        if (i == e) {
            return MalformedReason.TIMESTAMP_WITHOUT_ZONE;
        } else if (b[i] == 'Z' && i + 1 == e) {
            offsetSeconds = 0;
        } else if ((b[i] == '+' || b[i] == '-') && e - i == 6 && digits(b, i + 1, 2) && b[i + 3] == ':'
                && digits(b, i + 4, 2)) {
            int offsetHours = number(b, i + 1, 2);
            int offsetMinutes = number(b, i + 4, 2);
            if (offsetMinutes > 59) {
                return MalformedReason.TIMESTAMP_OUT_OF_RANGE;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (offsetSeconds > MAX_OFFSET_SECONDS) {
                return MalformedReason.TIMESTAMP_OUT_OF_RANGE;
            }
            if (b[i] == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            return MalformedReason.TIMESTAMP_SYNTAX;
        }

        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return MalformedReason.TIMESTAMP_OUT_OF_RANGE;
        }
        epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        nano = fraction;
        return null;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Value of {@code count} (at most 9) digits already checked by {@link #digits}. */
    private static int number(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
