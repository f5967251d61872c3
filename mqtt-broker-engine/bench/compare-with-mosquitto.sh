#!/usr/bin/env bash
# Runs the same loads against this broker (standalone jar) and Mosquitto, one after the other on this machine,
# and prints throughput and latency with the ratio. Needs: a built project (./mvnw -pl mqtt-broker-engine package)
# and mosquitto (apt-get install mosquitto). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
ENGINE=mqtt-broker-engine
JAR=$ENGINE/target/mqtt-broker-standalone.jar
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
[ -f "$JAR" ] || ./mvnw -q -B -pl $ENGINE package -DskipTests
./mvnw -q -B -pl $ENGINE test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test >/dev/null
CP="$ENGINE/target/test-classes:$ENGINE/target/classes:$(cat $ENGINE/target/bench.classpath)"

ours_port=18830
mosquitto_port=18831
java -Xmx1g -jar "$JAR" --host 127.0.0.1 --port $ours_port --sys-interval 0 --max-inflight 200 >/dev/null 2>&1 &
ours=$!
conf=$ENGINE/target/mosquitto-bench.conf
printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_inflight_messages 200\n' $mosquitto_port > "$conf"
mosquitto -c "$conf" >/dev/null 2>&1 &
theirs=$!
trap 'kill $ours $theirs 2>/dev/null' EXIT
sleep 3

load() {
    java -cp "$CP" io.mqttspring.broker.bench.LoadGenerator --port "$1" --seconds "$SECONDS_PER_RUN" "${@:2}"
}

for scenario in "--publishers 4 --subscribers 4 --qos 1 --size 256 --rate 2500" \
                "--publishers 4 --subscribers 1 --qos 0 --size 64" \
                "--publishers 4 --subscribers 4 --qos 0 --size 64" \
                "--publishers 4 --subscribers 1 --qos 1 --size 64" \
                "--publishers 1 --subscribers 16 --qos 0 --size 1024"; do
    # shellcheck disable=SC2086
    a=$(load $ours_port $scenario | tail -1)
    # shellcheck disable=SC2086
    b=$(load $mosquitto_port $scenario | tail -1)
    ra=$(sed -E 's/.*received\/s=([0-9]+).*/\1/' <<<"$a")
    rb=$(sed -E 's/.*received\/s=([0-9]+).*/\1/' <<<"$b")
    echo "ours:      $a"
    echo "mosquitto: $b"
    awk -v a="$ra" -v b="$rb" 'BEGIN { if (b > 0) printf "ratio received/s ours/mosquitto = %.2f\n\n", a / b }'
done
