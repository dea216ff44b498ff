package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a ranking output is, written by the job next to its part files as {@value #FILE} (a Java
 * properties file), so that {@code scripts/publish.sh} can publish the output later without recomputing
 * it and with the same checks: the window, the rows the job counted (the publisher checks the part files
 * against it), the lines read and malformed for the history row, and which ranking it is. The leading
 * underscore keeps Hadoop's input listing (and the publisher's {@code part-*} glob) away from it.
 */
public record RankingMetadata(Ranking ranking, Instant windowStart, Instant windowEnd, long rows, long linesRead,
        long malformed, long jobWallMs) {

    public static final String FILE = "_RANKING";
    static final int FORMAT = 1;

    public RunFacts facts() {
        return new RunFacts(windowStart, windowEnd, rows, linesRead, malformed, jobWallMs);
    }

    /** Writes {@value #FILE} into {@code dir}, replacing one that is there. */
    public void write(FileSystem fs, Path dir) throws IOException {
        String text = "# written by the salesrank job; read by scripts/publish.sh\n"
                + "format=" + FORMAT + "\n"
                + "ranking=" + ranking.label() + "\n"
                + "window.start=" + windowStart + "\n"
                + "window.end=" + windowEnd + "\n"
                + "rows=" + rows + "\n"
                + "lines.read=" + linesRead + "\n"
                + "malformed=" + malformed + "\n"
                + "job.wall.ms=" + jobWallMs + "\n";
        try (OutputStream out = fs.create(new Path(dir, FILE), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads {@value #FILE} from {@code dir}; a missing file or field is an IOException saying which. */
    public static RankingMetadata read(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, FILE);
        if (!fs.exists(file)) {
            throw new java.io.FileNotFoundException("no " + FILE + " in " + dir + ": not a ranking written by this job"
                    + " (or written before it recorded its metadata)");
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(file)) {
            p.load(new StringReader(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)));
        }
        try {
            int format = Integer.parseInt(required(p, "format", file));
            if (format != FORMAT) {
                throw new IOException(file + " has format " + format + "; this version reads format " + FORMAT);
            }
            String label = required(p, "ranking", file);
            Ranking ranking;
            try {
                ranking = Ranking.ofLabel(label.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": ranking must be full or head, not " + label);
            }
            return new RankingMetadata(ranking, Instant.parse(required(p, "window.start", file)),
                    Instant.parse(required(p, "window.end", file)), Long.parseLong(required(p, "rows", file)),
                    Long.parseLong(required(p, "lines.read", file)), Long.parseLong(required(p, "malformed", file)),
                    Long.parseLong(required(p, "job.wall.ms", file)));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key, Path file) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException(file + " lacks " + key);
        }
        return value.trim();
    }
}
