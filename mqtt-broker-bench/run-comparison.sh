#!/usr/bin/env bash
# Compares this broker with Eclipse Mosquitto and HiveMQ CE (embedded) on this machine, over loopback only.
#
#   mqtt-broker-bench/run-comparison.sh                 # full comparison, writes docs/benchmarks.md
#   QUICK=1 mqtt-broker-bench/run-comparison.sh         # smoke test: short runs, fewer scenarios, one round
#
# Builds what it needs, installs mosquitto with apt-get if missing, then for every round starts each broker fresh
# (the order rotates from round to round), runs every scenario of the load tool against it, stops it and starts the
# next. Start-up time is measured in separate fresh launches. Result lines go to mqtt-broker-bench/target/results.jsonl
# (the previous run's become results.jsonl.previous), logs to mqtt-broker-bench/target/comparison/; the bench jar's
# report command turns the results into Markdown. Not part of the build or the test suite.
#
# Environment:
#   ROUNDS=3            interleaved rounds (1 with QUICK=1)
#   QUICK=1             3 s measured after 1 s warm-up, 6 scenarios, 1000 idle connections, 2 start-ups per broker
#   SOAK=1              adds a soak of SOAK_MINUTES (10) per broker, in round 1
#   BROKERS=ours,hivemq,mosquitto   the brokers to compare, any subset
#   STARTUPS=5          fresh launches per broker for the start-up time
#   BASE_PORT=18840     ours on BASE_PORT, HiveMQ CE on +1, Mosquitto on +2 (never 1883, where Debian's
#                       mosquitto service may listen)
#   JVM_FLAGS="-Xms256m -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch"   for both Java brokers
#   LOAD_JVM_FLAGS="-Xms512m -Xmx2g"           for the load tool
#   BROKER_CPUS, LOAD_CPUS   taskset CPU lists (e.g. 0 and 1): pin every broker to the first and the load tool to
#                       the second, so they stop competing for the same cores (unset: both float over all of them)
#   REPORT_FILE         where the Markdown goes (docs/benchmarks.md; target/benchmarks-quick.md with QUICK=1)
#   SKIP_BUILD=1        use the jars already built
#   REPORT_ONLY=1       run nothing: write the report again from the last run's result lines (after a change to the
#                       report command), with the same ROWS and REPORT_FILE as that run
#   ROWS=persistent     only the persistent-session rows (with REPORT_FILE, so the full report is not replaced)
#   ROWS=scale          only the scale rows (with REPORT_FILE): a fleet of 19,000 devices at 1 msg/s, 100,000
#                       wildcard subscriptions with 1,000,000 topic names, 100,000 retained messages; each on a
#                       fresh broker
#   ROWS=idle           only the idle and reconnect rows (with REPORT_FILE): 10,000 idle connections, memory per
#                       connection and connect rate; eight waves of 10,000 clients that connect, subscribe and leave,
#                       on a fresh broker; every broker in each round
#   ROWS=latency        only the latency rows (with REPORT_FILE): one publisher into one subscriber at 2,000 and
#                       20,000 msg/s, QoS 0, 1 and 2, every broker in each round
#   ROWS=cluster        only the cluster rows, ours alone (BROKERS and STARTUPS do not apply): one node, and
#                       clusters of two and three nodes on this machine, MQTT on BASE_PORT+20.., Hazelcast on
#                       BASE_PORT+30..; writes docs/benchmarks-cluster.md (target/benchmarks-cluster-quick.md with
#                       QUICK=1)
#
# Exit status 1 when a broker or the load tool failed to run (the report is written all the same); a broker failing
# the load tool's checks is a result, shown in the report, not an error.
set -euo pipefail

cd "$(dirname "$0")/.."

# The command as given, for the report: the settings that came from the environment, then the script.
command_line=""
for setting in ROUNDS QUICK SOAK SOAK_MINUTES BROKERS STARTUPS BASE_PORT JVM_FLAGS LOAD_JVM_FLAGS BROKER_CPUS \
    LOAD_CPUS REPORT_FILE ROWS; do
    if [ -n "${!setting+x}" ]; then
        value=${!setting}
        [[ $value =~ ^[A-Za-z0-9_,./:=+-]+$ ]] || value="'${value//\'/\'\\\'\'}'"
        command_line+="$setting=$value "
    fi
done
command_line+="mqtt-broker-bench/run-comparison.sh"

QUICK=${QUICK:-0}
SOAK=${SOAK:-0}
SOAK_MINUTES=${SOAK_MINUTES:-10}
ROWS=${ROWS:-all}
report_name=benchmarks
[ "$ROWS" = cluster ] && report_name=benchmarks-cluster
if [ "$QUICK" = 1 ]; then
    ROUNDS=${ROUNDS:-1}
    STARTUPS=${STARTUPS:-2}
    REPORT_FILE=${REPORT_FILE:-mqtt-broker-bench/target/$report_name-quick.md}
else
    ROUNDS=${ROUNDS:-3}
    STARTUPS=${STARTUPS:-5}
    REPORT_FILE=${REPORT_FILE:-docs/$report_name.md}
fi
BROKERS=${BROKERS:-ours,hivemq,mosquitto}
if [ "$ROWS" = cluster ]; then
    # the peers have no cluster to compare: Mosquitto has none, HiveMQ CE leaves it to the Enterprise edition
    BROKERS=ours
    STARTUPS=0
fi
BASE_PORT=${BASE_PORT:-18840}
DEFAULT_JVM_FLAGS="-Xms256m -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch"
JVM_FLAGS=${JVM_FLAGS:-$DEFAULT_JVM_FLAGS}
LOAD_JVM_FLAGS=${LOAD_JVM_FLAGS:--Xms512m -Xmx2g}
SKIP_BUILD=${SKIP_BUILD:-0}
REPORT_ONLY=${REPORT_ONLY:-0}
[ "$REPORT_ONLY" = 1 ] && SKIP_BUILD=1

BENCH_JAR=mqtt-broker-bench/target/mqtt-bench.jar
OURS_JAR=mqtt-broker-engine/target/mqtt-broker-standalone.jar
HIVEMQ_POM=mqtt-broker-bench/hivemq-ce/pom.xml
HIVEMQ_CP="mqtt-broker-bench/hivemq-ce/target/classes:mqtt-broker-bench/hivemq-ce/target/lib/*"
HIVEMQ_MAIN=io.mqttspring.bench.hivemq.HiveMqCeLauncher
WORK=mqtt-broker-bench/target/comparison
RESULTS=mqtt-broker-bench/target/results.jsonl

BROKER_CPUS=${BROKER_CPUS:-}
LOAD_CPUS=${LOAD_CPUS:-}

