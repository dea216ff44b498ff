package com.salesrank.ranker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.salesrank.ranker.ExpectedRanking;
import com.salesrank.ranker.LocalMode;
import com.salesrank.ranker.RankerTool;
import com.salesrank.ranker.RankingParts;
import com.salesrank.ranker.aggregate.SalesCounter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as an operator runs it: `hadoop jar ranker-job/target/ranker-job.jar ...` against a cluster in
 * processes of its own (scripts/cluster.sh: HDFS, YARN and MapReduce from Maven-resolved Hadoop jars).
 *
 * <p>Nothing of the test's own classpath reaches the job: it is submitted by {@code org.apache.hadoop.util.RunJar}
 * in a separate JVM whose classpath is exactly {@code $HADOOP_CONF_DIR:$SALESRANK_HADOOP_CLASSPATH}, what a
 * distribution's `hadoop jar` builds, with the jar as shipped; the logs are uploaded by {@code FsShell -put}
 * (`hdfs dfs -put`) in another one. This JVM only reads the results back: the ranking from HDFS, the
 * applications from the ResourceManager and the counters through the job client.
 *
 * <p>Starts the cluster if it is not up (CI's fresh machine), and stops it again only in that case.
 */
class HadoopJarIT {

    private static final Instant WINDOW_END = Instant.parse("2026-11-20T12:00:00Z");
    private static final int WINDOW_HOURS = 6;
    private static final Instant WINDOW_START = WINDOW_END.minusSeconds(3600L * WINDOW_HOURS);
    private static final DateTimeFormatter HOUR_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path CLUSTER_SH = REPO.resolve("scripts/cluster.sh");
    private static final Path JAR = REPO.resolve("ranker-job/target/ranker-job.jar");
    private static final Pattern LINES_READ = Pattern.compile("(?m)^lines read:\\s+([\\d,]+)");

    private static boolean startedHere;
    private static Map<String, String> clusterEnv;
    private static Configuration conf;
    private static FileSystem hdfs;
    /** This run's HDFS directory: several runs of the suite may share a cluster that was already up. */
    private static String base;

    @BeforeAll
    static void clusterUp() throws Exception {
        if (run(List.of(CLUSTER_SH.toString(), "status"), Map.of(), 60).exit() != 0) {
            Result up = run(List.of(CLUSTER_SH.toString(), "up"), Map.of(), 600);
            assertThat(up.exit()).as("scripts/cluster.sh up:\n%s", up.output()).isZero();
            startedHere = true;
        }
        Result env = run(List.of(CLUSTER_SH.toString(), "env"), Map.of(), 600);
        assertThat(env.exit()).as("scripts/cluster.sh env:\n%s", env.output()).isZero();
        clusterEnv = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^export (\\w+)='([^']*)'$").matcher(env.output());
        while (m.find()) {
            clusterEnv.put(m.group(1), m.group(2));
        }
        assertThat(clusterEnv).containsKeys("HADOOP_CONF_DIR", "SALESRANK_HADOOP_CLASSPATH");

        // this JVM reads results back with the same site files the submitting JVM uses
        conf = new Configuration();
        for (String site : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml")) {
            conf.addResource(new org.apache.hadoop.fs.Path(clusterEnv.get("HADOOP_CONF_DIR"), site));
        }
        hdfs = FileSystem.get(conf);
        assertThat(hdfs.getUri().getScheme()).as("fs.defaultFS of the generated core-site.xml").isEqualTo("hdfs");
        base = "/it/hadoop-jar-" + UUID.randomUUID();
    }

    @AfterAll
    static void clusterAsFound() throws Exception {
        if (hdfs != null && base != null) {
            hdfs.delete(new org.apache.hadoop.fs.Path(base), true);
        }
        if (startedHere) {
            Result down = run(List.of(CLUSTER_SH.toString(), "down"), Map.of(), 120);
            assertThat(down.exit()).as("scripts/cluster.sh down:\n%s", down.output()).isZero();
        }
    }

    /** What the README promises about the shipped jar; a build change that breaks `hadoop jar` fails here. */
    @Test
    void theJarBringsTheJdbcDriverAndTheContractAndNoHadoop() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .as("`hadoop jar ranker-job.jar ARGS` needs no class name").isEqualTo(RankerTool.class.getName());
            List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
            assertThat(names).contains("com/salesrank/ranker/RankerTool.class", "com/mysql/cj/jdbc/Driver.class",
                    "com/salesrank/contract/Ranking.class");
            assertThat(names).as("the sales generator is test data, not part of the job")
                    .noneMatch(n -> n.startsWith("com/salesrank/generate/"));
            assertThat(names).as("Hadoop comes from the cluster's classpath, never from the jar")
                    .noneMatch(n -> n.startsWith("org/apache/hadoop/"));
            assertThat(names).as("S3A's SDK modules are provided by the cluster (HADOOP_OPTIONAL_TOOLS=hadoop-aws)")
                    .noneMatch(n -> n.startsWith("software/amazon/"));
        }
    }

    @Test
    void ranksWithHadoopJarLikeLocalModeAndIncrementallyWithStateOnHdfs(@TempDir Path tmp) throws Exception {
        Path logs = tmp.resolve("logs");
        ExpectedRanking expected = new ExpectedRanking();
        Random random = new Random(11);
        long validInWindow = 0;
        for (int h = -1; h <= WINDOW_HOURS; h++) { // the window and its hour of slack on each side
            Instant hour = WINDOW_START.plusSeconds(3600L * h);
            validInWindow += writeSales(logs.resolve(HOUR_FOLDER.format(hour) + "/part-0.log"), hour, 400, random, expected);
        }
        long startedAt = System.currentTimeMillis();

        // `hdfs dfs -put`, in a JVM of its own, into this run's directory
        assertThat(hdfs.mkdirs(new org.apache.hadoop.fs.Path(base))).isTrue();
        Result put = hadoop("org.apache.hadoop.fs.FsShell", "-put", logs.toString(), base + "/logs");
        assertThat(put.exit()).as("FsShell -put:\n%s", put.output()).isZero();
        assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(base + "/logs/" + HOUR_FOLDER.format(WINDOW_START) + "/part-0.log"))).isTrue();

        // `hadoop jar ranker-job.jar ...`: input and output on HDFS (hdfs:/// = the cluster's fs.defaultFS)
        String output = "hdfs://" + base + "/ranking";
        Result ranked = hadoopJar("--input", "hdfs://" + base + "/logs", "--output", output,
                "--window-end", WINDOW_END.toString(), "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2");
        assertThat(ranked.exit()).as("hadoop jar:\n%s", ranked.output()).isZero();
        List<String> onCluster = RankingParts.read(hdfs, new org.apache.hadoop.fs.Path(output));

        // the same files ranked in local mode, in this JVM
        Path localOut = tmp.resolve("local-ranking");
        int localExit = ToolRunner.run(LocalMode.configuration(), new RankerTool(Map.of()), new String[] {
            "--input", logs.toUri().toString(), "--output", localOut.toUri().toString(),
            "--window-end", WINDOW_END.toString(), "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2"});
        assertThat(localExit).isZero();
        List<String> local = RankingParts.read(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(localOut.toUri()));
        assertThat(onCluster).isNotEmpty().isEqualTo(local).isEqualTo(expected.rows());

        // both stages ran as YARN applications, every task in a container of its own
        List<ApplicationReport> stages = applicationsSince(startedAt, "salesrank stage");
        assertThat(stages).hasSize(2);
        Map<String, Counters> counters = checkRanInContainers(stages);
        Counters stage1 = counters.entrySet().stream().filter(e -> e.getKey().startsWith("salesrank stage 1")).findFirst().orElseThrow().getValue();
        assertThat(stage1.findCounter(SalesCounter.VALID).getValue() - stage1.findCounter(SalesCounter.OUTSIDE_WINDOW).getValue())
                .as("stage 1's counters through the job client: valid sales in the window").isEqualTo(validInWindow);
        assertThat(stage1.findCounter(SalesCounter.LINES_READ).getValue()).isEqualTo(400L * (WINDOW_HOURS + 2));

        // incremental, its state on HDFS: the first run builds it from every log ...
        long incrementalStart = System.currentTimeMillis();
        String state = "hdfs://" + base + "/state";
        String incOutput = "hdfs://" + base + "/inc-ranking";
        String[] incremental = {"--input", "hdfs://" + base + "/logs", "--output", incOutput, "--window-end", WINDOW_END.toString(),
            "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2", "--state", state, "--overwrite"};
        Result first = hadoopJar(incremental);
        assertThat(first.exit()).as("first incremental run:\n%s", first.output()).isZero();
        assertThat(linesRead(first)).isEqualTo(400L * (WINDOW_HOURS + 2));
        assertThat(RankingParts.read(hdfs, new org.apache.hadoop.fs.Path(incOutput))).isEqualTo(expected.rows());

        // ... a second one, after a late log arrived in an hour of the window, reads only that file
        Path late = tmp.resolve("late/part-1.log");
        Instant lateHour = WINDOW_START.plusSeconds(3600L * 2);
        writeSales(late, lateHour, 250, random, expected);
        Result putLate = hadoop("org.apache.hadoop.fs.FsShell", "-put", late.toString(),
                base + "/logs/" + HOUR_FOLDER.format(lateHour) + "/part-1.log");
        assertThat(putLate.exit()).as("FsShell -put:\n%s", putLate.output()).isZero();
        Result second = hadoopJar(incremental);
        assertThat(second.exit()).as("second incremental run:\n%s", second.output()).isZero();
        assertThat(linesRead(second)).as("only the new file is read").isEqualTo(250);
        assertThat(RankingParts.read(hdfs, new org.apache.hadoop.fs.Path(incOutput))).isEqualTo(expected.rows());
        assertThat(hdfs.globStatus(new org.apache.hadoop.fs.Path(base + "/state/MANIFEST-*"))).hasSize(1);
        List<ApplicationReport> incrementalJobs = applicationsSince(incrementalStart, "salesrank");
        assertThat(incrementalJobs).as("the incremental runs' jobs ran on YARN").hasSizeGreaterThanOrEqualTo(3);
        checkRanInContainers(incrementalJobs);
    }

    /**
     * Logs on S3 (s3proxy, a separate process, as in ranker-job's S3InputIT), ranked by `hadoop jar` with S3A and
     * its SDK modules from the cluster's classpath only (the jar has neither), the map tasks reading S3 in their
     * containers.
     */
    @Test
    void ranksLogsFromS3WithS3AFromTheClusterClasspath(@TempDir Path tmp) throws Exception {
        Path s3proxyJar = REPO.resolve("ranker-job/target/s3proxy/s3proxy.jar");
        assertThat(s3proxyJar).as("copied by ranker-job's build (generate-test-resources)").isRegularFile();
        Path blobs = Files.createDirectories(tmp.resolve("s3/blobs/salesrank"));
        Path properties = tmp.resolve("s3/s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=salesrank-it",
                "s3proxy.credential=salesrank-it-secret",
                // not filesystem-nio2: up to 3.0.0 its listings omit the size of directory markers, and S3A NPEs
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs.getParent()));
        Path log = tmp.resolve("s3/s3proxy.log");
        Process s3proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", s3proxyJar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern startedOn = Pattern.compile("Started ServerConnector.*\\{127\\.0\\.0\\.1:(\\d+)}");
            int port = -1;
            for (int i = 0; i < 600 && port < 0 && s3proxy.isAlive(); i++) {
                Matcher started = startedOn.matcher(Files.readString(log));
                if (started.find()) {
                    port = Integer.parseInt(started.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(port).as("s3proxy started; its log:\n%s", Files.readString(log)).isPositive();
            // test-only credentials of the local s3proxy; in job.xml, so that the tasks' S3A has them too
            List<String> s3a = List.of(
                    "-D", "fs.s3a.endpoint=http://127.0.0.1:" + port, "-D", "fs.s3a.endpoint.region=us-east-1",
                    "-D", "fs.s3a.path.style.access=true", "-D", "fs.s3a.multiobjectdelete.enable=false",
                    "-D", "fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                    "-D", "fs.s3a.access.key=salesrank-it", "-D", "fs.s3a.secret.key=salesrank-it-secret",
                    "-D", "fs.s3a.attempts.maximum=2", "-D", "fs.s3a.retry.limit=2",
                    // files placed in the store's directory have no ETag: the analytics stream (what S3A picked here) and
                    // change detection both require one; the classic stream with the ETag optional reads them
                    "-D", "fs.s3a.input.stream.type=classic", "-D", "fs.s3a.change.detection.version.required=false");

            ExpectedRanking expected = new ExpectedRanking();
            Random random = new Random(31);
            // straight into the store's blob directory (the filesystem backend serves its files as objects):
            // `hdfs dfs -put` to s3a:// needs directory markers, which this backend cannot list back
            Path logs = blobs.resolve("logs");
            for (int h = -1; h <= WINDOW_HOURS; h++) {
                Instant hour = WINDOW_START.plusSeconds(3600L * h);
                writeSales(logs.resolve(HOUR_FOLDER.format(hour) + "/part-0.log"), hour, 200, random, expected);
            }

            long startedAt = System.currentTimeMillis();
            String output = "hdfs://" + base + "/s3-ranking";
            List<String> args = new ArrayList<>(s3a);
            args.addAll(List.of("--input", "s3a://salesrank/logs/", "--output", output, "--window-end", WINDOW_END.toString(),
                    "--window-hours", Integer.toString(WINDOW_HOURS), "--reducers", "2"));
            Result ranked = hadoopJar(args.toArray(String[]::new));
            assertThat(ranked.exit()).as("hadoop jar with s3a:// input:\n%s", ranked.output()).isZero();
            assertThat(RankingParts.read(hdfs, new org.apache.hadoop.fs.Path(output))).isNotEmpty().isEqualTo(expected.rows());
            List<ApplicationReport> stages = applicationsSince(startedAt, "salesrank stage");
            assertThat(stages).hasSize(2);
            Counters stage1 = checkRanInContainers(stages).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("salesrank stage 1")).findFirst().orElseThrow().getValue();
            assertThat(stage1.findCounter(SalesCounter.LINES_READ).getValue()).as("the tasks read every line from S3")
                    .isEqualTo(200L * (WINDOW_HOURS + 2));
        } finally {
            s3proxy.destroy();
            if (!s3proxy.waitFor(10, TimeUnit.SECONDS)) {
                s3proxy.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * scripts/run-hourly.sh, the cron entry, in `hadoop` mode against this cluster: the script's own `hadoop jar` line,
     * input and incremental state on HDFS, publishing into the stack's MariaDB from RunJar's JVM with the JDBC driver
     * the jar brings (the cluster's classpath has none), SALESRANK_DB_* passed as the cron entry's env file would;
     * then the same entry in local mode on the same logs publishes a ranking equal to it. The `hadoop` on its PATH
     * is {@link #hadoopTestFixture()}. Needs the stack (scripts/test.sh brings it up and exports its env).
     */
    @Test
    void runHourlyInHadoopModePublishesWhatLocalModePublishes(@TempDir Path tmp) throws Exception {
        Map<String, String> db = stackDatabase();
        ExpectedRanking expected = new ExpectedRanking();
        Random random = new Random(41);
        Path logs = tmp.resolve("logs");
        for (int h = -1; h <= WINDOW_HOURS; h++) {
            Instant hour = WINDOW_START.plusSeconds(3600L * h);
            writeSales(logs.resolve(HOUR_FOLDER.format(hour) + "/part-0.log"), hour, 300, random, expected);
        }
        assertThat(hdfs.mkdirs(new org.apache.hadoop.fs.Path(base))).isTrue();
        Result put = hadoop("org.apache.hadoop.fs.FsShell", "-put", logs.toString(), base + "/hourly-logs");
        assertThat(put.exit()).as("FsShell -put:\n%s", put.output()).isZero();

        // cron's settings for a run at 12:05: the window ends at the top of the hour
        Map<String, String> cron = new HashMap<>(db);
        cron.put("SALESRANK_NOW", WINDOW_END.plusSeconds(300).toString());
        cron.put("SALESRANK_WINDOW_HOURS", Integer.toString(WINDOW_HOURS));
        cron.put("SALESRANK_JOB_OPTS", "--reducers 2");
        cron.put("SALESRANK_JAR", JAR.toString());
        cron.put("RANKER_HEAP", "512m");
        String runFolder = "20261120T1200Z";

        Map<String, String> hadoopMode = new HashMap<>(cron);
        hadoopMode.put("SALESRANK_MODE", "hadoop");
        hadoopMode.put("PATH", hadoopTestFixture().getParent() + File.pathSeparator + System.getenv("PATH"));
        hadoopMode.put("HADOOP_CONF_DIR", clusterEnv.get("HADOOP_CONF_DIR"));
        hadoopMode.put("SALESRANK_HADOOP_CLASSPATH", clusterEnv.get("SALESRANK_HADOOP_CLASSPATH"));
        hadoopMode.put("SALESRANK_INPUT", "hdfs://" + base + "/hourly-logs");
        hadoopMode.put("SALESRANK_OUTPUT_ROOT", "hdfs://" + base + "/hourly-rankings");
        hadoopMode.put("SALESRANK_STATE", "hdfs://" + base + "/hourly-state");
        putLocalFiles(hadoopMode, tmp.resolve("hadoop-mode"));
        long startedAt = System.currentTimeMillis();
        Result onCluster = run(List.of("bash", REPO.resolve("scripts/run-hourly.sh").toString()), hadoopMode, 600);
        String hadoopLog = Files.readString(onlyLog(tmp.resolve("hadoop-mode/log")));
        assertThat(onCluster.exit()).as("run-hourly.sh in hadoop mode:\n%s\nits log:\n%s", onCluster.output(), hadoopLog).isZero();
        LiveRanking fromCluster = liveRanking(db);
        assertThat(fromCluster.rows()).as("the live ranking RunJar's JVM published").isEqualTo(expected.rows());
        assertThat(RankingParts.read(hdfs, new org.apache.hadoop.fs.Path(base + "/hourly-rankings/" + runFolder))).isEqualTo(expected.rows());
        assertThat(hdfs.globStatus(new org.apache.hadoop.fs.Path(base + "/hourly-state/MANIFEST-*"))).as("the state on HDFS").hasSize(1);
        // the log says what ran: the mode, the paths, the YARN applications and the published run
        assertThat(hadoopLog).contains("start: mode=hadoop window=[2026-11-20T12:00:00Z - 6h, 2026-11-20T12:00:00Z)",
                "input=hdfs://" + base + "/hourly-logs", "state=hdfs://" + base + "/hourly-state", "publish=yes",
                "Submitted application application_", "published:        run " + fromCluster.runId(), "done in");
        List<ApplicationReport> jobs = applicationsSince(startedAt, "salesrank");
        assertThat(jobs).as("the entry's jobs ran on YARN").isNotEmpty();
        checkRanInContainers(jobs);

        // the same cron entry in local mode, on the same logs as local files, publishes the same ranking
        Map<String, String> localMode = new HashMap<>(cron);
        localMode.put("SALESRANK_MODE", "local");
        localMode.put("SALESRANK_INPUT", logs.toString());
        localMode.put("SALESRANK_OUTPUT_ROOT", tmp.resolve("local-mode/rankings").toString());
        localMode.put("SALESRANK_STATE", tmp.resolve("local-mode/state").toString());
        putLocalFiles(localMode, tmp.resolve("local-mode"));
        Result local = run(List.of("bash", REPO.resolve("scripts/run-hourly.sh").toString()), localMode, 600);
        String localLog = Files.readString(onlyLog(tmp.resolve("local-mode/log")));
        assertThat(local.exit()).as("run-hourly.sh in local mode:\n%s\nits log:\n%s", local.output(), localLog).isZero();
        assertThat(localLog).contains("start: mode=local");
        LiveRanking fromLocal = liveRanking(db);
        assertThat(fromLocal.runId()).as("local mode published a run of its own").isGreaterThan(fromCluster.runId());
        assertThat(fromLocal.rows()).isEqualTo(fromCluster.rows());
    }

    /**
     * TEST FIXTURE: a stand-in for a Hadoop distribution's `hadoop` command, only as far as run-hourly.sh uses it
     * (`hadoop jar JAR ARGS` = RunJar on $HADOOP_CONF_DIR:$SALESRANK_HADOOP_CLASSPATH). Generated under
     * var/cluster/test-fixture-bin, never on a real PATH: in production the distribution's own `hadoop` runs.
     */
    private static Path hadoopTestFixture() throws IOException {
        Path launcher = REPO.resolve("var/cluster/test-fixture-bin/hadoop");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                # TEST FIXTURE, generated by ranker-cluster-it's HadoopJarIT: NOT a Hadoop installation's `hadoop`.
                # It stands in for one when scripts/run-hourly.sh runs against scripts/cluster.sh's cluster, and knows
                # only `hadoop jar`, which it runs exactly as bin/hadoop does: org.apache.hadoop.util.RunJar on
                # $HADOOP_CONF_DIR and the cluster's client classpath (eval "$(scripts/cluster.sh env)").
                # In production the distribution's own `hadoop` command is on the PATH instead.
                set -euo pipefail
                : "${HADOOP_CONF_DIR:?not set: eval the output of scripts/cluster.sh env first}"
                : "${SALESRANK_HADOOP_CLASSPATH:?not set: eval the output of scripts/cluster.sh env first}"
                if [[ "${1:-}" != jar ]]; then
                  echo "test-fixture hadoop: only 'hadoop jar' is supported here, not '$*'" >&2
                  exit 64
                fi
                shift
                exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:TieredStopAtLevel=1 \\
                  -cp "$HADOOP_CONF_DIR:$SALESRANK_HADOOP_CLASSPATH" org.apache.hadoop.util.RunJar "$@"
                """);
        assertThat(launcher.toFile().setExecutable(true)).isTrue();
        return launcher;
    }

    /** The cron entry's own files (log, locks) inside {@code dir}. */
    private static void putLocalFiles(Map<String, String> env, Path dir) {
        env.put("SALESRANK_LOG_DIR", dir.resolve("log").toString());
        env.put("SALESRANK_LOCK_FILE", dir.resolve("run-hourly.lock").toString());
        env.put("SALESRANK_STATE_LOCK_FILE", dir.resolve("state.lock").toString());
    }

    private static Path onlyLog(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> logs = files.toList();
            assertThat(logs).hasSize(1);
            return logs.get(0);
        }
    }

    /** SALESRANK_DB_* of the stack (scripts/test.sh brings it up and exports its env for every test). */
    private static Map<String, String> stackDatabase() {
        Map<String, String> db = new HashMap<>();
        for (String name : List.of("SALESRANK_DB_URL", "SALESRANK_DB_USER", "SALESRANK_DB_PASSWORD")) {
            String value = System.getenv(name);
            Assumptions.assumeTrue(value != null && !value.isBlank(),
                    name + " is not set: run scripts/stack.sh up and eval \"$(scripts/stack.sh env)\" (scripts/test.sh does)");
            db.put(name, value);
        }
        return db;
    }

    private record LiveRanking(long runId, List<String> rows) {
    }

    /** The live run and its rows, read in one statement as the read API reads them. */
    private static LiveRanking liveRanking(Map<String, String> db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.get("SALESRANK_DB_URL"), db.get("SALESRANK_DB_USER"), db.get("SALESRANK_DB_PASSWORD"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT r.run_id, s.category_id, s.category_rank, s.product_id, s.total_sold
                     FROM sales_rank_run r CROSS JOIN sales_rank s ORDER BY s.category_id, s.category_rank""")) {
            List<String> rows = new ArrayList<>();
            long runId = -1;
            while (rs.next()) {
                runId = rs.getLong(1);
                rows.add(rs.getLong(2) + "\t" + rs.getLong(3) + "\t" + rs.getLong(4) + "\t" + rs.getLong(5));
            }
            return new LiveRanking(runId, rows);
        }
    }

    /** Every application finished, and every task of its job ran in a YARN container (not uber, not local). */
    private static Map<String, Counters> checkRanInContainers(List<ApplicationReport> apps) throws Exception {
        Map<String, Counters> byName = new HashMap<>();
        Cluster cluster = new Cluster(conf);
        try {
            for (ApplicationReport app : apps) {
                assertThat(app.getYarnApplicationState()).as(app.getName()).isEqualTo(YarnApplicationState.FINISHED);
                assertThat(app.getFinalApplicationStatus()).as(app.getName()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
                assertThat(app.getApplicationType()).isEqualTo("MAPREDUCE");
                // a MapReduce job's id is its application's: application_<cluster ts>_<n> = job_<cluster ts>_<n>
                JobID id = JobID.forName(app.getApplicationId().toString().replace("application_", "job_"));
                Job job = cluster.getJob(id);
                assertThat(job).as("job %s through the job client (JobHistoryServer once finished)", id).isNotNull();
                assertThat(job.getStatus().getState()).isEqualTo(JobStatus.State.SUCCEEDED);
                Counters counters = job.getCounters();
                long maps = counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue();
                long reduces = counters.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue();
                assertThat(maps + reduces).as(app.getName()).isPositive();
                assertThat(counters.findCounter(JobCounter.TOTAL_LAUNCHED_UBERTASKS).getValue()).as("uber tasks run inside the AM").isZero();
                // memory-milliseconds are charged only for tasks in containers of their own
                if (maps > 0) {
                    assertThat(counters.findCounter(JobCounter.MB_MILLIS_MAPS).getValue()).as(app.getName()).isPositive();
                }
                if (reduces > 0) {
                    assertThat(counters.findCounter(JobCounter.MB_MILLIS_REDUCES).getValue()).as(app.getName()).isPositive();
                }
                TaskCompletionEvent[] events = job.getTaskCompletionEvents(0, 10_000);
                assertThat(events).as("task attempts of %s", id).hasSizeGreaterThanOrEqualTo((int) (maps + reduces))
                        .allSatisfy(e -> assertThat(e.getTaskTrackerHttp()).as("the NodeManager that ran %s", e.getTaskAttemptId()).isNotBlank());
                byName.put(app.getName(), counters);
            }
        } finally {
            cluster.close();
        }
        return byName;
    }

    private static List<ApplicationReport> applicationsSince(long since, String namePrefix) throws Exception {
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(conf);
            yarn.start();
            return yarn.getApplications(Collections.singleton("MAPREDUCE"), EnumSet.allOf(YarnApplicationState.class)).stream()
                    .filter(a -> a.getStartTime() >= since && a.getName().startsWith(namePrefix))
                    .toList();
        }
    }

    private static long linesRead(Result result) {
        Matcher m = LINES_READ.matcher(result.output());
        assertThat(m.find()).as("a summary in:\n%s", result.output()).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** `hadoop jar ranker-job/target/ranker-job.jar ARGS`: RunJar, with the Main-Class from the jar's manifest. */
    private static Result hadoopJar(String... args) throws Exception {
        return hadoopJar(Map.of(), args);
    }

    private static Result hadoopJar(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("org.apache.hadoop.util.RunJar", JAR.toString()));
        command.addAll(List.of(args));
        return hadoop(env, command.toArray(String[]::new));
    }

    /** A Hadoop command in a JVM of its own on the cluster's client classpath, as `bin/hadoop CLASS ARGS` runs it. */
    private static Result hadoop(String... mainAndArgs) throws Exception {
        return hadoop(Map.of(), mainAndArgs);
    }

    private static Result hadoop(Map<String, String> env, String... mainAndArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dhadoop.root.logger=WARN,console",
                "-cp", clusterEnv.get("HADOOP_CONF_DIR") + File.pathSeparator + clusterEnv.get("SALESRANK_HADOOP_CLASSPATH")));
        command.addAll(List.of(mainAndArgs));
        // files only: scripts/test.sh exports the stack's SALESRANK_DB_* for every test, and this test is
        // not about replacing the stack's live ranking
        // (unless the caller passes them on)
        Map<String, String> processEnv = new HashMap<>();
        for (String name : List.of("SALESRANK_DB_URL", "SALESRANK_DB_USER", "SALESRANK_DB_PASSWORD")) {
            processEnv.put(name, null);
        }
        processEnv.putAll(env);
        return run(command, processEnv, 600);
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command from the repository's root; env entries with a null value are removed. */
    private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true);
        File out = File.createTempFile("hadoop-jar-it", ".out");
        pb.redirectOutput(out);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(out.toPath()));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath()));
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    /** Writes an hour of sales; returns how many of them lie in the window. */
    private static long writeSales(Path file, Instant hour, int lines, Random random, ExpectedRanking expected) throws IOException {
        StringBuilder text = new StringBuilder();
        long inWindow = 0;
        for (int i = 0; i < lines; i++) {
            Instant at = hour.plusSeconds(random.nextInt(3600));
            long product = 1 + (long) Math.floor(Math.pow(random.nextDouble(), 3) * 120);
            long category = 1 + product % 7;
            int qty = 1 + random.nextInt(3);
            text.append(at).append('\t').append(product).append('\t').append(category).append('\t')
                    .append(qty).append("\t1.00\t1\t1\n");
            if (!at.isBefore(WINDOW_START) && at.isBefore(WINDOW_END)) {
                expected.add(category, product, qty);
                inWindow++;
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return inWindow;
    }
}
