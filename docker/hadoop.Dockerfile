# Single-node Hadoop for docker-compose.yml: the official apache/hadoop image at the version the project
# builds against (hadoop.version in the root pom), with what it lacks for this job added, and nothing replaced:
#   (JDK 17, which the job's classes need in the NodeManager's containers, is the 3.5 image's own: Hadoop 3.5
#   requires it on the server side. The 3.4 images ran Java 8 and needed one added.)
#   - S3A in the tasks: hadoop-aws and the AWS SDK go to share/hadoop/common/lib, which is on every
#     container's classpath (HADOOP_OPTIONAL_TOOLS=hadoop-aws only reaches the client CLI). The SDK is the
#     distribution's bundle jar if the image has one; if not (3.4.3 was released only "lean", without it),
#     the SDK v2 modules S3A loads (the root pom's aws-sdk-v2.version, resolved by Maven from
#     hadoop-runtime/pom.xml, not the 686 MB bundle);
#   - the ranker: ranker-job.jar (as shipped: our classes and the JDBC driver) and the cron entries
#     scripts/run-hourly.sh and run-head.sh, which submit it with this image's own `hadoop jar`.
# Configuration comes from the environment (docker/hadoop/hadoop.env and docker-compose.yml), which the
# image's starter.sh turns into the *-site.xml files (CORE-SITE.XML_fs.defaultFS=... style).
# Not built or run here (no Docker engine on the machine it was written on); see the README.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl ranker-job -am -DskipTests package \
 && ./mvnw -B -q -f hadoop-runtime/pom.xml dependency:copy-dependencies -DincludeScope=compile \
      -DincludeGroupIds=software.amazon.awssdk,software.amazon.eventstream,org.reactivestreams,io.netty \
      -DoutputDirectory=/out/sdk \
 && mkdir -p /out/salesrank \
 && cp ranker-job/target/ranker-job.jar /out/salesrank/

FROM apache/hadoop:3.5.0
USER root
COPY --from=build /out/sdk /tmp/sdk
# a netty module the distribution already ships stays the distribution's (one version on the classpath)
RUN set -e; lib=/opt/hadoop/share/hadoop/common/lib; tools=/opt/hadoop/share/hadoop/tools/lib; \
    cp "$tools"/hadoop-aws-*.jar "$lib/"; \
    if ls "$tools"/bundle-*.jar >/dev/null 2>&1; then cp "$tools"/bundle-*.jar "$lib/"; rm -f /tmp/sdk/*.jar; fi; \
    for jar in /tmp/sdk/*.jar; do [ -e "$jar" ] || continue; \
      name="$(basename "$jar" | sed -E 's/-[0-9][0-9.]*(\.Final)?(-[a-z0-9_-]+)?\.jar$//')"; \
      if ! ls /opt/hadoop/share/hadoop/*/lib/"$name"-[0-9]*.jar >/dev/null 2>&1; then cp "$jar" "$lib/"; fi; \
    done; \
    rm -rf /tmp/sdk; \
    mkdir -p /data /opt/salesrank/var; chown hadoop /data /opt/salesrank/var
COPY --from=build /out/salesrank/ranker-job.jar /opt/salesrank/ranker-job.jar
COPY scripts/cron-lib.sh scripts/run-hourly.sh scripts/run-head.sh /opt/salesrank/scripts/
COPY docker/hadoop/ranker-hadoop.sh /opt/salesrank/bin/ranker
USER hadoop
