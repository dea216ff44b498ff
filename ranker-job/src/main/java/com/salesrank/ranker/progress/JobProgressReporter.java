package com.salesrank.ranker.progress;

import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;

/**
 * Runs a job to its end like {@code job.waitForCompletion(false)}, polling it from the submitting thread
 * at Hadoop's completion poll interval, and prints its progress through a {@link ProgressPrinter} while it
 * runs, then one closing line. In local mode the tasks run in this JVM and report their counters to the
 * in-process job runner every few seconds, so the lines read are known while the maps run; on a cluster
 * the same calls go to the application master.
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
        return waitFor(new HadoopJob(job, recordCounter), stage, unit,
                Job.getCompletionPollInterval(job.getConfiguration()));
    }

    boolean waitFor(RunningJob job, String stage, String unit, long pollMillis)
            throws IOException, InterruptedException, ClassNotFoundException {
        job.submit();
        long started = printer.now();
        while (!job.isComplete()) {
            if (printer.due()) {
                printer.show(StageLine.running(stage, job.snapshot(), unit, since(started)));
            }
            sleeper.sleep(pollMillis);
        }
        boolean succeeded = job.isSuccessful();
        printer.finish(StageLine.finished(stage, job.snapshot(), unit, since(started), succeeded));
        return succeeded;
    }

    private Duration since(long startedNanos) {
        return Duration.ofNanos(printer.now() - startedNanos);
    }

    private record HadoopJob(Job job, Enum<?> recordCounter) implements RunningJob {

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
            return new JobSnapshot(job.mapProgress(), job.reduceProgress(), job.getNumReduceTasks() > 0, records);
        }
    }
}
