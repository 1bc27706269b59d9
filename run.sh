#!/usr/bin/env bash
# TR069Acs: ./run.sh            build if needed and serve the ACS on SQLite under ./data
#           ./run.sh test       install what the tests need, then run every test project
#           ./run.sh bench      BenchmarkDotNet micro benchmarks and the load runs (figures for the README)
#           ./run.sh <cmd> ...  pass through to the acs executable (serve, phone, firmware, profile, ...)
# Relative paths given to acs (--data, --in, --config, --state, --tls-cert, certs --out-*, appsettings.json) are the
# caller's: the script builds in the repository, then runs acs from the directory it was called from.
set -euo pipefail
caller=$PWD
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD
out="$root/.build/acs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return
  echo "run.sh: the .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
}

# Build the acs executable (Release) when any source, schema or project file is newer than it.
build_acs() {
  need_dotnet
  local stamp="$out/acs.dll"
  if [[ -f "$stamp" ]] && [[ -z "$(find src schemas Directory.Build.props Directory.Packages.props -newer "$stamp" -type f -print -quit)" ]]; then
    return
  fi
  echo "run.sh: building acs (Release)..." >&2
  dotnet publish src/TR069Acs.Cli/TR069Acs.Cli.csproj -c Release -o "$out" --nologo -v quiet -p:UseAppHost=true >&2
  touch "$stamp"
}

# Debian packages the tests drive for real: openssl, gzip, curl, tftp-hpa client and server,
# PostgreSQL, Chromium. Installed when missing; under CI a failed install fails the run.
install_test_deps() {
  local pkgs=() p
  command -v openssl >/dev/null || pkgs+=(openssl)
  command -v gzip >/dev/null || pkgs+=(gzip)
  command -v curl >/dev/null || pkgs+=(curl)
  if [[ -f tests/.apt-packages ]]; then
    while read -r p; do
      [[ -z "$p" || "$p" == \#* ]] && continue
      dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
    done < tests/.apt-packages
  fi
  if ((${#pkgs[@]})); then
    echo "run.sh: installing ${pkgs[*]}" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null; }; then
      echo "run.sh: could not install ${pkgs[*]}" >&2
      [[ "${CI:-}" == "true" ]] && exit 1
    fi
  fi
}

# nginx, the baseline of `./run.sh bench profiles`: installed when missing (run unprivileged on a loopback port by the bench).
need_nginx() {
  if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then
    return
  fi
  echo "run.sh: installing nginx" >&2
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
}

# Reads the TRX files in $1: "reason<TAB>test" for each test not executed, printed grouped by reason.
skipped_tests() {
  local file
  for file in "$1"/*.trx; do
    [[ -f "$file" ]] || continue
    awk '
      /<UnitTestResult / && /outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1; next }
      want && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print line "\t" name; want = 0; next }
      want && /<\/UnitTestResult>/ { print "(no reason given)\t" name; want = 0 }
    ' "$file"
  done | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g' | sort |
    awk -F '\t' '$1 != reason { reason = $1; print "  " reason } { print "    " $2 }'
}

cmd="${1:-serve}"
case "$cmd" in
  test)
    shift
    need_dotnet
    install_test_deps
    dotnet restore TR069Acs.sln --nologo -v quiet
    dotnet build TR069Acs.sln -c Release --no-restore --nologo -v quiet
    status=0 passed=0 failed=0 skipped=0
    log=$(mktemp)
    trx=$(mktemp -d)
    for proj in tests/*/*.Tests.csproj; do
      echo "== $(basename "$proj" .csproj)"
      dotnet test "$proj" -c Release --no-build --nologo --logger "trx;LogFileName=$(basename "$proj" .csproj).trx" \
        --results-directory "$trx" "$@" 2>&1 | tee "$log" || status=1
      # "Passed!  - Failed:     0, Passed:    51, Skipped:     0, Total:    51, Duration: ..."
      read -r f p s < <(sed -nE 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+), Total.*/\1 \2 \3/p' "$log" | tail -n 1) || true
      if [[ -z "${p:-}" ]]; then
        echo "run.sh: $(basename "$proj" .csproj) reported no test summary" >&2
        status=1
      else
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
      fi
      unset f p s
    done
    rm -f "$log"
    echo
    # Every skipped test with its reason (a missing tool, a database not configured), grouped by reason, so that a green
    # run cannot hide what it did not test. Under CI=true a test whose tool is missing fails instead of skipping.
    if ((skipped > 0)); then
      echo "skipped tests, by reason:"
      skipped_tests "$trx"
    fi
    rm -rf "$trx"
    echo "tests: $passed passed, $failed failed, $skipped skipped"
    exit $status
    ;;
  bench)
    # ./run.sh bench            micro benchmarks, then the session load run
    # ./run.sh bench micro|load|tftp|profiles [args]
    # ./run.sh bench load|campaign --db postgres   on a private PostgreSQL the bench starts (load: also two nodes behind HAProxy)
    shift
    build_acs
    if [[ " $* " == *" --db postgres "* ]]; then
      pkgs=()
      compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || pkgs+=(postgresql)
      command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || pkgs+=(haproxy)
      if ((${#pkgs[@]})); then
        echo "run.sh: installing ${pkgs[*]}" >&2
        sudo=""
        [[ $(id -u) -ne 0 ]] && sudo="sudo"
        $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null
      fi
    fi
    dotnet build bench/TR069Acs.Bench -c Release --nologo -v quiet
    bench=(dotnet bench/TR069Acs.Bench/bin/Release/net10.0/TR069Acs.Bench.dll)
    if [[ $# -eq 0 ]]; then
      "${bench[@]}" micro
      "${bench[@]}" load --acs "$out/acs.dll"
    elif [[ "$1" == "load" ]]; then
      shift
      "${bench[@]}" load --acs "$out/acs.dll" "$@"
    elif [[ "$1" == "profiles" ]]; then
      shift
      need_nginx
      "${bench[@]}" profiles --acs "$out/acs.dll" "$@"
    else
      "${bench[@]}" "$@"
    fi
    ;;
  *)
    build_acs
    if [[ $# -eq 0 ]]; then
      set -- serve
    fi
    cd "$caller"
    exec "$out/acs" "$@"
    ;;
esac
