package com.salesrank.ranker.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where each category's rows start in the state's totals, so a head refresh reads the first rows of every
 * category and never the whole week. Text: {@code category_id TAB part TAB byte_offset TAB rows} per line.
 */
public final class TotalsIndex {

    /** @param part the position of the part file in {@link StateManifest#totals()} */
    public record Entry(int part, long offset, long rows) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();

    public void put(int categoryId, Entry entry) {
        entries.put(categoryId, entry);
    }

    public Map<Integer, Entry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    public String format() {
        StringBuilder s = new StringBuilder();
        entries.forEach((category, e) -> s.append(category).append('\t').append(e.part()).append('\t')
                .append(e.offset()).append('\t').append(e.rows()).append('\n'));
        return s.toString();
    }

    /** Writes this index as {@code totalsDir/index}; returns its manifest entry (length, categories, CRC-32). */
    public TotalsPart writeTo(StateStore store, org.apache.hadoop.fs.Path totalsDir) throws java.io.IOException {
        byte[] bytes = format().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(totalsDir, "index");
        try (java.io.OutputStream out = store.fileSystem().create(path, true)) {
            out.write(bytes);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return new TotalsPart(store.relativize(path), bytes.length, entries.size(), crc.getValue());
    }

    public static TotalsIndex parse(String text, String name) throws StateException {
        TotalsIndex index = new TotalsIndex();
        try {
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t");
                index.put(Integer.parseInt(f[0]), new Entry(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new StateException("state totals index " + name + " does not parse: " + e.getMessage(), e);
        }
        return index;
    }
}
