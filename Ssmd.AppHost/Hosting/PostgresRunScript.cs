namespace Ssmd.AppHost.Hosting;

/// <summary>
/// The shell wrapper that runs PostgreSQL as a local process. Measured on these machines
/// (aspire-here.md): initdb and postgres refuse root, so as root they run as 'postgres' through
/// <c>setpriv</c>, which execs (runuser stays the parent and SIGKILLs postgres on SIGTERM, leaving the
/// cluster unclean). DCP stops executables with SIGTERM, which is postgres's "smart" shutdown that
/// waits for every client; the trap turns it into SIGINT, the fast shutdown, so the cluster always
/// ends "shut down".
/// </summary>
internal static class PostgresRunScript
{
    // $1 data dir, $2 port, $3 socket dir, $4 pg bin dir, $5 superuser name.
    public const string Text = """
        set -eu
        D="$1"; P="$2"; S="$3"; B="$4"; U="$5"
        mkdir -p "$D" "$S"
        RUN=""
        if [ "$(id -u)" = "0" ]; then
          if ! id postgres >/dev/null 2>&1; then
            echo "ssmd: the 'postgres' OS user is missing; install PostgreSQL: sudo apt-get install -y postgresql-15" >&2
            exit 1
          fi
          chown postgres: "$D" "$S"
          chmod 700 "$D"
          RUN="setpriv --reuid=postgres --regid=postgres --init-groups --"
        fi
        if [ ! -f "$D/PG_VERSION" ]; then
          echo "ssmd: creating a new PostgreSQL cluster in $D"
          $RUN "$B/initdb" -D "$D" -U "$U" --auth=trust -E UTF8 --no-locale >/dev/null
        fi
        if [ -f "$D/postmaster.pid" ]; then
          OLD=$(head -n 1 "$D/postmaster.pid")
          if kill -0 "$OLD" 2>/dev/null; then
            echo "ssmd: another PostgreSQL (pid $OLD) is already running on $D; stop it first: $RUN $B/pg_ctl -D $D stop -m fast" >&2
            exit 1
          fi
        fi
        $RUN "$B/postgres" -D "$D" -p "$P" -k "$S" -c listen_addresses=127.0.0.1 &
        pid=$!
        trap 'kill -INT "$pid" 2>/dev/null' TERM INT
        set +e
        wait "$pid"
        wait "$pid"
        """;
}
