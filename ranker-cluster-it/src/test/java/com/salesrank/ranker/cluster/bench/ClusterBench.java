package com.salesrank.ranker.cluster.bench;

import com.salesrank.ranker.RankerTool;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * scripts/bench-cluster.sh's Java half (not a test):
 * <ul>
 *   <li>{@code timeline CONF_DIR CLIENT_START_MS CLIENT_END_MS}: the breakdown ({@link JobTimeline}) of the jobs a
 *       `hadoop jar` run submitted to scripts/cluster.sh's cluster between the two instants;</li>
 *   <li>{@code minicluster WORK_DIR LOCAL_LOGS OUTPUT_DIR RANKER_ARGS...}: the same ranking on an in-process
 *       MiniDFSCluster + MiniMRYarnCluster (as YarnClusterRankingIT), the logs copied into its HDFS first (timed
 *       apart), RankerTool run in this JVM, its ranking copied to OUTPUT_DIR, and the breakdown.</li>
 * </ul>
 * Container sizes as scripts/cluster.sh's, so that the two clusters differ in where their daemons run only.
 */
public final class ClusterBench {

    private static final String CONTAINER_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 --add-opens java.base/java.lang=ALL-UNNAMED";

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "timeline" -> {
                Configuration conf = new Configuration();
                for (String site : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml")) {
                    conf.addResource(new Path(args[1], site));
                }
                long start = Long.parseLong(args[2]);
                long end = Long.parseLong(args[3]);
                System.out.print(JobTimeline.format("cluster.sh", JobTimeline.read(conf, start), start, end));
            }
            case "minicluster" -> System.exit(miniCluster(new File(args[1]), args[2], args[3], Arrays.copyOfRange(args, 4, args.length)));
            default -> {
                System.err.println("usage: ClusterBench timeline CONF_DIR CLIENT_START_MS CLIENT_END_MS"
                        + " | minicluster WORK_DIR LOCAL_LOGS OUTPUT_DIR RANKER_ARGS...");
                System.exit(2);
            }
        }
    }

    private static int miniCluster(File work, String localLogs, String localOutput, String[] rankerArgs) throws Exception {
        long clusterStart = System.currentTimeMillis();
        Configuration base = new Configuration();
        base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(work, "hdfs").getAbsolutePath());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(base).numDataNodes(1).format(true).build();
        MiniMRYarnCluster yarn = null;
        try {
            hdfs.waitActive();
            Configuration yarnConf = new Configuration(hdfs.getConfiguration(0));
            yarnConf.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
            yarnConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
            yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
            yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
            yarnConf.setInt(YarnConfiguration.NM_VCORES, 8);
            yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
            yarnConf.set("yarn.app.mapreduce.am.command-opts", CONTAINER_OPTS);
            yarnConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
            yarn = new MiniMRYarnCluster("salesrank-bench", 1);
            yarn.init(yarnConf);
            yarn.start();
            Configuration conf = new Configuration(yarn.getConfig());
            conf.set("mapreduce.framework.name", "yarn");
            conf.set("mapreduce.map.java.opts", CONTAINER_OPTS);
            conf.set("mapreduce.reduce.java.opts", CONTAINER_OPTS);
            conf.setInt("mapreduce.map.memory.mb", 384);
            conf.setInt("mapreduce.reduce.memory.mb", 384);
            conf.setInt("mapreduce.task.io.sort.mb", 64);
            conf.setBoolean("mapreduce.job.ubertask.enable", false);
            conf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
            conf.setInt("mapreduce.client.completion.pollinterval", 200);
            FileSystem fs = hdfs.getFileSystem();
            long putStart = System.currentTimeMillis();
            fs.copyFromLocalFile(new Path(new File(localLogs).getAbsoluteFile().toURI()), new Path("/bench/logs"));
            long putEnd = System.currentTimeMillis();
            System.out.printf("minicluster  started in %.2f s; logs copied into its HDFS in %.2f s%n",
                    (putStart - clusterStart) / 1000.0, (putEnd - putStart) / 1000.0);

            String[] args = new String[rankerArgs.length + 4];
            args[0] = "--input";
            args[1] = fs.getUri() + "/bench/logs";
            args[2] = "--output";
            args[3] = fs.getUri() + "/bench/ranking";
            System.arraycopy(rankerArgs, 0, args, 4, rankerArgs.length);
            long start = System.currentTimeMillis();
            // files only: the benchmark does not publish (RankerTool with no database settings)
            int exit = ToolRunner.run(new Configuration(conf), new RankerTool(Map.of()), args);
            long end = System.currentTimeMillis();
            if (exit != 0) {
                System.err.println("minicluster: the ranker exited " + exit);
                return exit;
            }
            FileUtil.copy(fs, new Path("/bench/ranking"), new File(localOutput), false, conf);
            System.out.print(JobTimeline.format("minicluster", JobTimeline.read(conf, start), start, end));
            return 0;
        } finally {
            if (yarn != null) {
                yarn.stop();
            }
            hdfs.shutdown();
        }
    }
}
