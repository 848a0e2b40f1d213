# lib.sh — helpers for the CLI golden tests (tests/cli/t_*.sh).  ctest runs
# each script with $SETU (the program), $SETU_SOURCE_DIR, $SETU_BUILD_DIR and
# $SETU_SHARED_DIR set.  A script exits 0 when every check passed, 77 to skip.
#
#   check NAME WANT_RC WANT_STDOUT WANT_STDERR_PART -- COMMAND...
#       runs COMMAND with stdin from $STDIN (empty by default) and compares
#       the exit code, the whole stdout, and a part of stderr ('' = stderr
#       must be empty; '*' = anything).
#   finish    prints the totals and exits.
set -u
: "${SETU:?run from ctest (SETU is the setu program)}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# A clean environment: no user config, memory or rule override leaks in.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share"
unset SETU_CONFIG SETU_TM SETU_RULES
mkdir -p "$HOME"
STDIN=""
_passed=0
_failed=0

check() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 4
    [ "$1" = "--" ] && shift
    local out err rc
    out=$(printf '%s' "$STDIN" | "$@" 2>"$TMP/stderr")
    rc=$?
    err=$(cat "$TMP/stderr")
    local bad=""
    [ "$rc" = "$want_rc" ] || bad="exit $rc, want $want_rc"
    [ "$out" = "$want_out" ] || bad="$bad; stdout differs"
    if [ "$want_err" = "" ]; then
        [ -z "$err" ] || bad="$bad; unexpected stderr"
    elif [ "$want_err" != "*" ]; then
        case "$err" in *"$want_err"*) ;; *) bad="$bad; stderr lacks '$want_err'" ;; esac
    fi
    if [ -n "$bad" ]; then
        _failed=$((_failed + 1))
        printf 'FAIL %s: %s\n  command: %s\n  stdout: %s\n  want:   %s\n  stderr: %s\n' \
            "$name" "$bad" "$*" "$out" "$want_out" "$err"
    else
        _passed=$((_passed + 1))
        printf 'ok   %s\n' "$name"
    fi
    STDIN=""
}

skip() {
    echo "skipped: $*"
    exit 77
}

finish() {
    echo "$_passed passed, $_failed failed"
    [ "$_failed" = 0 ]
    exit $?
}
