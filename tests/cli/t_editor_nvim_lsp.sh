#!/bin/bash
# t_editor_nvim_lsp.sh — `setu lsp` with a real client: headless Neovim's
# built-in LSP client performs hover, completion and two code actions
# (replace with a match, add a pair) against a small memory and checks the
# buffer (tests/editors/nvim_lsp_test.lua).  Skipped (77) when nvim is not
# installed (Debian package: neovim).
. "$(dirname "$0")/editor_lib.sh"
editor_setup nvim neovim
"$SETU" tm add --tm "$SETU_TEST_TM" --hi 'प्रधानमंत्री ने राजदूत से मुलाकात की।' \
    --en 'The prime minister met the ambassador.' >/dev/null ||
    { echo "FAIL: cannot build the test memory" >&2; exit 1; }

cd "$tmp" || exit 1
timeout 60 nvim --headless --clean -u NONE -i NONE -n \
    -c "luafile $SETU_SOURCE_DIR/tests/editors/nvim_lsp_test.lua" </dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: the Neovim LSP test exited $rc" >&2; exit 1; }
[ "$("$SETU" tm stats --tm "$SETU_TEST_TM" | grep -c '^units: *2$')" = 1 ] ||
    { echo "FAIL: the memory should hold 2 units after the add" >&2; exit 1; }
echo "t_editor_nvim_lsp: ok"
