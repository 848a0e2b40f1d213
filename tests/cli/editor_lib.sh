# editor_lib.sh — the prologue the editor-client tests share (sourced by
# t_editor_*.sh): skip (77) without the editor, a private home and XDG
# folders so no user setting leaks in, and the small test memory.
#
#   editor_setup PROGRAM PACKAGE   skips unless PROGRAM is installed; sets $tmp
#   editor_memory                  builds $SETU_TEST_TM with two pairs through
#                                  `setu serve` (the path every client uses)
set -u
: "${SETU:?}" "${SETU_SOURCE_DIR:?}"

editor_setup() {
    if ! command -v "$1" >/dev/null; then
        echo "skip: $1 is not installed (apt-get install $2)" >&2
        exit 77
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
        XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
    unset SETU_CONFIG SETU_RULES SETU_TM
    mkdir -p "$HOME"
    export SETU_TEST_TM="$tmp/tm"
}

editor_memory() {
    printf '%s\n' \
        '{"id":1,"op":"add","hi":"प्रधानमंत्री ने राजदूत से मुलाकात की।","en":"The prime minister met the ambassador."}' \
        '{"id":2,"op":"add","hi":"बैठक कल होगी।","en":"The meeting will be held tomorrow."}' |
        "$SETU" serve --tm "$SETU_TEST_TM" >"$tmp/add.out" &&
        [ "$(grep -c '"added":true' "$tmp/add.out")" -eq 2 ] ||
        { echo "FAIL: cannot build the test memory with 'setu serve'" >&2; exit 1; }
}
