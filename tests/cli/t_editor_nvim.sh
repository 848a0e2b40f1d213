#!/bin/bash
# t_editor_nvim.sh — the Neovim client (src/editors/nvim/lua/setu.lua) in a
# headless Neovim against the real `setu serve`: translit, lookup into the
# quickfix list and a floating window, stale answers dropped, :SetuAdd.
# Skipped (77) when nvim is not installed (Debian package: neovim).
. "$(dirname "$0")/editor_lib.sh"
editor_setup nvim neovim
editor_memory
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
