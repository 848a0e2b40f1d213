#!/bin/bash
# t_editor_emacs.sh — the Emacs client (src/editors/emacs/setu.el) in
# `emacs --batch` against the real `setu serve`: translit of the word at
# point, lookup into the *setu* buffer, stale answers dropped, setu-add.
# The file is also byte-compiled with warnings as errors.  Skipped (77) when
# emacs is not installed (Debian package: emacs-nox).
. "$(dirname "$0")/editor_lib.sh"
editor_setup emacs emacs-nox
fails=0

# Byte-compile a copy (the source tree stays clean) with warnings as errors.
cp "$SETU_SOURCE_DIR/src/editors/emacs/setu.el" "$tmp/"
if ! emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
    -f batch-byte-compile "$tmp/setu.el" 2>"$tmp/compile.log"; then
    cat "$tmp/compile.log" >&2
    echo "FAIL: setu.el does not byte-compile cleanly" >&2
    fails=1
fi

editor_memory
SETU_TEST_LATIN=$("$SETU" translit 'कमल') ||
    { echo "FAIL: setu translit" >&2; exit 1; }
export SETU_TEST_LATIN
export SETU_TEST_QUERY='The prime minister met the ambassador today.'
export SETU_TEST_WANT=' 85%  The prime minister met the ambassador.
      प्रधानमंत्री ने राजदूत से मुलाकात की।'

timeout 60 emacs --batch -Q -L "$SETU_SOURCE_DIR/src/editors/emacs" \
    -l "$SETU_SOURCE_DIR/tests/editors/emacs_test.el" </dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: the Emacs client test exited $rc" >&2; exit 1; }
[ "$fails" -eq 0 ] || exit 1
echo "t_editor_emacs: ok"
