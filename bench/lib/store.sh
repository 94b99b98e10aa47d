# Shared by bench/checkout.sh and bench/launch.sh: a Release build of the store started on loopback
# against a fresh SQLite file or a throwaway PostgreSQL 15 cluster, and stopped (and the cluster
# deleted) on exit. Source it after setting $port and $results.

store=""
pg_dir=""
pg_bin=""
pg_port=""
stop_store() {
  if [ -n "$store" ]; then
    kill "$store" 2>/dev/null || true
    wait "$store" 2>/dev/null || true
    store=""
  fi
}
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
trap 'stop_store; stop_postgres' EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A throwaway cluster, as the tests start one: initdb refuses root, so it belongs to postgres.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ]; then
    apt-get install -y postgresql-15 >/dev/null
    pg_bin=/usr/lib/postgresql/15/bin
  fi
  pg_dir=$(mktemp -d /tmp/storefront-bench-pg.XXXXXX)
  chown postgres:postgres "$pg_dir"
  (cd /tmp && runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync --locale=C >/dev/null)
  pg_port=$(free_port)
  (cd /tmp && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null)
  (cd /tmp && runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres storefront_bench)
}

# Sets $name, $label and $connection for a provider (sqlite: a fresh file named after $1's bench).
database_for() {
  local provider=$1 bench=$2
  case $provider in
    sqlite)
      rm -f "$results/$bench".db*
      name=Sqlite label=SQLite
      connection="Data Source=$results/$bench.db"
      ;;
    postgresql)
      start_postgres
      name=PostgreSql label="PostgreSQL 15"
      # The store's pool stays under the cluster's max_connections; shoppers queue for a connection.
      connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=storefront_bench;Maximum Pool Size=100"
      ;;
    *) echo "unknown provider $provider"; exit 2 ;;
  esac
}

# The settings every bench store runs with, printed with the results. Production, on plain http
# on loopback, the built-in test gateway, demo data off, the request log line silenced. Each
# simulated shopper sends its own X-Forwarded-For from loopback, the proxy the store trusts by
# default, so every shopper is its own client address for the limits of ADR 0015/0016.
bench_settings="ASPNETCORE_ENVIRONMENT=Production Security:RequireHttps=false Store:BaseUrl=$base Payments:TestMode=true ForwardedHeaders:Enabled=true Database:SeedDemoData=false"

# Starts the store on an empty database (it migrates it). Extra arguments are configuration
# overrides (--Key=value) the caller also prints. BENCH_STORE_DIR runs another published build
# instead of this one (e.g. an earlier commit's, to compare).
start_store() {
  local provider=$1 connection=$2 log=$3
  shift 3
  (
    cd "${BENCH_STORE_DIR:-$results/publish}"
    exec env ASPNETCORE_ENVIRONMENT=Production \
      "Database__Provider=$provider" \
      "ConnectionStrings__Storefront=$connection" \
      Database__SeedDemoData=false \
      Security__RequireHttps=false \
      "Store__BaseUrl=$base" \
      Payments__TestMode=true \
      ForwardedHeaders__Enabled=true \
      dotnet Storefront.Web.dll --urls "$base" \
      "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning" "$@"
  ) >"$log" 2>&1 &
  store=$!
  # Up to 150 s: the store answers health only once its warm-up after start-up is over (ADR 0025).
  for _ in $(seq 150); do
    curl -sf "$base/health" >/dev/null && return 0
    kill -0 "$store" 2>/dev/null || break
    sleep 1
  done
  echo "the store did not start"; cat "$log"; exit 1
}

# Publishes this checkout of the store, unless BENCH_STORE_DIR names a build to run instead.
publish_store() {
  if [ -z "${BENCH_STORE_DIR:-}" ]; then
    dotnet publish src/Storefront.Web -c Release -r linux-x64 --self-contained false -o "$results/publish" --nologo -v quiet
  else
    echo "== Running the store published in $BENCH_STORE_DIR"
  fi
}

value() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

machine() {
  local cpu ram
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  echo "Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(date -u +%Y-%m-%d)."
}

load() { awk '{print $1" "$2" "$3}' /proc/loadavg; }
