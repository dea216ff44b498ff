package com.salesrank.ranker.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CheckedCatalogLinesTest {

    /** What the server would be sent, and the bad lines. */
    record Checked(String sent, BadLines bad, long lines) {
    }

    private static Checked check(CatalogTable table, int textLimit, byte[] file) throws IOException {
        BadLines bad = new BadLines(100);
        try (CheckedCatalogLines lines = new CheckedCatalogLines(new ByteArrayInputStream(file),
                new CatalogLineChecker(table, textLimit), bad)) {
            return new Checked(new String(readInOddSizes(lines), StandardCharsets.UTF_8), bad, lines.lines());
        }
    }

    private static byte[] readInOddSizes(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void goodLinesPassAsTheyAreWithCrTakenOffAndTheLastLineEnded() throws IOException {
        Checked checked = check(CatalogTable.PRODUCTS, 512, utf8("1\tKettle\r\n2\tMug \\ \"x\"\n3\tLast"));

        assertThat(checked.sent()).isEqualTo("1\tKettle\n2\tMug \\ \"x\"\n3\tLast\n");
        assertThat(checked.bad().count()).isZero();
        assertThat(checked.lines()).isEqualTo(3);
    }

    @Test
    void idsAreWholeNumbersFromOneToTheColumnsLargest() throws IOException {
        Checked checked = check(CatalogTable.CATEGORIES, 255,
                utf8("2147483647\tmax\n2147483648\tover\n0\tzero\n+5\tsigned\n 6\tspace\n\tnone\n7\tok\n"));

        assertThat(checked.sent()).isEqualTo("2147483647\tmax\n7\tok\n");
        assertThat(checked.bad().reported()).containsExactly(
                "line 2: bad category_id '2147483648': not a whole number from 1 to 2147483647",
                "line 3: bad category_id '0': not a whole number from 1 to 2147483647",
                "line 4: bad category_id '+5': not a whole number from 1 to 2147483647",
                "line 5: bad category_id ' 6': not a whole number from 1 to 2147483647",
                "line 6: bad category_id '': not a whole number from 1 to 2147483647");
        assertThat(check(CatalogTable.PRODUCTS, 512, utf8("9223372036854775807\tmax\n9223372036854775808\tover\n"))
                .bad().reported()).containsExactly(
                        "line 2: bad product_id '9223372036854775808': not a whole number from 1 to 9223372036854775807");
    }

    @Test
    void theLimitCountsCharactersAsVarcharDoes() throws IOException {
        String emoji = "\uD83D\uDE00"; // one character, four bytes in UTF-8
        Checked checked = check(CatalogTable.CATEGORIES, 5,
                utf8("1\t" + emoji.repeat(5) + "\n2\t" + emoji.repeat(6) + "\n3\tabcde\n4\tabcdef\n"));

        assertThat(checked.sent()).isEqualTo("1\t" + emoji.repeat(5) + "\n3\tabcde\n");
        assertThat(checked.bad().reported()).containsExactly(
                "line 2: name of 6 characters, over the column's limit of 5",
                "line 4: name of 6 characters, over the column's limit of 5");
    }

    @Test
    void invalidUtf8MissingOrEmptyNamesTabsAndDuplicatesAreBad() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(utf8("1\tok\n"));
        file.write(new byte[] {'2', '\t', (byte) 0xC0, (byte) 0xAF, '\n'});               // overlong '/'
        file.write(new byte[] {'3', '\t', 'a', (byte) 0x80, '\n'});                       // lone continuation
        file.write(new byte[] {'4', '\t', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});  // a surrogate
        file.write(utf8("5\n6\t\n7\t   \n8\ta\tb\n\n1\tagain\n9\tfine\n"));

        Checked checked = check(CatalogTable.CATEGORIES, 255, file.toByteArray());

        assertThat(checked.sent()).isEqualTo("1\tok\n9\tfine\n");
        assertThat(checked.bad().reported()).containsExactly(
                "line 2: invalid UTF-8 in the name",
                "line 3: invalid UTF-8 in the name",
                "line 4: invalid UTF-8 in the name",
                "line 5: missing name: no tab after the category_id",
                "line 6: empty name",
                "line 7: empty name",
                "line 8: more than two tab-separated fields (a name cannot hold a tab)",
                "line 9: empty line, expected category_id<TAB>name",
                "line 10: duplicate category_id 1 (an earlier line has it; the first one is kept)");
        assertThat(checked.lines()).isEqualTo(11);
    }

    @Test
    void aLineOverTheBufferIsBadAndTheNextOneStillCounts() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(utf8("1\tfirst\n2\t"));
        file.write(utf8("x".repeat(CheckedCatalogLines.MAX_LINE_BYTES + 10)));
        file.write(utf8("\n3\tthird\n"));

        Checked checked = check(CatalogTable.PRODUCTS, 512, file.toByteArray());

        assertThat(checked.sent()).isEqualTo("1\tfirst\n3\tthird\n");
        assertThat(checked.bad().reported()).containsExactly("line 2: line longer than 1048576 bytes");
        assertThat(checked.lines()).isEqualTo(3);
    }

    @Test
    void badLinesAreAllCountedButOnlyTheFirstFewKept() {
        BadLines bad = new BadLines(2);
        for (int line = 1; line <= 5; line++) {
            bad.add(line, "reason " + line);
        }
        assertThat(bad.count()).isEqualTo(5);
        assertThat(bad.reported()).containsExactly("line 1: reason 1", "line 2: reason 2");
        assertThat(bad.unreported()).isEqualTo(3);
    }

    @Test
    void theIdSetFindsDuplicatesAcrossItsGrowth() {
        LongIdSet ids = new LongIdSet();
        for (long id = 1; id <= 200_000; id++) {
            assertThat(ids.add(id * 7_919)).isTrue();
        }
        assertThat(ids.add(7_919)).isFalse();
        assertThat(ids.add(200_000L * 7_919)).isFalse();
        assertThat(ids.add(Long.MAX_VALUE)).isTrue();
        assertThat(ids.add(Long.MAX_VALUE)).isFalse();
        assertThat(ids.size()).isEqualTo(200_001);
    }
}
