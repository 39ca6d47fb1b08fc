#!/usr/bin/env bash
# Local Neo4j Community (embedded, Bolt only) without Docker. See docs/neo4j.md.
#
#   scripts/neo4j.sh start|stop|status|kill|uri|help
#   scripts/neo4j.sh import DIR   run Neo4j's offline importer on DIR (written by
#                                 `supplygraph import prepare`) into the stopped instance
#
# Environment:
#   NEO4J_BOLT_PORT       Bolt port on 127.0.0.1 (default 7687)
#   NEO4J_DATA_DIR        data dir / Neo4j home (default <repo>/.data/neo4j-$NEO4J_BOLT_PORT)
#   NEO4J_HEAP            JVM heap, -Xms/-Xmx syntax (default 2g)
#   NEO4J_PAGECACHE       page cache size (default 1g)
#   NEO4J_GC              JVM garbage collector: Parallel (default) or G1. On 2 cores the
#                         throughput collector writes about 1.4x faster (see docs/neo4j.md)
#   NEO4J_TX_MEMORY       total transaction memory limit (default: half the heap)
#   NEO4J_TX_MEMORY_MAX   per-transaction memory limit, 0 = only the total applies (default 0)
#   NEO4J_START_TIMEOUT   seconds `start` waits for readiness (default 120)
#   NEO4J_STOP_TIMEOUT    seconds `stop` waits after SIGTERM before SIGKILL (default 60)
#   NEO4J_JAVA_HOME       JDK to use (must be 17 or 21); else JAVA_HOME if it is 17/21,
#                         else a JDK 17/21 found under /usr/lib/jvm
#   NEO4J_JAVA_OPTS       extra JVM options (word-split)
#   NEO4J_MVN             Maven command (default mvn); only needed for the first start
#   NEO4J_IMPORT_OVERWRITE  1: `import` replaces an existing database (default: refuse)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd -P)"
TOOL_DIR="$REPO_ROOT/tools/neo4j"
TARGET_DIR="$TOOL_DIR/target"
SOURCE_FILES=("$TOOL_DIR/src/main/java/supplygraph/neo4j/Launcher.java" "$TOOL_DIR/src/main/java/supplygraph/neo4j/Import.java")
MAIN_CLASS="supplygraph.neo4j.Launcher"
CLASSPATH_FILE="$TARGET_DIR/classpath.txt"
CLASSES_DIR="" # set by set_classes_dir: $TARGET_DIR/launcher-classes-<hash>

PORT="${NEO4J_BOLT_PORT:-7687}"
DATA_DIR="${NEO4J_DATA_DIR:-$REPO_ROOT/.data/neo4j-$PORT}"
HEAP="${NEO4J_HEAP:-2g}"
PAGECACHE="${NEO4J_PAGECACHE:-1g}"
GC="${NEO4J_GC:-Parallel}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if ! [[ "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
  die "invalid NEO4J_BOLT_PORT: $PORT"
fi
[[ "$START_TIMEOUT" =~ ^[0-9]+$ ]] || die "invalid NEO4J_START_TIMEOUT: $START_TIMEOUT"
[[ "$GC" == Parallel || "$GC" == G1 ]] || die "invalid NEO4J_GC: $GC (Parallel or G1)"
[[ "$STOP_TIMEOUT" =~ ^[0-9]+$ ]] || die "invalid NEO4J_STOP_TIMEOUT: $STOP_TIMEOUT"

