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