read -r -a jvm_flags <<<"$JVM_FLAGS"
read -r -a load_jvm_flags <<<"$LOAD_JVM_FLAGS"
IFS=, read -r -a brokers <<<"$BROKERS"

say() {
    printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2
}

die() {
    printf 'run-comparison: %s\n' "$*" >&2
    exit 1
}

for broker in "${brokers[@]}"; do
    case $broker in
        ours | hivemq | mosquitto) ;;
        *) die "BROKERS: unknown broker '$broker' (known: ours, hivemq, mosquitto)" ;;
    esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, not '$ROUNDS'"
[[ $ROWS =~ ^(all|persistent|cluster|scale|latency|idle)$ ]] ||
    die "ROWS must be all, persistent, cluster, scale, latency or idle, not '$ROWS'"
[[ $STARTUPS =~ ^[0-9]+$ ]] || die "STARTUPS must be a number, not '$STARTUPS'"
# cpu_numbers LIST: the CPUs of a taskset list such as 0-2,5, one per line
cpu_numbers() {
    local part
    local -a parts
    IFS=, read -r -a parts <<<"$1"
    for part in "${parts[@]}"; do
        if [[ $part =~ ^([0-9]+)-([0-9]+)$ ]]; then
            seq "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
        elif [[ $part =~ ^[0-9]+$ ]]; then
            echo "$part"
        else
            return 1
        fi
    done
}

# taskset runs the command in its own process (exec), so broker_pid stays the broker's
broker_pin=()
load_pin=()
if [ -n "$BROKER_CPUS$LOAD_CPUS" ]; then
    [ -n "$BROKER_CPUS" ] && [ -n "$LOAD_CPUS" ] || die "set both BROKER_CPUS and LOAD_CPUS, or neither"
    [ "$ROWS" != cluster ] || die "BROKER_CPUS and LOAD_CPUS do not apply to ROWS=cluster, whose nodes share the cores"
    broker_cpus=$(cpu_numbers "$BROKER_CPUS") || die "BROKER_CPUS: not a CPU list such as 0 or 0-2,5: '$BROKER_CPUS'"
    load_cpus=$(cpu_numbers "$LOAD_CPUS") || die "LOAD_CPUS: not a CPU list such as 1 or 1,3: '$LOAD_CPUS'"
    shared_cpus=$(comm -12 <(sort -u <<<"$broker_cpus") <(sort -u <<<"$load_cpus") | paste -s -d , -)
    [ -z "$shared_cpus" ] || die "BROKER_CPUS and LOAD_CPUS share CPUs $shared_cpus: pinning is meant to separate them"
    if [ "$REPORT_ONLY" != 1 ]; then
        command -v taskset >/dev/null || die "BROKER_CPUS and LOAD_CPUS need taskset (util-linux)"
        taskset -c "$BROKER_CPUS" true 2>/dev/null || die "BROKER_CPUS: no such CPUs here: '$BROKER_CPUS'"
        taskset -c "$LOAD_CPUS" true 2>/dev/null || die "LOAD_CPUS: no such CPUs here: '$LOAD_CPUS'"
    fi
    broker_pin=(taskset -c "$BROKER_CPUS")
    load_pin=(taskset -c "$LOAD_CPUS")
    sharing="each broker pinned to CPU list $BROKER_CPUS and the load tool to CPU list $LOAD_CPUS (taskset), so"
    sharing+=" they do not compete for the same cores; a JVM broker sizes its thread pools (ours and HiveMQ CE their"
    sharing+=" event loops) to the CPUs it may use."
else
    sharing="load tool and broker sharing its cores."
fi

wants() {
    [[ ",$BROKERS," == *",$1,"* ]]
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "not root and no sudo to run: $*"
    fi
}

# --- tools and builds ---------------------------------------------------------------------------------------------

command -v java >/dev/null || die "java not found (Java 17 or later is needed)"

mosquitto_bin=""
if wants mosquitto; then
    mosquitto_bin=$(command -v mosquitto || true)
    [ -z "$mosquitto_bin" ] && [ -x /usr/sbin/mosquitto ] && mosquitto_bin=/usr/sbin/mosquitto
    if [ -z "$mosquitto_bin" ]; then
        say "installing mosquitto (Debian package)"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get update -qq
        as_root apt-get install -y -qq mosquitto >/dev/null
        mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
        [ -x "$mosquitto_bin" ] || die "mosquitto is still missing after apt-get install"
    fi
fi

if [ "$SKIP_BUILD" != 1 ]; then
    say "building the bench jar and the standalone broker"
    ./mvnw -B -ntp -q -Pbench -pl mqtt-broker-bench -am package -DskipTests
    if wants hivemq; then
        say "building the HiveMQ CE launcher"
        ./mvnw -B -ntp -q -f "$HIVEMQ_POM" package
    fi
fi
[ -f "$BENCH_JAR" ] || die "$BENCH_JAR is missing: run without SKIP_BUILD=1"
[ -f "$OURS_JAR" ] || die "$OURS_JAR is missing: run without SKIP_BUILD=1"
if wants hivemq; then
    [ -d mqtt-broker-bench/hivemq-ce/target/lib ] || die "the HiveMQ CE launcher is not built: run without SKIP_BUILD=1"
fi

