package com.salesrank.ranker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.ExpectedRanking;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.RankingRunResult;
import com.salesrank.ranker.RankingParts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ranker on a real, if small, cluster: HDFS (MiniDFSCluster, one DataNode) and YARN
 * (MiniMRYarnCluster, one NodeManager). The job is submitted to the ResourceManager as `hadoop jar`
 * would; the MR ApplicationMaster and every map and reduce task run in their own YARN container JVMs,
 * reading the logs from HDFS and shipping ranker-job.jar through the job's staging directory.
 */
class YarnClusterRankingIT {

    private static final Instant WINDOW_END = Instant.parse("2026-11-20T12:00:00Z");
    private static final int WINDOW_HOURS = 6;
    private static final Instant WINDOW_START = WINDOW_END.minusSeconds(3600L * WINDOW_HOURS);
    private static final DateTimeFormatter HOUR_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    /** Container JVMs on JDK 17 need what the test JVM needs. */
    private static final String CONTAINER_OPTS = "-Xmx256m --add-opens java.base/java.lang=ALL-UNNAMED";

    private static MiniDFSCluster hdfs;
    private static MiniMRYarnCluster yarn;
    private static Configuration conf;
    private static FileSystem fs;
    private static final ExpectedRanking expected = new ExpectedRanking();

    @BeforeAll
    static void startClusterAndUploadLogs() throws Exception {
        Configuration base = new Configuration();
        base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new java.io.File("target/minicluster/hdfs").getAbsolutePath());
        hdfs = new MiniDFSCluster.Builder(base).numDataNodes(1).format(true).build();
        hdfs.waitActive();

        Configuration yarnConf = new Configuration(hdfs.getConfiguration(0));
        yarnConf.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
        yarnConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        yarnConf.set("yarn.app.mapreduce.am.command-opts", CONTAINER_OPTS);
        yarnConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
        yarn = new MiniMRYarnCluster("salesrank-ranker", 1);
        yarn.init(yarnConf);
        yarn.start();

        conf = new Configuration(yarn.getConfig());
        conf.set("mapreduce.framework.name", "yarn");
        conf.set("mapreduce.map.java.opts", CONTAINER_OPTS);
        conf.set("mapreduce.reduce.java.opts", CONTAINER_OPTS);
        conf.setInt("mapreduce.map.memory.mb", 384);
        conf.setInt("mapreduce.reduce.memory.mb", 384);
        conf.setBoolean("mapreduce.job.ubertask.enable", false); // real task containers, not tasks inside the AM
        conf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
        conf.setInt("mapreduce.client.completion.pollinterval", 200);
        fs = hdfs.getFileSystem();