# Absolute, normalised, symlink-free data dir (a relative NEO4J_DATA_DIR is relative to
# the cwd). It names the instance, so start/stop/status/kill must all agree on it; only
# `start` creates it.
[[ "$DATA_DIR" = /* ]] || DATA_DIR="$PWD/$DATA_DIR"
if command -v realpath >/dev/null 2>&1 && realpath -m / >/dev/null 2>&1; then
  DATA_DIR="$(realpath -m "$DATA_DIR")"
elif [[ -d "$DATA_DIR" ]]; then
  DATA_DIR="$(cd "$DATA_DIR" && pwd -P)"
fi

PID_FILE="$DATA_DIR/neo4j.pid"
READY_FILE="$DATA_DIR/neo4j.ready"
LOG_FILE="$DATA_DIR/neo4j.log"
LOCK_FILE="$DATA_DIR/neo4j.lock"

# --- helpers -----------------------------------------------------------------

# Runs "$@" while holding an exclusive flock on file $1 (skipped where flock is missing).
with_lock() {
  local lockfile="$1"
  shift
  if command -v flock >/dev/null 2>&1; then
    (
      exec 9>"$lockfile"
      flock 9
      "$@"
    )
  else
    "$@"
  fi
}

java_major() { # $1 = JDK home; prints the feature version, or nothing
  local release="$1/release" v
  [[ -x "$1/bin/java" && -x "$1/bin/javac" ]] || return 0
  if [[ -r "$release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1)"
  else
    v="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  fi
  printf '%s' "$v"
}

find_jdk() {
  local cand major
  if [[ -n "${NEO4J_JAVA_HOME:-}" ]]; then
    major="$(java_major "$NEO4J_JAVA_HOME")"
    [[ "$major" == 17 || "$major" == 21 ]] ||
      die "NEO4J_JAVA_HOME=$NEO4J_JAVA_HOME is not a JDK 17 or 21 (Neo4j 5.26 needs one)"
    JDK="$NEO4J_JAVA_HOME"
    return
  fi
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk* \
    /usr/lib/jvm/*-17-* /usr/lib/jvm/java-21-openjdk* /usr/lib/jvm/*-21-*; do
    [[ -n "$cand" && -d "$cand" ]] || continue
    major="$(java_major "$cand")"
    if [[ "$major" == 17 || "$major" == 21 ]]; then
      JDK="$cand"
      return
    fi
  done
  die "no JDK 17 or 21 found (set NEO4J_JAVA_HOME); Neo4j 5.26 does not run on other versions"
}

# Resolves the runtime classpath with Maven once; later calls reuse the cached file and
# never touch the network (unless pom.xml changed or a jar vanished from ~/.m2).
resolve_classpath() {
  local jar stale=0 tmp mvn_log
  if [[ ! -s "$CLASSPATH_FILE" || "$TOOL_DIR/pom.xml" -nt "$CLASSPATH_FILE" ]]; then
    stale=1
  else
    local IFS=:
    for jar in $(<"$CLASSPATH_FILE"); do
      [[ -f "$jar" ]] || { stale=1; break; }
    done
  fi
  ((stale)) || return 0
  local mvn="${NEO4J_MVN:-mvn}"
  command -v "${mvn%% *}" >/dev/null 2>&1 || die "Maven ('$mvn') is needed once to fetch the Neo4j jars"
  log "resolving Neo4j jars with Maven (first start only; cached in ~/.m2)"
  tmp="$CLASSPATH_FILE.tmp.$$"
  mvn_log="$TARGET_DIR/maven.log"
  if ! JAVA_HOME="$JDK" $mvn -q -B -f "$TOOL_DIR/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$tmp" -Dmdep.includeScope=runtime >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2 || true
    rm -f "$tmp"
    die "Maven failed to resolve the classpath (full output: $mvn_log)"
  fi
  [[ -s "$tmp" ]] || die "Maven produced an empty classpath"
  mv -f "$tmp" "$CLASSPATH_FILE"
}

# Compiles the launcher only when its source (or the classpath) changed. The output dir
# is named after the inputs' hash and never rewritten in place, so instances starting
# concurrently (tests) cannot see a half-written class directory.
set_classes_dir() {
  local sum
  sum="$(cat "${SOURCE_FILES[@]}" "$CLASSPATH_FILE" | sha256sum | cut -c1-16)"
  CLASSES_DIR="$TARGET_DIR/launcher-classes-$sum"
}

compile_launcher() {
  local tmp old
  set_classes_dir
  [[ -f "$CLASSES_DIR/supplygraph/neo4j/Launcher.class" && -f "$CLASSES_DIR/supplygraph/neo4j/Import.class" ]] && return 0
  log "compiling $MAIN_CLASS"
  tmp="$TARGET_DIR/launcher-classes.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! "$JDK/bin/javac" --release 17 -nowarn -encoding UTF-8 -cp "$(<"$CLASSPATH_FILE")" -d "$tmp" "${SOURCE_FILES[@]}"; then
    rm -rf "$tmp"
    die "javac failed"
  fi
  rm -rf "$CLASSES_DIR"
  mv "$tmp" "$CLASSES_DIR"
  # Outdated builds (running instances have long loaded their two classes).
  for old in "$TARGET_DIR"/launcher-classes-*; do
    [[ "$old" == "$CLASSES_DIR" ]] || rm -rf "$old"
  done
}

build() {
  mkdir -p "$TARGET_DIR"
  with_lock "$TARGET_DIR/build.lock" build_locked
  set_classes_dir # with_lock ran in a subshell
}
build_locked() {
  resolve_classpath
  compile_launcher
}

# True if $1 is a live process. A zombie main thread counts as dead once the JVM's other
# threads are gone too (they hold the store files and the Bolt socket until then).
alive() {
  local pid="$1" state tasks
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
    if [[ "$state" == Z ]]; then
      tasks=("/proc/$pid/task/"*)
      ((${#tasks[@]} > 1)) || return 1
    fi
  fi
}

# True if $1 is a live process running our launcher for $DATA_DIR (guards against a
# stale pid file whose pid was reused by something else).
is_our_process() {
  local pid="$1" cmd
  alive "$pid" || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  else
    cmd="$(ps -o command= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *"$MAIN_CLASS --data-dir $DATA_DIR --port "* ]]
}

running_pid() { # prints the pid of the live instance for $DATA_DIR, or fails
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  is_our_process "$pid" || return 1
  printf '%s' "$pid"
}

port_open() { # $1 = port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

marker_uri() { sed -n 's/^uri=//p' "$READY_FILE" 2>/dev/null | head -n1; }

# Ready = process alive, ready marker written by the launcher, Bolt port accepting.
is_ready() {
  local uri port
  running_pid >/dev/null || return 1
  [[ -f "$READY_FILE" ]] || return 1
  uri="$(marker_uri)"
  port="${uri##*:}"
  [[ "$port" =~ ^[0-9]+$ ]] || return 1
  port_open "$port"
}

log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    log "last lines of $LOG_FILE:"
    tail -n "${1:-40}" "$LOG_FILE" >&2 || true
  fi
}

wait_gone() { # $1 = pid, $2 = seconds; fails if still alive afterwards
  local pid="$1" deadline=$((SECONDS + $2))
  while alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

print_uri() {
  local uri
  uri="$(marker_uri)"
  if [[ "$uri" != "bolt://127.0.0.1:$PORT" ]]; then
    log "note: the instance for $DATA_DIR listens on $uri, not on port $PORT"
  fi
  printf '%s\n' "$uri"
}

# --- subcommands -------------------------------------------------------------

cmd_start() {
  mkdir -p "$DATA_DIR"
  with_lock "$LOCK_FILE" start_locked
}

start_locked() {
  local pid started
  started=$SECONDS
  if pid="$(running_pid)"; then
    if ! is_ready; then
      log "an instance (pid $pid) for $DATA_DIR is starting; waiting for it"
      wait_ready "$pid" "$started"
    fi
    print_uri
    return 0
  fi
  # Leftovers of a crashed instance. A just-killed one may hold its socket for a moment
  # longer, so then give the port a few seconds to be released.
  local port_grace=0
  if [[ -e "$PID_FILE" || -e "$READY_FILE" ]]; then
    port_grace=10
  fi
  rm -f "$PID_FILE" "$READY_FILE"

  local port_deadline=$((SECONDS + port_grace))
  while port_open "$PORT"; do
    if ((SECONDS >= port_deadline)); then
      die "port 127.0.0.1:$PORT is already in use by another process (set NEO4J_BOLT_PORT)"
    fi
    sleep 0.2
  done

  find_jdk
  build

  local -a jvm_opts=(
    "-Xms$HEAP" "-Xmx$HEAP"
    "-XX:+Use${GC}GC"
    -XX:-OmitStackTraceInFastThrow
    -XX:+ExitOnOutOfMemoryError
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
    -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024
    -Dio.netty.tryReflectionSetAccessible=true
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    # Older JDKs' inlining limits (JDK 17: 15 and 2500): smaller C2 compilations, so a just-started
    # instance on 2 cores reaches compiled code sooner (docs/neo4j.md, "JIT compilation").
    -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true
    -Dfile.encoding=UTF-8
  )
  local -a extra_opts=()
  if [[ -n "${NEO4J_JAVA_OPTS:-}" ]]; then
    read -r -a extra_opts <<<"$NEO4J_JAVA_OPTS"
  fi
  local -a launcher_args=(--data-dir "$DATA_DIR" --port "$PORT" --pagecache "$PAGECACHE")
  [[ -z "${NEO4J_TX_MEMORY:-}" ]] || launcher_args+=(--tx-memory "$NEO4J_TX_MEMORY")
  [[ -z "${NEO4J_TX_MEMORY_MAX:-}" ]] || launcher_args+=(--tx-memory-max "$NEO4J_TX_MEMORY_MAX")

  printf '\n%s neo4j.sh: starting (port %s, heap %s, pagecache %s, gc %s, java %s)\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PORT" "$HEAP" "$PAGECACHE" "$GC" "$JDK" >>"$LOG_FILE"
  # setsid: own session, so the terminal's Ctrl-C or a test harness killing its process
  # group does not take Neo4j down; fd 9 (our lock) is closed for the child. Keep
  # "--data-dir DIR --port" first and in that order: is_our_process matches on it.
  (
    cd "$DATA_DIR"
    exec nohup setsid "$JDK/bin/java" "${jvm_opts[@]}" "${extra_opts[@]}" \
      -cp "$CLASSES_DIR:$(<"$CLASSPATH_FILE")" "$MAIN_CLASS" "${launcher_args[@]}" \
      </dev/null >>"$LOG_FILE" 2>&1 9>&-
  ) &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  wait_ready "$pid" "$started"
  print_uri
}

wait_ready() { # $1 = pid, $2 = $SECONDS at start
  local pid="$1" deadline=$(($2 + START_TIMEOUT))
  while :; do
    # alive, not is_our_process: right after the fork the child may not have exec'd java yet.
    if ! alive "$pid"; then
      sleep 0.3 # let the last log lines land
      log_tail 60
      rm -f "$PID_FILE" "$READY_FILE"
      die "Neo4j exited during startup (data dir $DATA_DIR)"
    fi
    if is_ready; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log_tail 60
      log "Neo4j not ready after ${START_TIMEOUT}s; stopping pid $pid"
      stop_pid "$pid" || true
      die "start timed out (NEO4J_START_TIMEOUT=$START_TIMEOUT)"
    fi
    sleep 0.2
  done
}

stop_pid() { # $1 = pid
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    log "pid $pid still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
  fi
  rm -f "$PID_FILE" "$READY_FILE"
}

cmd_stop() {
  if [[ ! -d "$DATA_DIR" ]]; then
    log "not running (no data dir $DATA_DIR)"
    return 0
  fi
  with_lock "$LOCK_FILE" stop_locked
}

stop_locked() {
  local pid
  if pid="$(running_pid)"; then
    stop_pid "$pid"
    log "stopped (pid $pid, data dir $DATA_DIR)"
  else
    rm -f "$PID_FILE" "$READY_FILE"
    log "not running (data dir $DATA_DIR)"
  fi
}

cmd_kill() {
  # No lock: this simulates a crash and must work even while a start/stop is waiting.
  local pid
  if pid="$(running_pid)"; then
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
    # pid file and ready marker are deliberately left behind, like after a real crash;
    # the next start detects and removes them.
    log "killed (pid $pid, data dir $DATA_DIR)"
  else
    log "not running (data dir $DATA_DIR)"
  fi
}

# Runs the offline importer (supplygraph.neo4j.Import) into $DATA_DIR's store, with the
# options `supplygraph import prepare` wrote. The instance must be stopped; an existing
# database is replaced only with NEO4J_IMPORT_OVERWRITE=1.
cmd_import() {
  (($# == 1)) || die "usage: neo4j.sh import DIR (a directory written by 'supplygraph import prepare')"
  IMPORT_DIR="$1"
  [[ -d "$IMPORT_DIR" ]] || die "import: no directory $IMPORT_DIR"
  [[ -f "$IMPORT_DIR/importer-args.txt" ]] ||
    die "import: $IMPORT_DIR/importer-args.txt is missing: write the directory with 'supplygraph import prepare DATASET $IMPORT_DIR'"
  mkdir -p "$DATA_DIR"
  # Under the instance's lock, so that no start can open the store while the importer writes it.
  with_lock "$LOCK_FILE" import_locked
}

import_locked() {
  local pid
  if pid="$(running_pid)"; then
    die "Neo4j (pid $pid) is running on $DATA_DIR; stop it first (the importer writes the store offline)"
  fi
  local -a args
  mapfile -t args <"$IMPORT_DIR/importer-args.txt"
  if [[ -d "$DATA_DIR/data/databases/neo4j" ]]; then
    [[ "${NEO4J_IMPORT_OVERWRITE:-}" == 1 ]] ||
      die "$DATA_DIR already has a database; an import replaces all of it: set NEO4J_IMPORT_OVERWRITE=1 to do so"
    args+=(--overwrite-destination=true)
  fi
  find_jdk
  build
  log "importing $IMPORT_DIR into $DATA_DIR"
  "$JDK/bin/java" "-Xmx$HEAP" -cp "$CLASSES_DIR:$(<"$CLASSPATH_FILE")" supplygraph.neo4j.Import \
    --data-dir "$DATA_DIR" "${args[@]}"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if is_ready; then
      printf 'running pid=%s uri=%s data=%s\n' "$pid" "$(marker_uri)" "$DATA_DIR"
      return 0
    fi
    printf 'starting pid=%s data=%s\n' "$pid" "$DATA_DIR"
    return 1
  fi
  printf 'stopped data=%s\n' "$DATA_DIR"
  return 3
}

cmd_uri() {
  is_ready || die "not running (data dir $DATA_DIR)"
  marker_uri
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill ;;
  uri) cmd_uri ;;
  import)
    shift
    cmd_import "$@"
    ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
