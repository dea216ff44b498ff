package com.salesrank.ranker.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server (s3proxy with its filesystem blob store) in a separate JVM on an
 * ephemeral 127.0.0.1 port. Separate, because in-process it would put its newer Jetty and Jackson on
 * Hadoop's classpath. The jar is copied to target/s3proxy/ by the build (maven-dependency-plugin).
 */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "salesrank-it";
    static final String SECRET_KEY = "salesrank-it-secret";

    private static final Pattern STARTED = Pattern.compile("Started ServerConnector.*\\{127\\.0\\.0\\.1:(\\d+)}");

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts s3proxy serving the buckets under {@code dir}/blobs (each bucket is a folder). */
    static S3ProxyServer start(Path dir, String... buckets) throws IOException, InterruptedException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in generate-test-resources; run ./mvnw verify");
        }
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        for (String bucket : buckets) {
            Files.createDirectories(blobs.resolve(bucket));
        }
        Path properties = dir.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                // not filesystem-nio2: up to 3.0.0 its listings omit the size of directory markers, and S3A NPEs
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs.toAbsolutePath()));
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // should the test JVM die without close(), do not leave the server behind
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Matcher started = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (started.find()) {
                return new S3ProxyServer(process, Integer.parseInt(started.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("s3proxy did not start; its log " + log + ":\n" + Files.readString(log));
    }

    /** The S3A settings a client needs for this server; credentials live in the test only. */
    void configure(Configuration conf) {
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        conf.set("fs.s3a.endpoint.region", "us-east-1"); // without it the SDK probes EC2 metadata for one
        conf.setBoolean("fs.s3a.path.style.access", true);
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", ACCESS_KEY);
        conf.set("fs.s3a.secret.key", SECRET_KEY);
        // s3proxy answers 501 to the bulk DeleteObjects call as SDK 2.35 signs it (checksum headers): delete one by one
        conf.setBoolean("fs.s3a.multiobjectdelete.enable", false);
        conf.setInt("fs.s3a.attempts.maximum", 2);
        conf.setInt("fs.s3a.retry.limit", 2);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
