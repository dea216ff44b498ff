package com.salesrank.ranker.output;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a finished ranking into {@code --output}, replacing the previous one, so that a crash at any
 * point leaves {@code --output} holding the old ranking or the new one, or leaves enough behind for the
 * next run to put the old one back ({@link #recover}). The part files and {@code _SUCCESS} still sit
 * directly in {@code --output}.
 *
 * <p>The steps, each one rename or delete:
 * <ol>
 * <li>rename the old output to its backup, {@code _<name>.previous} next to it;</li>
 * <li>rename the new ranking to {@code --output};</li>
 * <li>write {@value #REPLACED} into the backup: from here on the new output is known to be whole;</li>
 * <li>delete the backup.</li>
 * </ol>
 * A run that finds a backup ({@link #recover}, at its start) knows the previous run died between 1 and
 * 4: with the marker it deletes the backup (the new ranking is in place), without it it deletes whatever
 * is in {@code --output} (nothing, or a new ranking that may be partial on S3) and renames the backup
 * back. The leading underscore keeps Hadoop's input listing away from the backup.
 *
 * <p>On HDFS and the local file system a rename is atomic, so this holds at every instant. On S3 a
 * "rename" is a copy of every object followed by deletes, neither atomic nor ordered: a crash in the
 * middle of step 1 or 2 can leave both directories partial, and then no ranking is whole until the next
 * run for that output writes a new one; a crash anywhere else is recovered as above. Readers on S3 must
 * not take a directory without {@code _SUCCESS} as a ranking.
 */
public final class OutputReplacer {

    /** Written into the backup once the new output is completely in place. */
    public static final String REPLACED = "_REPLACED";

    private final FileSystem fs;
    private final Path output;
    private final Path backup;

    public OutputReplacer(FileSystem fs, Path output) throws IOException {
        if (output.getParent() == null) {
            throw new IOException("output " + output + " has no parent directory to keep its backup in");
        }
        this.fs = fs;
        this.output = output;
        this.backup = backupOf(output);
    }

    public static Path backupOf(Path output) {
        return new Path(output.getParent(), "_" + output.getName() + ".previous");
    }

    /**
     * Finishes or undoes a replacement that a crashed run left half done.
     *
     * @return what it did, for the run's log, or null if there was nothing to do
     */
    public String recover() throws IOException {
        if (!fs.exists(backup)) {
            return null;
        }
        if (fs.exists(new Path(backup, REPLACED))) {
            delete(backup);
            return "a previous run replaced " + output + " but died before removing the old ranking " + backup
                    + "; removed it";
        }
        if (fs.exists(output)) {
            delete(output); // moved in by a run that died before marking it whole: may be partial on S3
        }
        rename(backup, output);
        return "a previous run died while replacing " + output + "; put the previous ranking back from " + backup;
    }

    /** Replaces {@code --output} (if it exists) with {@code ranking}. */
    public void replaceWith(Path ranking) throws IOException {
        recover(); // never overwrite a backup: it may be the only whole ranking left
        boolean hadOutput = fs.exists(output);
        if (hadOutput) {
            rename(output, backup);
        }
        rename(ranking, output);
        if (hadOutput) {
            fs.create(new Path(backup, REPLACED), true).close();
            delete(backup);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private void delete(Path path) throws IOException {
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("could not remove " + path);
        }
    }
}
