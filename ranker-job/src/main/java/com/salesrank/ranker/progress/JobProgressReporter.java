package com.salesrank.ranker.progress;

import com.salesrank.ranker.input.InputCounter;
import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Runs a job to its end like {@code job.waitForCompletion(false)}, polling it from the submitting thread
 * at Hadoop's completion poll interval, and prints its progress through a {@link ProgressPrinter} while it
 * runs, then one closing line. In local mode the tasks run in this JVM and report their counters to the
 * in-process job runner every few seconds, so the lines and bytes read are known while the maps run; on a
 * cluster the same calls go to the application master. What the lines say, and why they never go back, is
 * {@link StageProgress}'s.
 */
public final class JobProgressReporter {

    /** What the reporter needs of a job; {@link #waitForCompletion(Job, String, String)} adapts a Hadoop one. */
    interface RunningJob {
        void submit() throws IOException, InterruptedException, ClassNotFoundException;

        boolean isComplete() throws IOException;

        boolean isSuccessful() throws IOException;

        JobSnapshot snapshot() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** How often a running job's counters are read when no line is due. */
    static final Duration OBSERVE_EVERY = Duration.ofSeconds(1);

    private final ProgressPrinter printer;
    private final Sleeper sleeper;

    public JobProgressReporter(ProgressPrinter printer) {
        this(printer, Thread::sleep);
    }

    JobProgressReporter(ProgressPrinter printer, Sleeper sleeper) {
        this.printer = printer;
        this.sleeper = sleeper;
    }

    /** A reporter that prints nothing. */
    public static JobProgressReporter silent() {
        return new JobProgressReporter(ProgressPrinter.off());
    }

    /**
     * Submits {@code job} and waits for it to end.
     *
     * @param stage what the job is, at the start of each line ("stage 1 (sum)")
     * @param unit  what its input records are ("lines", "rows")
     * @return whether it succeeded
     */
    public boolean waitForCompletion(Job job, String stage, String unit)
            throws IOException, InterruptedException, ClassNotFoundException {
        return waitForCompletion(job, stage, unit, TaskCounter.MAP_INPUT_RECORDS);
    }

    /**
     * The same, counting the job's input records by {@code recordCounter}: a job whose maps read blocks
     * of lines, or whole files, counts its lines in a counter of its own.
     */
    public boolean waitForCompletion(Job job, String stage, String unit, Enum<?> recordCounter)
            throws IOException, InterruptedException, ClassNotFoundException {
        long splitBytes = printer.enabled() ? splitBytes(job) : -1;
        return waitFor(new HadoopJob(job, recordCounter, splitBytes), stage, unit,
                Job.getCompletionPollInterval(job.getConfiguration()));
    }

    boolean waitFor(RunningJob job, String stage, String unit, long pollMillis)
            throws IOException, InterruptedException, ClassNotFoundException {
        job.submit();
        StageProgress progress = new StageProgress(printer.now());
        long observed = printer.now() - OBSERVE_EVERY.toNanos();
        while (!job.isComplete()) {
            long now = printer.now();
            boolean due = printer.due();
            // observed about every second even between lines, so an ETA's rate starts near when the work did
            if (due || (printer.enabled() && now - observed >= OBSERVE_EVERY.toNanos())) {
                progress.observe(job.snapshot(), now);
                observed = now;
            }
            if (due) {
                printer.show(StageLine.running(stage, progress, unit, now));
            }
            sleeper.sleep(pollMillis);
        }
        boolean succeeded = job.isSuccessful();
        if (printer.enabled()) {
            progress.observe(job.snapshot(), printer.now());
        }
        progress.end(succeeded);
        printer.finish(StageLine.finished(stage, progress, unit, printer.now(), succeeded));
        return succeeded;
    }

    /**
     * The maps' whole work: the total length of the job's input splits, as its input format makes them (the
     * job makes them again when it is submitted; listing the inputs twice is cheap beside running the job).
     * Negative when they cannot be made here: the map percentage is then unknown ({@code ?}).
     */
    static long splitBytes(Job job) {
        try {
            InputFormat<?, ?> format = ReflectionUtils.newInstance(job.getInputFormatClass(), job.getConfiguration());
            long total = 0;
            for (InputSplit split : format.getSplits(job)) {
                total += split.getLength();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return -1; // the job's submission meets the same problem and reports it
        }
    }

    private record HadoopJob(Job job, Enum<?> recordCounter, long splitBytes) implements RunningJob {

        @Override
        public void submit() throws IOException, InterruptedException, ClassNotFoundException {
            job.submit();
        }

        @Override
        public boolean isComplete() throws IOException {
            return job.isComplete();
        }

        @Override
        public boolean isSuccessful() throws IOException {
            return job.isSuccessful();
        }

        @Override
        public JobSnapshot snapshot() throws IOException, InterruptedException {
            Counters counters = job.getCounters(); // null once a cluster has forgotten the job
            long records = counters == null ? -1 : counters.findCounter(recordCounter).getValue();
            long bytesRead = counters == null ? 0 : counters.findCounter(InputCounter.SPLIT_BYTES_READ).getValue();
            boolean hasReduce = job.getNumReduceTasks() > 0;
            return new JobSnapshot(bytesRead, splitBytes, hasReduce ? job.reduceProgress() : 0, hasReduce, records);
        }
    }
}