        Random random = new Random(7);
        Path logs = new Path(fs.getUri().toString() + "/sales/logs");
        for (int h = -1; h <= WINDOW_HOURS; h++) { // the window and its hour of slack on each side
            Instant hour = WINDOW_START.plusSeconds(3600L * h);
            writeSales(new Path(logs, HOUR_FOLDER.format(hour) + "/part-0.log"), hour, 300, random);
        }
        // far from the window: malformed only, fails the run if read (pruning works on HDFS too)
        write(new Path(logs, HOUR_FOLDER.format(WINDOW_START.minusSeconds(86400)) + "/part-0.log"), "junk\n".repeat(5000));
    }

    @AfterAll
    static void stopCluster() {
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void ranksLogsFromHdfsWithTasksInYarnContainers() throws Exception {
        Path output = new Path(fs.getUri().toString() + "/sales/rankings/run-1");
        RankingRunResult result = filesOnly().execute(new Configuration(conf),
                "--input", fs.getUri().toString() + "/sales/logs",
                "--output", output.toString(),
                "--window-end", WINDOW_END.toString(),
                "--window-hours", Integer.toString(WINDOW_HOURS),
                "--reducers", "2");

        assertThat(result.exitCode()).isZero();
        assertThat(RankingParts.read(fs, output)).containsExactlyElementsOf(expected.rows());
        assertThat(result.summary().orElseThrow().malformed()).isZero();
        // the tasks really ran on the NodeManager: both stages' applications finished on the ResourceManager
        assertThat(yarn.getResourceManager().getRMContext().getRMApps().values())
                .filteredOn(app -> app.getName().startsWith("salesrank stage"))
                .hasSize(2)
                .allSatisfy(app -> assertThat(app.getFinalApplicationStatus().name()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void ranksIncrementallyWithItsStateOnHdfs() throws Exception {
        String state = fs.getUri().toString() + "/sales/state";
        String output = fs.getUri().toString() + "/sales/inc-rankings/run";
        String[] args = {"--input", fs.getUri().toString() + "/sales/logs", "--output", output,
            "--window-end", WINDOW_END.toString(), "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2",
            "--state", state, "--overwrite"};

        assertThat(ToolRunner.run(new Configuration(conf), filesOnly(), args)).as("builds the state").isZero();
        assertThat(RankingParts.read(fs, new Path(output))).containsExactlyElementsOf(expected.rows());

        // the same window again: nothing new to read, the totals come back through the apply job
        RankingRunResult again = filesOnly().execute(new Configuration(conf), args);
        assertThat(again.exitCode()).isZero();
        assertThat(again.summary().orElseThrow().linesRead()).isZero();
        assertThat(RankingParts.read(fs, new Path(output))).containsExactlyElementsOf(expected.rows());

        // the head of 3 from the state on HDFS
        String[] head = args.clone();
        head[head.length - 1] = "--top";
        String[] withTop = java.util.Arrays.copyOf(head, head.length + 2);
        withTop[head.length] = "3";
        withTop[head.length + 1] = "--overwrite";
        assertThat(ToolRunner.run(new Configuration(conf), filesOnly(), withTop)).isZero();
        assertThat(RankingParts.read(fs, new Path(output)))
                .containsExactlyElementsOf(expected.rows().stream().filter(r -> Integer.parseInt(r.split("\t")[1]) <= 3).toList());

        assertThat(yarn.getResourceManager().getRMContext().getRMApps().values())
                .filteredOn(app -> app.getName().startsWith("salesrank incremental"))
                .as("the rebuild's totals job (which slices the logs) and the second run's apply job ran on YARN")
                .extracting(app -> app.getName().replaceAll(" of .*| to .*", ""))
                .containsExactlyInAnyOrder("salesrank incremental: window totals", "salesrank incremental: apply the changes");
        assertThat(yarn.getResourceManager().getRMContext().getRMApps().values())
                .filteredOn(app -> app.getName().startsWith("salesrank incremental"))
                .allSatisfy(app -> assertThat(app.getFinalApplicationStatus().name()).isEqualTo("SUCCEEDED"));
        assertThat(fs.globStatus(new Path(state, "MANIFEST-*"))).hasSize(1);
    }

    /**
     * The ranker without its publish step: scripts/test.sh exports the stack's SALESRANK_DB_* for every test,
     * and this test is about the files, not about replacing the stack's live ranking (the publisher has its own ITs).
     */
    private static RankerTool filesOnly() {
        return new RankerTool(Map.of());
    }

    private static void writeSales(Path file, Instant hour, int lines, Random random) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            Instant at = hour.plusSeconds(random.nextInt(3600));
            long product = 1 + (long) Math.floor(Math.pow(random.nextDouble(), 3) * 80);
            long category = 1 + product % 5;
            int qty = 1 + random.nextInt(3);
            text.append(at).append('\t').append(product).append('\t').append(category).append('\t')
                    .append(qty).append("\t1.00\t1\t1\n");
            if (!at.isBefore(WINDOW_START) && at.isBefore(WINDOW_END)) {
                expected.add(category, product, qty);
            }
        }
        write(file, text);
    }

    private static void write(Path file, CharSequence text) throws IOException {
        try (OutputStream out = fs.create(file, true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
