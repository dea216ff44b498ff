package com.salesrank.ranker.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the job's input roots into the input paths worth reading for one window.
 *
 * <p>The sales API writes its logs under {@code ROOT/yyyy/MM/dd/HH/}. Reading such a root whole would
 * make the job list (and on S3 page through) every file of its history, only to drop all but a week
 * of it in the mapper. For a root in that layout this class returns just the hour folders that can
 * hold sales of {@code [start, end)}: the window widened by {@link #SLACK} on each side, because a line
 * may land in the folder of the hour before or after its timestamp. It lists the root once and each
 * day folder of the widened window once, never a whole bucket.
 *
 * <p>Any other root (a plain directory, a file, a glob) is passed through unchanged, and the mapper's
 * window filter does the rest.
 */
public final class HourFolderInputs {

    /** How far a line's hour folder may be from its timestamp's hour. */
    public static final Duration SLACK = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(HourFolderInputs.class);
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern HOUR = Pattern.compile("([01]\\d|2[0-3])");
    private static final Pattern GLOB = Pattern.compile("[*?\\[\\]{}\\\\]");

    private final Configuration conf;

    public HourFolderInputs(Configuration conf) {
        this.conf = conf;
    }

    /**
     * The input paths for a window {@code [start, end)}.
     *
     * @throws FileNotFoundException if a root does not exist, or if nothing at all is left to read
     *     (every root is in the hour layout and none has an hour folder for the window): publishing an
     *     empty ranking would wrongly replace the live one
     */
    public List<Path> forWindow(List<Path> roots, Instant start, Instant end) throws IOException {
        return folders(roots, start, end).stream().map(InputFolder::path).toList();
    }

    /**
     * Like {@link #forWindow}, with the hour of each hour folder (null for a root passed through), so
     * incremental runs can tell which folders a window reads.
     */
    public List<InputFolder> folders(List<Path> roots, Instant start, Instant end) throws IOException {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window [" + start + ", " + end + ")");
        }
        List<InputFolder> inputs = new ArrayList<>();
        for (Path root : roots) {
            inputs.addAll(forRoot(root, start, end));
        }
        if (inputs.isEmpty()) {
            throw new FileNotFoundException("no hour folder under " + roots + " can hold sales of ["
                    + start + ", " + end + ") (looked for yyyy/MM/dd/HH/ folders with "
                    + SLACK.toHours() + " h of slack on each side)");
        }
        return inputs;
    }

    /** Whether the full job reads the hour folder of {@code hour} for the window {@code [start, end)}. */
    public static boolean readsHourFolder(Instant hour, Instant start, Instant end) {
        return !hour.isBefore(start.minus(SLACK).truncatedTo(ChronoUnit.HOURS)) && hour.isBefore(end.plus(SLACK));
    }

    private List<InputFolder> forRoot(Path root, Instant start, Instant end) throws IOException {
        if (GLOB.matcher(root.toString()).find()) {
            return List.of(new InputFolder(root, null));
        }
        FileSystem fs = root.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(root);
        if (!status.isDirectory() || !isHourLayout(fs.listStatus(root))) {
            return List.of(new InputFolder(root, null));
        }
        Instant from = start.minus(SLACK).truncatedTo(ChronoUnit.HOURS);
        Instant until = end.plus(SLACK);
        List<InputFolder> hours = new ArrayList<>();
        int days = 0;
        for (LocalDate day = utcDate(from); day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(until);
                day = day.plusDays(1)) {
            days++;
            Path dayFolder = new Path(root, String.format("%04d/%02d/%02d",
                    day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
            FileStatus[] children;
            try {
                children = fs.listStatus(dayFolder);
            } catch (FileNotFoundException noSalesThatDay) {
                continue;
            }
            for (FileStatus child : children) {
                String name = child.getPath().getName();
                if (child.isDirectory() && HOUR.matcher(name).matches()) {
                    Instant hour = day.atStartOfDay(ZoneOffset.UTC).plusHours(Integer.parseInt(name)).toInstant();
                    if (readsHourFolder(hour, start, end)) {
                        hours.add(new InputFolder(child.getPath(), hour));
                    }
                }
            }
        }
        hours.sort(java.util.Comparator.comparing(InputFolder::path));
        LOG.info("input {}: yyyy/MM/dd/HH layout, {} hour folders in [{}, {}) found by listing {} day folders",
                root, hours.size(), from, until, days);
        return hours;
    }

    /** A root in the layout holds year folders and no data files of its own. */
    private static boolean isHourLayout(FileStatus[] children) {
        boolean sawYear = false;
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (!child.isDirectory() || !YEAR.matcher(name).matches()) {
                return false;
            }
            sawYear = true;
        }
        return sawYear;
    }

    private static LocalDate utcDate(Instant instant) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC).toLocalDate();
    }

    /**
     * One input path of a window.
     *
     * @param hour the start of the hour an hour folder holds; null for a root that is not in the layout
     */
    public record InputFolder(Path path, Instant hour) {
    }
}
