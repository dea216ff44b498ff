# The read API: the Spring Boot jar on a JRE. Settings come from the SALESRANK_* environment
# variables (docker-compose.yml), as with scripts/stack.sh env.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl read-api -am -DskipTests package

FROM eclipse-temurin:17-jre
COPY --from=build /src/read-api/target/read-api.jar /opt/salesrank/read-api.jar
USER 65534
EXPOSE 8080
# the JRE image has neither curl nor wget: bash's /dev/tcp does for a health probe
HEALTHCHECK --interval=10s --timeout=3s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/salesrank/read-api.jar"]
