package com.salesrank.ranker.catalog;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks one line of a catalog file, {@code id<TAB>text}, as bytes: the id a whole number from 1 to
 * the id column's largest value, written in ASCII digits only; the text present, not blank, valid
 * UTF-8 and at most the column's length in characters; the id not seen on an earlier good line. A
 * line that passes is what the server loads, byte for byte.
 */
final class CatalogLineChecker {

    private final CatalogTable table;
    private final int textLimit;
    private final LongIdSet seen = new LongIdSet();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer decoded = CharBuffer.allocate(1024);

    /** {@code textLimit}: the text column's length in characters (VARCHAR(n) counts characters). */
    CatalogLineChecker(CatalogTable table, int textLimit) {
        this.table = table;
        this.textLimit = textLimit;
    }

    /** @return null when the line is good, else why it is bad */
    String check(byte[] line, int start, int end) {
        if (start == end) {
            return "empty line, expected " + table.idColumn + "<TAB>" + table.textColumn;
        }
        int tab = indexOf(line, start, end, (byte) '\t');
        int idEnd = tab < 0 ? end : tab;
        long id = parseId(line, start, idEnd);
        if (id < 0) {
            return "bad " + table.idColumn + " '" + printable(line, start, idEnd) + "': not a whole number from 1 to "
                    + table.maxId;
        }
        if (tab < 0) {
            return "missing " + table.textColumn + ": no tab after the " + table.idColumn;
        }
        int textStart = tab + 1;
        if (indexOf(line, textStart, end, (byte) '\t') >= 0) {
            return "more than two tab-separated fields (a " + table.textColumn + " cannot hold a tab)";
        }
        String textProblem = checkText(line, textStart, end);
        if (textProblem != null) {
            return textProblem;
        }
        if (!seen.add(id)) {
            return "duplicate " + table.idColumn + " " + id + " (an earlier line has it; the first one is kept)";
        }
        return null;
    }

    private String checkText(byte[] line, int start, int end) {
        boolean ascii = true;
        boolean blank = true;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b < 0) {
                ascii = false;
                blank = false;
            } else if (b != ' ') {
                blank = false;
            }
        }
        if (blank) {
            return "empty " + table.textColumn;
        }
        int length = end - start; // characters, when every byte is ASCII
        if (!ascii) {
            CharBuffer chars = decode(line, start, end);
            if (chars == null) {
                return "invalid UTF-8 in the " + table.textColumn;
            }
            length = Character.codePointCount(chars, 0, chars.length());
        }
        if (length > textLimit) {
            return table.textColumn + " of " + length + " characters, over the column's limit of " + textLimit;
        }
        return null;
    }

    /** The text as UTF-16, or null when it is not valid UTF-8. */
    private CharBuffer decode(byte[] line, int start, int end) {
        if (decoded.capacity() < end - start) {
            decoded = CharBuffer.allocate(end - start); // UTF-8 never takes fewer bytes than UTF-16 chars
        }
        decoded.clear();
        utf8.reset();
        ByteBuffer in = ByteBuffer.wrap(line, start, end - start);
        if (utf8.decode(in, decoded, true).isError() || utf8.flush(decoded).isError()) {
            return null;
        }
        decoded.flip();
        return decoded;
    }

    /** @return the id, or -1 when it is not 1..maxId in ASCII digits (no sign, no spaces) */
    private long parseId(byte[] line, int start, int end) {
        if (start == end || end - start > 19) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            if (value > (table.maxId - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value == 0 ? -1 : value;
    }

    private static int indexOf(byte[] line, int start, int end, byte wanted) {
        for (int i = start; i < end; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The id as it was written, for the message: printable ASCII kept, anything else as '?', cut at 40. */
    private static String printable(byte[] line, int start, int end) {
        StringBuilder text = new StringBuilder();
        for (int i = start; i < end && text.length() < 40; i++) {
            byte b = line[i];
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return end - start > 40 ? text + "..." : text.toString();
    }
}