# The load tool is written separately; without it only the start-up times can be measured.
load_tool=1
# listed in full, not piped into grep -q, which would end the listing early and fail it under pipefail
jar_listing=$(jar tf "$BENCH_JAR" 2>/dev/null || unzip -Z1 "$BENCH_JAR" 2>/dev/null || true)
if [[ $jar_listing != *io/mqttspring/bench/load/* ]]; then
    load_tool=0
    say "ERROR: $BENCH_JAR has no load tool (package io.mqttspring.bench.load, command 'load'):"
    say "ERROR: the load scenarios cannot run. Measuring start-up times only; the script will exit with status 1."
fi

# 10,000 idle connections need as many descriptors in the broker and in the load tool.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
    say "warning: ulimit -n is $(ulimit -n); the idle scenario may run out of file descriptors"
fi

mkdir -p "$WORK"
if [ "$REPORT_ONLY" = 1 ]; then
    [ -s "$RESULTS" ] || die "REPORT_ONLY=1: $RESULTS has no result lines to report"
    load_at_start=$(cat "$WORK/load-at-start" 2>/dev/null || echo unknown)
else
    load_at_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
    echo "$load_at_start" >"$WORK/load-at-start"
fi
if awk -v load="${load_at_start%% *}" -v cores="$(nproc)" 'BEGIN { exit !(load > cores / 2) }'; then
    say "warning: the machine is busy (load average $load_at_start on $(nproc) cores): figures will be noisy"
fi

if [ "$REPORT_ONLY" != 1 ]; then
    [ -f "$RESULTS" ] && mv "$RESULTS" "$RESULTS.previous"
    : >"$RESULTS"
fi

port_of() {
    case $1 in
        ours) echo "$BASE_PORT" ;;
        hivemq) echo $((BASE_PORT + 1)) ;;
        mosquitto) echo $((BASE_PORT + 2)) ;;
    esac
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

for broker in "${brokers[@]}"; do
    if port_open "$(port_of "$broker")"; then
        die "port $(port_of "$broker") (for $broker) is already in use: stop what listens there or set BASE_PORT"
    fi
done
# ROWS=cluster: each node's MQTT port from BASE_PORT + 20, its Hazelcast member port from BASE_PORT + 30
node_port() {
    echo $((BASE_PORT + 20 + $1))
}
member_port() {
    echo $((BASE_PORT + 30 + $1))
}
cluster_sizes=(1 2 3)
if [ "$ROWS" = cluster ]; then
    for ((node = 0; node < ${cluster_sizes[-1]}; node++)); do
        for port in "$(node_port "$node")" "$(member_port "$node")"; do
            if port_open "$port"; then
                die "port $port (for the cluster rows) is already in use: stop what listens there or set BASE_PORT"
            fi
        done
    done
fi
if wants mosquitto && port_open 1883; then
    say "note: something (probably Debian's mosquitto service) listens on 1883; the comparison uses" \
        "ports $BASE_PORT-$((BASE_PORT + 2)) and is not affected, but stop it for a quieter machine"
fi

mosquitto_conf=$PWD/$WORK/mosquitto.conf
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$(port_of mosquitto)" >"$mosquitto_conf"

# --- brokers ------------------------------------------------------------------------------------------------------

broker_pid=""
# the nodes of the running cluster configuration (ROWS=cluster)
cluster_pids=()

cleanup() {
    local pid running=()
    for pid in "$broker_pid" "${cluster_pids[@]}"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            running+=("$pid")
        fi
    done
    if [ ${#running[@]} -gt 0 ]; then
        sleep 2
        for pid in "${running[@]}"; do
            kill -KILL "$pid" 2>/dev/null || true
        done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# launch BROKER LOG [extra launcher arguments...]: starts the broker in the background, sets broker_pid
launch() {
    local broker=$1 log=$2
    shift 2
    local port
    port=$(port_of "$broker")
    case $broker in
        ours)
            "${broker_pin[@]}" java "${jvm_flags[@]}" -jar "$OURS_JAR" --host 127.0.0.1 --port "$port" \
                --sys-interval 0 "$@" >"$log" 2>&1 &
            ;;
        hivemq)
            "${broker_pin[@]}" java "${jvm_flags[@]}" -cp "$HIVEMQ_CP" "$HIVEMQ_MAIN" --host 127.0.0.1 \
                --port "$port" "$@" >"$log" 2>&1 &
            ;;
        mosquitto)
            "${broker_pin[@]}" "$mosquitto_bin" -c "${mosquitto_conf_in_use:-$mosquitto_conf}" "$@" >"$log" 2>&1 &
            ;;
    esac
    broker_pid=$!
}

# await_port PORT PID TIMEOUT_SECONDS [PAUSE]: waits until the port accepts, trying again after PAUSE seconds (0:
# at once, about every millisecond); fails if the process exits or time runs out
await_port() {
    local port=$1 pid=$2 deadline=$((SECONDS + $3)) pause=${4:-0.05}
    until port_open "$port"; do
        kill -0 "$pid" 2>/dev/null || return 1
        [ "$SECONDS" -lt "$deadline" ] || return 1
        [ "$pause" = 0 ] || sleep "$pause"
    done
}

stop_broker() {
    local pid=$broker_pid deadline=$((SECONDS + 60))
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "warning: broker pid $pid still running 60 s after SIGTERM, killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    broker_pid=""
}

# --- results ------------------------------------------------------------------------------------------------------

# failure_line BROKER ROUND SCENARIO MESSAGE [load arguments...]: a result line for a run that printed none, with
# the parameters it was given, so the report counts it against the right figures
failure_line() {
    local broker=$1 round=$2 scenario=$3 message=$4
    shift 4
    local members=""
    while [ $# -ge 2 ]; do
        case $1 in
            --qos | --payload | --publishers | --subscribers | --connections) members+=",\"${1#--}\":$2" ;;
        esac
        shift 2
    done
    message=${message//\\/\\\\}
    message=${message//\"/\\\"}
    message=$(tr -d '\000-\037' <<<"$message")
    printf '{"broker":"%s","round":%s,"scenario":"%s"%s,"ok":false,"failure":"%s"}\n' \
        "$broker" "$round" "$scenario" "$members" "$message"
}

# summary LINE: the result line's main figures, for the progress log
summary() {
    local field value parts=()
    for field in broker ok throughput p50Micros p99Micros kibPerConnection connectRate rssSlopeKiBPerMinute \
        startupMillis brokerCpu loadCpu failure; do
        value=$(sed -n "s/.*\"$field\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$1")
        if [ -n "$value" ] && [ "$value" != null ]; then
            parts+=("$field=$value")
        fi
    done
    echo "${parts[*]}"
}

# record LINE: appends one result line and shows its main figures
record() {
    printf '%s\n' "$1" >>"$RESULTS"
    say "  -> $(summary "$1")"
}

# Runs that printed no result line: the harness failed, not the broker's checks; the script then exits with 1.
harness_failures=0

# record_failure BROKER ROUND SCENARIO MESSAGE [load arguments...]
record_failure() {
    harness_failures=$((harness_failures + 1))
    record "$(failure_line "$@")"
}

# load_once LABEL ROUND SCENARIO LOG [load arguments...]: runs the load tool once and records its result line, or a
# failure line when it printed none
load_once() {
    local label=$1 round=$2 scenario=$3 log=$4 output status=0 line
    shift 4
    output=$("${load_pin[@]}" java "${load_jvm_flags[@]}" -jar "$BENCH_JAR" load --scenario "$scenario" \
        --host 127.0.0.1 --label "$label" --round "$round" "$@" 2>>"$log") || status=$?
    line=$(grep '^{' <<<"$output" | tail -n 1 || true)
    if [ -n "$line" ]; then
        record "$line"
    else
        record_failure "$label" "$round" "$scenario" \
            "load tool exited with status $status and no result line: $(tail -n 1 "$log" 2>/dev/null)" "$@"
    fi
}

# run_load BROKER ROUND SCENARIO [load arguments...]
run_load() {
    local broker=$1 round=$2 scenario=$3
    shift 3
    if ! kill -0 "$broker_pid" 2>/dev/null; then
        record_failure "$broker" "$round" "$scenario" "broker process exited before this scenario" "$@"
        return
    fi
    say "round $round, $broker: $scenario $*"
    load_once "$broker" "$round" "$scenario" "$WORK/load-$broker-r$round-$scenario.log" \
        --port "$(port_of "$broker")" --broker-pid "$broker_pid" "$@"
}

# --- scenarios ----------------------------------------------------------------------------------------------------

# open loop: 16 publishers with 64 QoS 1/2 messages in flight each (fan-in), as a fleet of devices that never waits
open_loop="--mode open --inflight 64"

if [ "$QUICK" = 1 ]; then
    timing=(--warmup 1 --duration 3)
    scenarios=("fan-in --qos 0 --payload 64" "fan-in --qos 2 --payload 64" "fan-out --qos 1 --payload 64"
        "fan-in --qos 1 --payload 64 $open_loop" "latency --qos 1 --rate 2000" "idle --connections 1000")
else
    timing=(--warmup 5 --duration 15)
    scenarios=()
    for qos in 0 1 2; do
        for payload in 64 1024; do
            scenarios+=("fan-in --qos $qos --payload $payload")
        done
    done
    scenarios+=("fan-out --qos 0 --payload 64" "fan-out --qos 1 --payload 64")
    # devices publish without waiting for subscribers: the same rows with open-loop publishers
    for qos in 1 2; do
        scenarios+=("fan-in --qos $qos --payload 64 $open_loop" "fan-out --qos $qos --payload 64 $open_loop")
    done
    scenarios+=("latency --qos 1 --rate 2000" "latency --qos 1 --rate 20000" "latency --qos 0 --rate 2000"
        "latency --qos 2 --rate 2000" "idle --connections 10000")
fi
# the loads of many devices, topics and retained messages, each on a fresh broker: one process may open 20,000
# files here, so the fleet stops at 19,000 devices
if [ "$QUICK" = 1 ]; then
    scale_scenarios=("fleet --qos 1 --payload 64 --connections 1000 --rate 1"
        "subscriptions --qos 1 --payload 64 --subscribers 10 --filters 100"
        "retained --qos 1 --payload 64 --messages 10000")
else
    # the fleet warms up for 15 s: a JVM broker that meets 19,000 msg/s cold falls behind for its first seconds,
    # and with 5 s the backlog it then catches up with would be measured as the steady state's latency
    scale_scenarios=("fleet --qos 1 --payload 64 --connections 19000 --rate 1 --warmup 15"
        "subscriptions --qos 1 --payload 64 --subscribers 100 --filters 1000"
        "retained --qos 1 --payload 64 --messages 100000")
fi
if [ "$ROWS" = latency ]; then
    scenarios=("latency --qos 1 --rate 2000" "latency --qos 1 --rate 20000" "latency --qos 0 --rate 2000"
        "latency --qos 2 --rate 2000" "latency --qos 0 --rate 20000" "latency --qos 2 --rate 20000")
elif [ "$ROWS" = idle ]; then
    scenarios=("idle --connections $([ "$QUICK" = 1 ] && echo 1000 || echo 10000)")
fi
soak_scenario="soak --qos 1 --payload 64 --duration $((SOAK_MINUTES * 60))"
# on a fresh broker: its first wave is a reconnect storm after a start, its last steady churn
reconnect_scenario="reconnect --qos 1 --payload 64 $([ "$QUICK" = 1 ] && echo "--connections 1000 --waves 3" \
    || echo "--connections 10000 --waves 8")"

# rotated BROKER_INDEX_OFFSET: the brokers starting at the given offset, for interleaved rounds
rotated() {
    local offset=$1 i
    for ((i = 0; i < ${#brokers[@]}; i++)); do
        echo "${brokers[$(((offset + i) % ${#brokers[@]}))]}"
    done
}

# --- secured rows: TLS, and users with 100 ACL rules ----------------------------------------------------------------

# One closed-loop fan-in QoS 1 row each: over TLS (an EC P-256 certificate, TLS 1.3, the brokers' JDK or OpenSSL TLS),
# and in plain TCP with every client authenticated by user name and password and every publication and subscription
# checked against 100 ACL rules, the one that matches last. HiveMQ CE has no built-in users or ACLs (its file
# extension is separate), so the users row compares ours with Mosquitto only.
secured_scenario="fan-in --qos 1 --payload 64"
security_dir=$PWD/$WORK/security
make_security_material() {
    mkdir -p "$security_dir"
    (
        cd "$security_dir"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key \
            -out server.crt -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
        openssl pkcs12 -export -in server.crt -inkey server.key -out server.p12 -passout pass:changeit -name broker
        rm -f server.jks
        keytool -importkeystore -srckeystore server.p12 -srcstoretype PKCS12 -srcstorepass changeit \
            -destkeystore server.jks -deststoretype JKS -deststorepass changeit -noprompt >/dev/null 2>&1
        rm -f passwd
        java -jar "$OLDPWD/$OURS_JAR" passwd -b passwd bench bench-password >/dev/null
        {
            echo "user bench"
            for ((rule = 0; rule < 99; rule++)); do
                echo "topic readwrite other/$rule/#"
            done
            echo "topic readwrite bench/#"
        } >acl
        # Mosquitto started as root reads its files as the mosquitto user: throw-away material, readable by all
        chmod 644 server.key passwd
    )
    printf 'listener %s 127.0.0.1\ncertfile %s\nkeyfile %s\nallow_anonymous true\n' "$(port_of mosquitto)" \
        "$security_dir/server.crt" "$security_dir/server.key" >"$security_dir/mosquitto-tls.conf"
    printf 'listener %s 127.0.0.1\npassword_file %s\nacl_file %s\nallow_anonymous false\n' "$(port_of mosquitto)" \
        "$security_dir/passwd" "$security_dir/acl" >"$security_dir/mosquitto-users.conf"
}

# run_secured BROKER ROUND VARIANT: launches the broker set up for the variant, runs the secured row, stops it
run_secured() {
    local broker=$1 round=$2 variant=$3 log=$WORK/broker-$broker-r$round-$3.log
    local -a launch_args=() load_args=()
    read -r -a words <<<"$secured_scenario"
    case $variant/$broker in
        tls/ours)
            launch_args=(--port $((BASE_PORT + 10)) --tls-port "$(port_of ours)" --tls-cert "$security_dir/server.crt"
                --tls-key "$security_dir/server.key")
            load_args=(--tls true)
            ;;
        tls/hivemq)
            launch_args=(--tls-keystore "$security_dir/server.jks" --tls-password changeit)
            load_args=(--tls true)
            ;;
        tls/mosquitto)
            mosquitto_conf_in_use=$security_dir/mosquitto-tls.conf
            load_args=(--tls true)
            ;;
        users/ours)
            launch_args=(--password-file "$security_dir/passwd" --acl-file "$security_dir/acl" --allow-anonymous false)
            load_args=(--username bench --password bench-password --variant "users, 100 ACL rules")
            ;;
        users/mosquitto)
            mosquitto_conf_in_use=$security_dir/mosquitto-users.conf
            load_args=(--username bench --password bench-password --variant "users, 100 ACL rules")
            ;;
        users/hivemq)
            return
            ;;
    esac
    launch "$broker" "$log" "${launch_args[@]}"
    mosquitto_conf_in_use=""
    if ! await_port "$(port_of "$broker")" "$broker_pid" 120; then
        say "ERROR: $broker ($variant) did not accept connections; its log ($log) ends with:"
        tail -n 5 "$log" >&2 || true
        record_failure "$broker" "$round" "${words[0]}" "broker did not start ($variant)" "${words[@]:1}" \
            "${load_args[@]}"
        stop_broker
        return
    fi
    run_load "$broker" "$round" "${words[0]}" "${words[@]:1}" "${load_args[@]}" "${timing[@]}"
    stop_broker
}

# --- persistent rows: state on disk ---------------------------------------------------------------------------------

# QoS 1 into a persistent session, each broker keeping state on disk: ours with --data-dir under each sync policy
# (a row per policy), Mosquitto with "persistence true" (its autosave: every 30 minutes and at exit), HiveMQ CE with
# its file persistence (its default outside this benchmark). The offline row pours a fixed number of messages into a
# session whose client is away, then times the drain when it returns; the online row is fan-in to a persistent
# session. Session queues are raised so that the offline row queues every message.
persistent_messages=$([ "$QUICK" = 1 ] && echo 20000 || echo 100000)
persistent_scenarios=("persistent-offline --qos 1 --payload 64 --messages $persistent_messages"
    "persistent-online --qos 1 --payload 64")
persistent_dir=$PWD/$WORK/persistent

# run_persistent BROKER ROUND POLICY: launches the broker with state on disk, runs the persistent rows, stops it
run_persistent() {
    local broker=$1 round=$2 policy=$3 log=$WORK/broker-$broker-r$round-disk-$3.log
    local -a launch_args=()
    local data=$persistent_dir/$broker
    rm -rf "$data"
    mkdir -p "$data"
    case $broker in
        ours)
            launch_args=(--data-dir "$data" --sync-policy "$policy" --max-queued 10000000)
            ;;
        hivemq)
            launch_args=(--file-persistence --max-queue-size 10000000)
            ;;
        mosquitto)
            # Mosquitto started as root writes as the mosquitto user
            chmod 777 "$data"
            printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\n%s\n' \
                "$(port_of mosquitto)" "$data" "max_queued_messages 10000000" >"$persistent_dir/mosquitto.conf"
            mosquitto_conf_in_use=$persistent_dir/mosquitto.conf
            ;;
    esac
    launch "$broker" "$log" "${launch_args[@]}"
    mosquitto_conf_in_use=""
    if ! await_port "$(port_of "$broker")" "$broker_pid" 120; then
        say "ERROR: $broker (disk, $policy) did not accept connections; its log ($log) ends with:"
        tail -n 5 "$log" >&2 || true
        for scenario in "${persistent_scenarios[@]}"; do
            read -r -a words <<<"$scenario"
            record_failure "$broker" "$round" "${words[0]}" "broker did not start (disk)" "${words[@]:1}" \
                --variant "disk, $policy"
        done
        stop_broker
        return
    fi
    for scenario in "${persistent_scenarios[@]}"; do
        read -r -a words <<<"$scenario"
        run_load "$broker" "$round" "${words[0]}" "${words[@]:1}" --variant "disk, $policy" "${timing[@]}"
    done
    stop_broker
    rm -rf "$data"
}

# --- scale rows: many devices, many subscriptions, many retained messages --------------------------------------------

# run_scale BROKER ROUND SCENARIO: launches the broker, runs one scale scenario, stops it
run_scale() {
    local broker=$1 round=$2 scenario=$3 log
    local -a words
    read -r -a words <<<"$scenario"
    log=$WORK/broker-$broker-r$round-${words[0]}.log
    launch "$broker" "$log"
    if ! await_port "$(port_of "$broker")" "$broker_pid" 120; then
        say "ERROR: $broker did not accept connections for ${words[0]}; its log ($log) ends with:"
        tail -n 5 "$log" >&2 || true
        record_failure "$broker" "$round" "${words[0]}" "broker did not start" "${words[@]:1}"
        stop_broker
        return
    fi
    # the scenario's own options come last and win: the fleet warms up longer
    run_load "$broker" "$round" "${words[0]}" "${timing[@]}" --drain 30 "${words[@]:1}"
    stop_broker
}

# --- cluster rows: ours on one node and across two and three ---------------------------------------------------------

# The same scenarios on one standalone node, and on two and three standalone nodes joined into a cluster (Hazelcast,
# TCP/IP member list over 127.0.0.1, as docs/cluster.md shows): the publishers on node A, the subscribers on B, or
# round robin on B and C, so that messages cross nodes. The load tool sums the CPU of every node over the measured
# window. Mosquitto has no cluster and HiveMQ CE keeps its cluster for the Enterprise edition: ours only.
cluster_scenarios=("fan-in --qos 1 --payload 64" "fan-out --qos 1 --payload 64 --subscribers 8"
    "fan-in --qos 0 --payload 64" "latency --qos 1 --rate 2000")
node_names=(A B C D E F G H)

# cluster_label NODES: the configuration's name, the label of its result lines
cluster_label() {
    if [ "$1" = 1 ]; then echo "1 node"; else echo "$1 nodes"; fi
}

# node_log NODES ROUND NODE
node_log() {
    echo "$WORK/broker-cluster$1-r$2-${node_names[$3]}.log"
}

# launch_cluster NODES ROUND: starts the nodes one after the other, each once the previous accepts connections (so
# that each joins the cluster the first formed instead of forming its own), then waits until every node lists all
# members; sets cluster_pids; fails if a node does not start or the cluster does not form within two minutes
launch_cluster() {
    local nodes=$1 round=$2 node other members log deadline=$((SECONDS + 120))
    cluster_pids=()
    for ((node = 0; node < nodes; node++)); do
        local -a cluster_args=()
        if [ "$nodes" -gt 1 ]; then
            members=""
            for ((other = 0; other < nodes; other++)); do
                [ "$other" = "$node" ] || members+="${members:+,}127.0.0.1:$(member_port "$other")"
            done
            cluster_args=(--cluster-host 127.0.0.1 --cluster-port "$(member_port "$node")"
                --cluster-members "$members")
        fi
        java "${jvm_flags[@]}" -jar "$OURS_JAR" --host 127.0.0.1 --port "$(node_port "$node")" --sys-interval 0 \
            "${cluster_args[@]}" >"$(node_log "$nodes" "$round" "$node")" 2>&1 &
        cluster_pids+=($!)
        await_port "$(node_port "$node")" "${cluster_pids[$node]}" 120 || return 1
    done
    [ "$nodes" -gt 1 ] || return 0
    # Hazelcast logs the member list on every node whenever it changes: "Members {size:3, ver:3} ["
    for ((node = 0; node < nodes; node++)); do
        log=$(node_log "$nodes" "$round" "$node")
        until grep -q "Members {size:$nodes," "$log"; do
            kill -0 "${cluster_pids[$node]}" 2>/dev/null || return 1
            [ "$SECONDS" -lt "$deadline" ] || return 1
            sleep 0.2
        done
    done
}

# stop_cluster: SIGTERM to every node at once, SIGKILL to those still running after 60 s
stop_cluster() {
    local pid deadline=$((SECONDS + 60))
    for pid in "${cluster_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${cluster_pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "warning: node pid $pid still running 60 s after SIGTERM, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    cluster_pids=()
}

# run_cluster NODES ROUND: launches the configuration, runs the cluster scenarios against it, stops it
run_cluster() {
    local nodes=$1 round=$2 label node pid scenario subscriber_ports="" pids
    label=$(cluster_label "$nodes")
    local -a across=()
    for ((node = 1; node < nodes; node++)); do
        subscriber_ports+="${subscriber_ports:+,}$(node_port "$node")"
    done
    [ -z "$subscriber_ports" ] || across=(--subscriber-ports "$subscriber_ports")
    say "round $round, $label: starting"
    if ! launch_cluster "$nodes" "$round"; then
        say "ERROR: $label did not start or form a cluster within 2 minutes; the nodes' logs end with:"
        for ((node = 0; node < nodes; node++)); do
            tail -n 3 "$(node_log "$nodes" "$round" "$node")" >&2 2>/dev/null || true
        done
        for scenario in "${cluster_scenarios[@]}"; do
            read -r -a words <<<"$scenario"
            record_failure "$label" "$round" "${words[0]}" "the nodes did not start or form a cluster" \
                "${words[@]:1}"
        done
        stop_cluster
        return
    fi
    pids=$(IFS=,; echo "${cluster_pids[*]}")
    for scenario in "${cluster_scenarios[@]}"; do
        read -r -a words <<<"$scenario"
        for pid in "${cluster_pids[@]}"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                record_failure "$label" "$round" "${words[0]}" "a node exited before this scenario" "${words[@]:1}"
                continue 2
            fi
        done
        say "round $round, $label: $scenario ${across[*]}"
        load_once "$label" "$round" "${words[0]}" "$WORK/load-cluster$nodes-r$round-${words[0]}.log" \
            --port "$(node_port 0)" "${across[@]}" --broker-pid "$pids" "${words[@]:1}" "${timing[@]}"
    done
    stop_cluster
}

if [ "$REPORT_ONLY" = 1 ]; then
    say "REPORT_ONLY=1: reporting the $(wc -l <"$RESULTS") result lines of the last run"
elif [ "$load_tool" = 1 ] && [ "$ROWS" = cluster ]; then
    say "cluster rows: ${#cluster_scenarios[@]} scenarios x ${cluster_sizes[*]} nodes x $ROUNDS rounds, ${timing[*]}"
    for ((round = 1; round <= ROUNDS; round++)); do
        # the configurations interleaved, their order rotating from round to round
        for ((i = 0; i < ${#cluster_sizes[@]}; i++)); do
            run_cluster "${cluster_sizes[$(((round - 1 + i) % ${#cluster_sizes[@]}))]}" "$round"
        done
    done
elif [ "$load_tool" = 1 ] && [ "$ROWS" = scale ]; then
    for ((round = 1; round <= ROUNDS; round++)); do
        for broker in $(rotated $((round - 1))); do
            for scenario in "${scale_scenarios[@]}"; do
                run_scale "$broker" "$round" "$scenario"
            done
        done
    done
elif [ "$load_tool" = 1 ] && [ "$ROWS" = persistent ]; then
    mkdir -p "$persistent_dir"
    for ((round = 1; round <= ROUNDS; round++)); do
        for broker in $(rotated $((round - 1))); do
            for policy in sync periodic; do
                run_persistent "$broker" "$round" "$policy"
            done
        done
    done
elif [ "$load_tool" = 1 ]; then
    mkdir -p "$persistent_dir"
    make_security_material
    say "${#scenarios[@]} scenarios x ${#brokers[@]} brokers x $ROUNDS rounds, ${timing[*]}"
    for ((round = 1; round <= ROUNDS; round++)); do
        for broker in $(rotated $((round - 1))); do
            log=$WORK/broker-$broker-r$round.log
            launch "$broker" "$log"
            if ! await_port "$(port_of "$broker")" "$broker_pid" 120; then
                say "ERROR: $broker did not accept connections on $(port_of "$broker"); its log ($log) ends with:"
                tail -n 5 "$log" >&2 || true
                for scenario in "${scenarios[@]}"; do
                    read -r -a words <<<"$scenario"
                    record_failure "$broker" "$round" "${words[0]}" "broker did not start" "${words[@]:1}"
                done
                stop_broker
                continue
            fi
            for scenario in "${scenarios[@]}"; do
                read -r -a words <<<"$scenario"
                run_load "$broker" "$round" "${words[0]}" "${words[@]:1}" "${timing[@]}"
            done
            if [ "$SOAK" = 1 ] && [ "$round" = 1 ]; then
                read -r -a words <<<"$soak_scenario"
                run_load "$broker" "$round" "${words[0]}" "${words[@]:1}" --warmup 0
            fi
            stop_broker
            [ "$ROWS" != latency ] && run_scale "$broker" "$round" "$reconnect_scenario"
            [[ $ROWS =~ ^(latency|idle)$ ]] && continue
            for variant in tls users; do
                run_secured "$broker" "$round" "$variant"
            done
            for policy in sync periodic; do
                run_persistent "$broker" "$round" "$policy"
            done
            for scenario in "${scale_scenarios[@]}"; do
                run_scale "$broker" "$round" "$scenario"
            done
        done
    done
fi

# --- start-up -----------------------------------------------------------------------------------------------------

# startup_once BROKER LAUNCH: one fresh launch; prints its result line
startup_once() {
    local broker=$1 launch_number=$2 output status=0 begin end
    local log=$WORK/startup-$broker-$launch_number.log
    case $broker in
        ours)
            output=$("${broker_pin[@]}" java "${jvm_flags[@]}" -jar "$BENCH_JAR" startup --round "$launch_number" \
                2>"$log") || status=$?
            ;;
        hivemq)
            output=$("${broker_pin[@]}" java "${jvm_flags[@]}" -cp "$HIVEMQ_CP" "$HIVEMQ_MAIN" --host 127.0.0.1 \
                --port "$(port_of hivemq)" --startup-only --round "$launch_number" 2>"$log") || status=$?
            ;;
        mosquitto)
            # from exec until the port accepts: Mosquitto has no in-process figure to print
            begin=$(date +%s%N)
            launch mosquitto "$log"
            if await_port "$(port_of mosquitto)" "$broker_pid" 30 0; then
                end=$(date +%s%N)
                output=$(printf '{"broker":"mosquitto","round":%s,"scenario":"startup","startupMillis":%s,"ok":true}' \
                    "$launch_number" $(((end - begin) / 1000000)))
            else
                output=""
                status=1
            fi
            stop_broker
            ;;
    esac
    output=$(grep '^{' <<<"$output" | tail -n 1 || true)
    if [ -n "$output" ]; then
        record "$output"
    else
        record_failure "$broker" "$launch_number" startup \
            "launch exited with status $status and no result line: $(tail -n 1 "$log" 2>/dev/null)"
    fi
}

if [ "$STARTUPS" -gt 0 ] && [ "$REPORT_ONLY" != 1 ]; then
    say "start-up: $STARTUPS fresh launches per broker"
    for ((launch_number = 1; launch_number <= STARTUPS; launch_number++)); do
        for broker in $(rotated $((launch_number - 1))); do
            startup_once "$broker" "$launch_number"
        done
    done
fi

# --- report -------------------------------------------------------------------------------------------------------

java_version=$(java -version 2>&1 | paste -s -d ';' - | sed 's/;/; /g')
cpu_model=$(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
hivemq_version=$(sed -n 's:.*<hivemq-ce.version>\(.*\)</hivemq-ce.version>.*:\1:p' "$HIVEMQ_POM")
if [ "$QUICK" = 1 ]; then
    durations="QUICK=1 smoke run: 1 s warm-up and 3 s measured per scenario, 1000 idle connections."
else
    durations="5 s warm-up, then 15 s measured per scenario."
fi
if [ "$SOAK" = 1 ]; then
    durations+=" Soak: $SOAK_MINUTES minutes per broker, in round 1."
fi

# Report options, each text given in pieces that are joined with spaces.
report_options=()
machine() { report_options+=(--machine "$*"); }
method() { report_options+=(--method "$*"); }
broker_note() {
    local broker=$1
    shift
    if wants "$broker"; then
        report_options+=(--broker-note "$broker=$*")
    fi
}

machine "CPU: ${cpu_model:-unknown}, $(nproc) cores available (\`nproc\`)"
machine "Memory: $memory"
machine "Kernel: $(uname -r)"
machine "Java: $java_version"
machine "Open files: \`ulimit -n\` $(ulimit -n)"
machine "Load average when the run started (1, 5, 15 min): $load_at_start (other work on the machine adds noise)"
if wants mosquitto; then
    machine "Mosquitto: $({ "$mosquitto_bin" -h 2>&1 || true; } | head -n 1) (Debian package)"
fi
if wants hivemq; then
    machine "HiveMQ CE: $hivemq_version (com.hivemq:hivemq-community-edition-embedded)"
fi

# finish: the exit status, once the report is written
finish() {
    if [ "$load_tool" = 0 ]; then
        die "the load scenarios did not run: $BENCH_JAR has no load tool yet (start-up times are in $REPORT_FILE)"
    fi
    if [ "$harness_failures" -gt 0 ]; then
        die "$harness_failures run(s) printed no result line (broker or load tool failed to run); logs in $WORK"
    fi
    exit 0
}

if [ "$ROWS" = cluster ]; then
    hazelcast_version=$(unzip -p "$OURS_JAR" META-INF/maven/com.hazelcast/hazelcast/pom.properties 2>/dev/null |
        sed -n 's/^version=//p' || true)
    machine "Hazelcast: ${hazelcast_version:-unknown} (bundled in the standalone jar)"
    if [ "$QUICK" = 1 ]; then
        cluster_durations="QUICK=1 smoke run: 1 s warm-up and 3 s measured per scenario."
    else
        cluster_durations="5 s warm-up, then 15 s measured per scenario."
    fi
    method "Rounds: $ROUNDS, interleaved: every round starts each configuration fresh, runs every scenario against" \
        "it and stops all its nodes before the next starts; the order of the configurations rotates from round to" \
        "round. Everything runs over 127.0.0.1: MQTT ports $(node_port 0) to $(node_port 2) (nodes A to C)," \
        "Hazelcast member ports $(member_port 0) to $(member_port 2)."
    method "Nodes: the standalone jar, \`java $JVM_FLAGS -jar mqtt-broker-standalone.jar --host 127.0.0.1 --port" \
        "<port> --sys-interval 0\`, in a cluster with \`--cluster-host 127.0.0.1 --cluster-port <member port>" \
        "--cluster-members <the other nodes' member ports>\` (docs/cluster.md); everything else default. The nodes" \
        "start one after the other, each once the previous accepts connections, and the scenarios start once every" \
        "node's log lists all the members (Hazelcast's \`Members {size:N\`). A subscription reaches the other nodes" \
        "asynchronously: the load tool waits a second after its subscribers on other nodes are subscribed before it" \
        "publishes."
    method "Scenarios per round: $(printf '%s; ' "${cluster_scenarios[@]}" | sed 's/--//g; s/; $//')." \
        "$cluster_durations fan-in: 16 publishers to 1 subscriber, which is on B in both cluster configurations (C" \
        "has none in the cluster of three); fan-out: 1 publisher to 8 subscribers, 4 on B and 4 on C with three" \
        "nodes; latency: 1 publisher at 2,000 msg/s to 1 subscriber on B, for the percentiles of receive time minus" \
        "intended send time."
    method "Load tool: \`java $LOAD_JVM_FLAGS -jar mqtt-bench.jar load --port <A> --subscriber-ports <B>[,<C>]" \
        "--broker-pid <every node's pid> ...\`; it reads utime + stime of every node from /proc/<pid>/stat at the" \
        "start and at the end of the measured window (clock ticks from \`getconf CLK_TCK\`: $(getconf CLK_TCK))" \
        "and sums them."
    cluster_intro="Our broker only: Mosquitto has no cluster, and HiveMQ CE keeps its cluster for the Enterprise"
    cluster_intro+=" edition. The same load runs on three configurations of the standalone broker: **1 node**,"
    cluster_intro+=" publishers and subscribers on one broker, not clustered; **2 nodes**, two brokers joined into a"
    cluster_intro+=" cluster, the publishers on node A and the subscribers on node B, so that every message crosses"
    cluster_intro+=" nodes; **3 nodes**, the publishers on A and the subscribers round robin on B and C. All the nodes"
    cluster_intro+=" and the load tool run on this one machine and share its $(nproc) cores: a second or third node"
    cluster_intro+=" brings no cores of its own, so these rows measure what the cluster costs (broker CPU per"
    cluster_intro+=" message, and the throughput and latency left on the same cores), not how a cluster scales out"
    cluster_intro+=" over machines."
    cluster_notice=()
    if [ "$load_tool" = 0 ]; then
        cluster_notice=(--notice "The load tool was missing from this build: nothing was measured.")
    elif [ "$QUICK" = 1 ]; then
        cluster_notice=(--notice "QUICK=1 smoke run: short runs; not figures to quote.")
    fi
    mkdir -p "$(dirname "$REPORT_FILE")"
    java -jar "$BENCH_JAR" report --layout cluster --output "$REPORT_FILE" --command "$command_line" \
        "${cluster_notice[@]}" --intro "$cluster_intro" "${report_options[@]}" "$RESULTS"
    cat "$REPORT_FILE"
    finish
fi

method "Rounds: $ROUNDS, interleaved: every round starts each broker fresh, runs every scenario against it and stops" \
    "it before the next starts; the broker order rotates from round to round. Everything runs on this one machine" \
    "over 127.0.0.1, ports $BASE_PORT to $((BASE_PORT + 2)), $sharing"
method "Scenarios per round: $(printf '%s; ' "${scenarios[@]}" | sed 's/--//g; s/; $//'). $durations"
method "Secured rows, each broker launched again for each: ${secured_scenario//--/} over TLS (EC P-256" \
    "certificate, TLS 1.3, each broker's own TLS: the JDK's for ours and HiveMQ CE, OpenSSL for Mosquitto), and" \
    "over plain TCP with every client logging in (a Mosquitto password file) and every publication and subscription" \
    "checked against 100 ACL rules of which the last matches (a Mosquitto ACL file); HiveMQ CE has no built-in" \
    "users or ACLs, so that row compares ours with Mosquitto."
method "Persistent rows, each broker launched again for each with state on disk: ours with --data-dir under the" \
    "sync policy (a QoS 1 publication acknowledged once on disk, group commit) and under the periodic policy (synced" \
    "every second), Mosquitto with persistence true (in memory, saved every 30 minutes and at exit), HiveMQ CE with" \
    "its file persistence; the same peer settings in both rows. persistent-offline pours $persistent_messages QoS 1" \
    "messages from the publishers into a persistent session whose client is away (acknowledged publications per" \
    "second), then times the drain when it returns; persistent-online is fan-in QoS 1 into a persistent session."
if [ "$JVM_FLAGS" = "$DEFAULT_JVM_FLAGS" ]; then
    method "Java brokers (ours, HiveMQ CE) run with the same JVM flags: \`$JVM_FLAGS\`. The initial heap is" \
        "pre-touched, so RSS does not follow whichever young-generation pages the collector touches first. Memory" \
        "figures (idle, fleet, subscriptions, retained) are a Java broker's native memory growth, its RSS beyond the" \
        "committed heap, plus the growth of its live heap after a full collection (through jcmd); for Mosquitto" \
        "its RSS growth alone, read as it is. A Java broker is read once its JIT compiler is idle, 5.5 s later" \
        "(HotSpot hands the compiler's pooled arena chunks back to malloc every 5 s) and after" \
        "\`jcmd System.trim_native_heap\`, so that neither the collector enlarging the heap nor the compiler's" \
        "memory counts. \`-Xmx1g\` caps both alike, and G1 is named although it is the default here."
else
    method "Java brokers (ours, HiveMQ CE) run with the same JVM flags, given in JVM_FLAGS: \`$JVM_FLAGS\`" \
        "(the script's default is \`$DEFAULT_JVM_FLAGS\`)."
fi
method "Reconnect, on a fresh broker: waves of clients ($reconnect_scenario) connect with 64 handshakes under" \
    "way, each with a new client identifier and a clean session, subscribe to a topic each and leave again, two" \
    "seconds apart. The first wave meets a broker that has just started, as a reconnect storm after a restart;" \
    "the last one a broker that has served the others, as steady churn. CPU per connection is the broker's user" \
    "and system time while a wave connects and subscribes, divided by its connections (leaving is not counted);" \
    "the CPU columns are of the last wave. In the last wave 100 subscribers must each receive the message" \
    "published to their topic."
method "Load tool: \`java $LOAD_JVM_FLAGS -jar mqtt-bench.jar load ...\`; it reads broker CPU and RSS from /proc" \
    "for the broker's process id."
method "Start-up: fresh launches per broker ($STARTUPS), interleaved. ours: the bench jar's \`startup\` command;" \
    "HiveMQ CE: the launcher's \`--startup-only\`; both time inside a fresh JVM from building the broker until" \
    "start returns with the listener bound (the JVM's own start not counted). Mosquitto: from exec until its port" \
    "accepts a TCP connection, process start included, polled by the script about every millisecond."

broker_note ours "standalone jar, \`--host 127.0.0.1 --port $(port_of ours) --sys-interval 0\` (no \$SYS" \
    "publisher; the default publishes every 10 s); everything else default (see \`java -jar" \
    "mqtt-broker-standalone.jar --help\`: 32 in-flight messages per client, 1000 queued per session)."
broker_note hivemq "embedded via \`mqtt-broker-bench/hivemq-ce\` (HiveMqCeLauncher): one TCP listener on" \
    "127.0.0.1:$(port_of hivemq), persistence mode \`in-memory\` (default: file), anonymous usage statistics off," \
    "an embedded extension that lets every client in (the role of the allow-all extension in the distribution)," \
    "logging to stderr; everything else default (1000 queued messages per client, strategy discard). Netty 4.1 NIO" \
    "transport: no native epoll on its class path."
broker_note mosquitto "\`listener $(port_of mosquitto) 127.0.0.1\`, \`allow_anonymous true\`; everything else" \
    "default, notably \`max_inflight_messages 20\`, \`max_queued_messages 1000\`, no persistence, and every" \
    "connect logged (to a file here). Single-threaded by design."

notice=()
if [ "$load_tool" = 0 ]; then
    notice=(--notice "The load tool was missing from this build: only start-up times were measured.")
elif [ "$QUICK" = 1 ]; then
    notice=(--notice "QUICK=1 smoke run: short runs and fewer scenarios; not figures to quote.")
fi

# the hand-written optimisation log (profiles, before/after figures) follows the generated tables
report_options+=(--append mqtt-broker-bench/OPTIMISATIONS.md)

mkdir -p "$(dirname "$REPORT_FILE")"
java -jar "$BENCH_JAR" report --output "$REPORT_FILE" --command "$command_line" "${notice[@]}" \
    "${report_options[@]}" "$RESULTS"
cat "$REPORT_FILE"
finish
