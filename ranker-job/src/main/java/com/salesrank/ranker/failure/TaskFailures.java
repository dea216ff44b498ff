package com.salesrank.ranker.failure;

import com.salesrank.ranker.RankerConfigKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Why a job failed, in one line that names the input file. A truncated {@code .gz} (or a file named
 * {@code .gz} that is not gzip) fails inside the record reader, and the driver then only sees the job's
 * failure info, "NA": the cause and the file sit in a task's stack trace. So the mappers that read raw
 * logs catch what their task throws, rethrow it with the file's name, and leave that one line in a small
 * file under {@value RankerConfigKeys#TASK_FAILURES_DIR}, where the driver reads it back: local mode has no task diagnostics
 * ({@code LocalJobRunner.getTaskDiagnostics} returns nothing), a cluster has them and they are the
 * fallback.
 */
public final class TaskFailures {

    private static final int MAX_CHARS = 2000;

    private TaskFailures() {
    }

    /** Sets where {@code job}'s tasks leave their failure lines. */
    public static void configure(Job job, Path dir) {
        job.getConfiguration().set(RankerConfigKeys.TASK_FAILURES_DIR, dir.toString());
    }

    /**
     * {@code context.nextKeyValue()}, with a failure of the record reader (a truncated or non-gzip
     * {@code .gz}, an unreadable file) rethrown by {@link #reading} with the file's name.
     */
    public static boolean next(MapContext<?, ?, ?, ?> context) throws IOException, InterruptedException {
        return next(context, null);
    }

    /**
     * As {@link #next(MapContext)}, for a mapper that knows its one file (its split may be no
     * {@link FileSplit}, and only a combined reader announces the file it opens).
     */
    public static boolean next(MapContext<?, ?, ?, ?> context, Path file) throws IOException, InterruptedException {
        try {
            return context.nextKeyValue();
        } catch (IOException | RuntimeException e) {
            throw file == null ? reading(context, context.getInputSplit(), e) : reading(context, file, e);
        }
    }

    /**
     * The exception to throw in place of {@code e}, which a task got while reading {@code split}: its message
     * names the file being read (for a combined split, the one the reader had open) and the cause. Also
     * leaves that message where {@link #describe} finds it; failing to do so only loses the nicer line.
     */
    public static IOException reading(TaskAttemptContext context, InputSplit split, Throwable e) {
        return reading(context, fileOf(context, split), e);
    }

    /** As {@link #reading(TaskAttemptContext, InputSplit, Throwable)}, naming {@code path}. */
    public static IOException reading(TaskAttemptContext context, Path path, Throwable e) {
        return reading(context, path.toString(), e);
    }

    private static IOException reading(TaskAttemptContext context, String file, Throwable e) {
        String message = "cannot read " + (file == null ? "an input file" : file) + ": " + causeOf(e);
        record(context, message);
        return new IOException(message, e);
    }

    /**
     * One line on why {@code job} failed: a line a task left (see {@link #reading}), else the first failed
     * task's diagnostics, else the job's failure info.
     */
    public static String describe(Job job) {
        String dir = job.getConfiguration().get(RankerConfigKeys.TASK_FAILURES_DIR);
        if (dir != null) {
            try {
                Path path = new Path(dir);
                FileSystem fs = path.getFileSystem(job.getConfiguration());
                if (fs.exists(path)) {
                    FileStatus[] lines = fs.listStatus(path);
                    Arrays.sort(lines);
                    for (FileStatus line : lines) {
                        try (InputStream in = fs.open(line.getPath())) {
                            String text = new String(in.readNBytes(MAX_CHARS), StandardCharsets.UTF_8).trim();
                            if (!text.isEmpty()) {
                                return text;
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // fall through to what the framework knows
            }
        }
        try {
            for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
                if (event.getStatus() == TaskCompletionEvent.Status.FAILED
                        || event.getStatus() == TaskCompletionEvent.Status.TIPFAILED) {
                    for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
                        if (diagnostic != null && !diagnostic.isBlank()) {
                            return firstLine(diagnostic);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return job.getStatus().getFailureInfo();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "unknown (" + e + ")";
        }
    }

    /** "ExceptionClass: message", following causes down to the innermost that says something. */
    static String causeOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root == e) {
            return firstLine(top);
        }
        return firstLine(top + (root.getMessage() == null || top.contains(root.getMessage())
                ? " (" + root.getClass().getSimpleName() + ")"
                : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"));
    }

    private static String fileOf(TaskAttemptContext context, InputSplit split) {
        if (split instanceof FileSplit fileSplit) {
            return fileSplit.getPath().toString();
        }
        // a CombineFileRecordReader sets this for each file it opens, before reading it
        return context.getConfiguration().get(MRJobConfig.MAP_INPUT_FILE);
    }

    private static void record(TaskAttemptContext context, String message) {
        Configuration conf = context.getConfiguration();
        String dir = conf.get(RankerConfigKeys.TASK_FAILURES_DIR);
        if (dir == null) {
            return;
        }
        try {
            Path file = new Path(dir, context.getTaskAttemptID().toString());
            try (FSDataOutputStream out = file.getFileSystem(conf).create(file, true)) {
                out.write(message.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException ignored) {
            // the task fails anyway, with the same message in its exception
        }
    }

    private static String firstLine(String s) {
        int newline = s.indexOf('\n');
        String line = newline < 0 ? s : s.substring(0, newline);
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
    }
}
