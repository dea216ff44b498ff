package com.salesrank.ranker;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;

/**
 * Keeps Hadoop's metrics system in standby in local mode. Every job's {@code LocalJobRunner} and every reduce
 * task's shuffle metrics call {@code DefaultMetricsSystem.initialize("JobTracker")}: calls meant for a daemon
 * or a task JVM of their own. In one JVM every call after the first finds the system started and logs "JobTracker
 * metrics system already initialized!" (a run of the two stages on two cores logged it five times). Nothing reads
 * these metrics in local mode (no sinks are configured), so the system is never started: Hadoop's
 * {@code hadoop.metrics.init.mode=standby} makes {@code initialize} register sources without starting it, and
 * later calls find nothing to warn about. A cluster's tasks run in JVMs of their own and are left alone.
 */
final class LocalMetricsSystem {

    /** {@code MetricsSystemImpl.MS_INIT_MODE_KEY}, read from the system properties at each initialize. */
    static final String INIT_MODE = "hadoop.metrics.init.mode";

    private LocalMetricsSystem() {
    }

    /** In local mode, unless the mode was chosen already (-Dhadoop.metrics.init.mode=...), standby. */
    static void standbyInLocalMode(Configuration conf) {
        if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))
                && System.getProperty(INIT_MODE) == null && System.getenv(INIT_MODE) == null) {
            System.setProperty(INIT_MODE, "standby");
        }
    }
}
