package com.salesrank.ranker.state;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What a committed state holds: the window its totals are for, the job settings it was made with, its
 * totals, and one slice per raw log read. Written as tab-separated text, one fact per line, closed by
 * the CRC-32 of all lines before it, so a torn or edited manifest is detected rather than trusted.
 *
 * @param generation  increases by one per committed incremental run
 * @param inputRoots  the job's {@code --input} roots, fully qualified, in the order given
 * @param totalsIndex the per-category offsets into {@link #totals} (see {@link TotalsIndex})
 */
public record StateManifest(long generation, int windowHours, List<String> inputRoots, Instant windowEnd,
        List<TotalsPart> totals, TotalsPart totalsIndex, List<SliceEntry> slices) {

    /** Bumped whenever the layout or a file format of the state changes: an older state is then rebuilt. */
    public static final int FORMAT_VERSION = 1;
    static final String MAGIC = "salesrank-state";

    public StateManifest {
        inputRoots = List.copyOf(inputRoots);
        totals = List.copyOf(totals);
        slices = List.copyOf(slices);
    }

    public Instant windowStart() {
        return windowEnd.minusSeconds(3600L * windowHours);
    }

    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(MAGIC).append('\t').append(FORMAT_VERSION).append('\n');
        s.append("generation\t").append(generation).append('\n');
        s.append("window-hours\t").append(windowHours).append('\n');
        s.append("window-end\t").append(windowEnd).append('\n');
        for (String root : inputRoots) {
            s.append("input-root\t").append(encode(root)).append('\n');
        }
        for (TotalsPart part : totals) {
            s.append("totals\t").append(part(part)).append('\n');
        }
        s.append("totals-index\t").append(part(totalsIndex)).append('\n');
        for (SliceEntry e : slices) {
            InputFileId source = e.source();
            s.append("slice\t").append(encode(e.file())).append('\t').append(e.folderHour()).append('\t')
                    .append(e.firstMinute()).append('\t').append(e.lastMinute()).append('\t').append(e.records())
                    .append('\t').append(e.crc()).append('\t').append(encode(source.path())).append('\t')
                    .append(source.length()).append('\t').append(source.modificationTime()).append('\t')
                    .append(encode(source.etag())).append('\n');
        }
        String crc = crc(s); // before the line that carries it
        s.append("crc32\t").append(crc).append('\n');
        return s.toString();
    }

    /**
     * Parses a manifest written by {@link #format}.
     *
     * @throws StateException naming the problem in one line: another format version, a checksum mismatch
     *     (torn or edited), or a line that does not parse
     */
    public static StateManifest parse(String text, String name) throws StateException {
        int crcLine = text.lastIndexOf("crc32\t");
        if (!text.startsWith(MAGIC + "\t")) {
            throw new StateException("state manifest " + name + " is not a salesrank state manifest");
        }
        int firstNewline = text.indexOf('\n');
        String version = text.substring(MAGIC.length() + 1, firstNewline < 0 ? text.length() : firstNewline);
        if (!version.equals(Integer.toString(FORMAT_VERSION))) {
            throw new StateException("state manifest " + name + " has format version " + version + ", this job reads "
                    + FORMAT_VERSION);
        }
        if (crcLine < 0 || !text.endsWith("\n")) {
            throw new StateException("state manifest " + name + " is truncated (no closing checksum)");
        }
        String body = text.substring(0, crcLine);
        String expected = text.substring(crcLine + "crc32\t".length(), text.length() - 1);
        if (!expected.equals(crc(body))) {
            throw new StateException("state manifest " + name + " fails its checksum (torn write or edited by hand)");
        }
        long generation = -1;
        int hours = -1;
        Instant end = null;
        List<String> roots = new ArrayList<>();
        List<TotalsPart> totals = new ArrayList<>();
        TotalsPart index = null;
        List<SliceEntry> slices = new ArrayList<>();
        try {
            for (String line : body.substring(firstNewline + 1).split("\n")) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "generation" -> generation = Long.parseLong(f[1]);
                    case "window-hours" -> hours = Integer.parseInt(f[1]);
                    case "window-end" -> end = Instant.parse(f[1]);
                    case "input-root" -> roots.add(decode(f[1]));
                    case "totals" -> totals.add(part(f));
                    case "totals-index" -> index = part(f);
                    case "slice" -> slices.add(new SliceEntry(decode(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                            new InputFileId(decode(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), decode(f[10]))));
                    default -> throw new StateException("state manifest " + name + " has an unknown line: " + f[0]);
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new StateException("state manifest " + name + " has a line that does not parse: " + e.getMessage(), e);
        }
        if (generation < 0 || hours < 1 || end == null || index == null) {
            throw new StateException("state manifest " + name + " lacks its generation, window or totals index");
        }
        return new StateManifest(generation, hours, roots, end, totals, index, slices);
    }

    private static String part(TotalsPart p) {
        return encode(p.file()) + "\t" + p.bytes() + "\t" + p.rows() + "\t" + p.crc();
    }

    private static TotalsPart part(String[] f) {
        return new TotalsPart(decode(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
    }

    private static String crc(CharSequence text) {
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
