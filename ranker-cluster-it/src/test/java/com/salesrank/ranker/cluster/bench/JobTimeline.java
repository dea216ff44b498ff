package com.salesrank.ranker.cluster.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskReport;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Where a ranker run's wall time went on a YARN cluster, job by job, from what the cluster itself recorded:
 * the ResourceManager's application report (when it accepted the application) and, through the job client
 * (the JobHistoryServer once a job finished), the job's task reports and its finish time.
 *
 * <p>Per job: <b>submit</b>, from the end of the previous job (or the client's start) until the ResourceManager
 * accepted the application: the client's JVM start, input listing and splits, the jar and job.xml uploaded to the
 * staging directory; <b>AM start</b>, until the first task attempt started: the AM container allocated and
 * launched, the AM JVM started and the job initialized, the first task container launched; <b>tasks</b>, first
 * task start to last task finish; <b>commit</b>, last task finish until the job finished: the output committed
 * and the history written. What follows the last job until the client exits is the <b>tail</b>.
 */
final class JobTimeline {

    record Stage(String name, long accepted, long firstTaskStart, long lastTaskFinish, long finished, int maps, int reduces) {
    }

    private JobTimeline() {
    }

    /** The MapReduce jobs named "salesrank..." the ResourceManager accepted at or after {@code since}, oldest first. */
    static List<Stage> read(Configuration conf, long since) throws Exception {
        List<ApplicationReport> apps;
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(conf);
            yarn.start();
            apps = new ArrayList<>(yarn.getApplications(Collections.singleton("MAPREDUCE"), EnumSet.allOf(YarnApplicationState.class)));
        }
        apps.removeIf(a -> a.getStartTime() < since || !a.getName().startsWith("salesrank"));
        apps.sort(Comparator.comparingLong(ApplicationReport::getStartTime));
        List<Stage> stages = new ArrayList<>();
        Cluster cluster = new Cluster(conf);
        try {
            for (ApplicationReport app : apps) {
                // a MapReduce job's id is its application's: application_<cluster ts>_<n> = job_<cluster ts>_<n>
                Job job = cluster.getJob(JobID.forName(app.getApplicationId().toString().replace("application_", "job_")));
                if (job == null) {
                    throw new IllegalStateException("no job for " + app.getApplicationId() + " (is the JobHistoryServer up?)");
                }
                long first = Long.MAX_VALUE;
                long last = 0;
                int[] counts = new int[2];
                for (TaskType type : List.of(TaskType.MAP, TaskType.REDUCE)) {
                    for (TaskReport task : job.getTaskReports(type)) {
                        first = Math.min(first, task.getStartTime());
                        last = Math.max(last, task.getFinishTime());
                        counts[type == TaskType.MAP ? 0 : 1]++;
                    }
                }
                stages.add(new Stage(app.getName(), app.getStartTime(), first, last, job.getStatus().getFinishTime(), counts[0], counts[1]));
            }
        } finally {
            cluster.close();
        }
        return stages;
    }

    /** One line per job and the totals, in seconds; {@code clientStart} and {@code clientEnd} bracket the run. */
    static String format(String label, List<Stage> stages, long clientStart, long clientEnd) {
        StringBuilder out = new StringBuilder();
        long previous = clientStart;
        long submit = 0;
        long amStart = 0;
        long tasks = 0;
        long commit = 0;
        for (Stage s : stages) {
            out.append(String.format("%s  %-60s submit %6.2f  AM start %6.2f  tasks %6.2f (%d maps, %d reduces)  commit %5.2f%n",
                    label, abbreviate(s.name()), sec(s.accepted() - previous), sec(s.firstTaskStart() - s.accepted()),
                    sec(s.lastTaskFinish() - s.firstTaskStart()), s.maps(), s.reduces(), sec(s.finished() - s.lastTaskFinish())));
            submit += s.accepted() - previous;
            amStart += s.firstTaskStart() - s.accepted();
            tasks += s.lastTaskFinish() - s.firstTaskStart();
            commit += s.finished() - s.lastTaskFinish();
            previous = s.finished();
        }
        out.append(String.format("%s  TOTAL wall %6.2f s = submit %.2f + AM start %.2f + tasks %.2f + commit %.2f + tail %.2f  (%d jobs)%n",
                label, sec(clientEnd - clientStart), sec(submit), sec(amStart), sec(tasks), sec(commit), sec(clientEnd - previous),
                stages.size()));
        return out.toString();
    }

    private static String abbreviate(String name) {
        return name.length() <= 60 ? name : name.substring(0, 57) + "...";
    }

    private static double sec(long millis) {
        return millis / 1000.0;
    }
}
