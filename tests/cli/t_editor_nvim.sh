#!/bin/bash
# t_editor_nvim.sh — the Neovim client (src/editors/nvim/lua/setu.lua) in a
# headless Neovim against the real `setu serve`: translit, lookup into the
# quickfix list and a floating window, stale answers dropped, :SetuAdd.
# Skipped (77) when nvim is not installed (Debian package: neovim).
set -u
: "${SETU:?}" "${SETU_SOURCE_DIR:?}"
if ! command -v nvim >/dev/null; then
    echo "skip: nvim is not installed (apt-get install neovim)" >&2
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
unset SETU_CONFIG SETU_RULES SETU_TM
mkdir -p "$HOME"

export SETU_TEST_TM="$tmp/tm"
printf '%s\n' \
    '{"id":1,"op":"add","hi":"प्रधानमंत्री ने राजदूत से मुलाकात की।","en":"The prime minister met the ambassador."}' \
    '{"id":2,"op":"add","hi":"बैठक कल होगी।","en":"The meeting will be held tomorrow."}' |
    "$SETU" serve --tm "$SETU_TEST_TM" >"$tmp/add.out" &&
    [ "$(grep -c '"added":true' "$tmp/add.out")" -eq 2 ] ||
    { echo "FAIL: cannot build the test memory with 'setu serve'" >&2; exit 1; }
SETU_TEST_LATIN=$("$SETU" translit 'कमल') ||
    { echo "FAIL: setu translit" >&2; exit 1; }
export SETU_TEST_LATIN
export SETU_TEST_QUERY='The prime minister met the ambassador today.'
export SETU_TEST_WANT='85% The prime minister met the ambassador. | प्रधानमंत्री ने राजदूत से मुलाकात की।'

timeout 60 nvim --headless --clean -u NONE -i NONE -n \
    --cmd "set rtp^=$SETU_SOURCE_DIR/src/editors/nvim" \
    -c "luafile $SETU_SOURCE_DIR/tests/editors/nvim_test.lua" </dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: the Neovim client test exited $rc" >&2; exit 1; }
echo "t_editor_nvim: ok"
