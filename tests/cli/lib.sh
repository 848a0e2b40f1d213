# lib.sh — helpers for the CLI golden tests (tests/cli/t_*.sh).  ctest runs
# each script with $SETU (the program), $SETU_SOURCE_DIR, $SETU_BUILD_DIR and
# $SETU_SHARED_DIR set.  A script exits 0 when every check passed, 77 to skip.
#
#   check NAME WANT_RC WANT_STDOUT WANT_STDERR_PART -- COMMAND...
#       runs COMMAND with stdin from $STDIN (empty by default) and compares
#       the exit code, the whole stdout, and a part of stderr ('' = stderr
#       must be empty; '*' = anything).
#   check_out NAME WANT_RC WANT_STDERR_PART -- COMMAND...
#       the same, with the expected stdout kept as data beside the script:
#       tests/cli/<script>/<NAME with spaces as dashes>.out, compared byte for
#       byte (as zstd's cli-tests keep theirs).  SETU_UPDATE_EXPECTED=1 writes
#       the file from what COMMAND printed instead of comparing (review the diff).
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

# _verdict NAME BAD WANT_ERR DETAIL COMMAND...: adds the stderr check to the
# problems in BAD, then counts and prints the result (DETAIL on failure).
_verdict() {
    local name=$1 bad=$2 want_err=$3 detail=$4
    shift 4
    local err
    err=$(cat "$TMP/stderr")
    if [ "$want_err" = "" ]; then
        [ -z "$err" ] || bad="$bad; unexpected stderr"
    elif [ "$want_err" != "*" ]; then
        case "$err" in *"$want_err"*) ;; *) bad="$bad; stderr lacks '$want_err'" ;; esac
    fi
    if [ -n "$bad" ]; then
        _failed=$((_failed + 1))
        printf 'FAIL %s: %s\n  command: %s\n' "$name" "${bad#; }" "$*"
        [ -z "$detail" ] || printf '%s\n' "$detail"
        printf '  stderr: %s\n' "$err"
    else
        _passed=$((_passed + 1))
        printf 'ok   %s\n' "$name"
    fi
    STDIN=""
}

check() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 4
    [ "$1" = "--" ] && shift
    local out rc bad=""
    out=$(printf '%s' "$STDIN" | "$@" 2>"$TMP/stderr")
    rc=$?
    [ "$rc" = "$want_rc" ] || bad="exit $rc, want $want_rc"
    [ "$out" = "$want_out" ] || bad="$bad; stdout differs"
    _verdict "$name" "$bad" "$want_err" "  stdout: $out
  want:   $want_out" "$@"
}

check_out() {
    local name=$1 want_rc=$2 want_err=$3
    shift 3
    [ "$1" = "--" ] && shift
    local want="$SETU_SOURCE_DIR/tests/cli/$(basename "$0" .sh)/${name// /-}.out"
    local rc bad=""
    printf '%s' "$STDIN" | "$@" >"$TMP/stdout" 2>"$TMP/stderr"
    rc=$?
    if [ "${SETU_UPDATE_EXPECTED:-}" = 1 ]; then
        mkdir -p "$(dirname "$want")" && cp "$TMP/stdout" "$want"
    fi
    [ "$rc" = "$want_rc" ] || bad="exit $rc, want $want_rc"
    if [ ! -f "$want" ]; then
        bad="$bad; no expected output $want"
    elif ! cmp -s "$TMP/stdout" "$want"; then
        bad="$bad; stdout differs from $want:
$(diff "$want" "$TMP/stdout" | head -20)"
    fi
    _verdict "$name" "$bad" "$want_err" "" "$@"
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
