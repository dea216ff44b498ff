# The ranker job image: ranker-job.jar plus its `provided` dependencies (the shaded Hadoop client pair,
# hadoop-aws and the few AWS SDK v2 modules S3A loads; never the 686 MB SDK bundle), run in Hadoop's
# local mode, and the sales generator (test data, for `seed-s3`). Commands: `rank` (default), `head`, `seed-s3`, `catalog` and `migrate` (see docker/ranker-entrypoint.sh).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl ranker-job,sales-generator -am -DskipTests package dependency:copy-dependencies \
      -DincludeScope=compile -DoutputDirectory=/out/lib \
 && cp ranker-job/target/ranker-job.jar sales-generator/target/sales-generator.jar /out/

FROM eclipse-temurin:17-jre
COPY --from=build /out /opt/salesrank
COPY docker/ranker-entrypoint.sh /usr/local/bin/ranker
USER 65534
ENTRYPOINT ["/usr/local/bin/ranker"]
CMD ["rank"]
