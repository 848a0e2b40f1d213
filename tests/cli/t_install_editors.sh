#!/bin/bash
# t_install_editors.sh — `cmake --install` puts both editor clients under
# PREFIX/share/setu/editors, and they load from there as the README says:
# Neovim's folder as a runtime path (require('setu') works) and Emacs's on
# load-path ((require 'setu) works).  The editors' parts skip when the
# editor is not installed; the file checks always run.
set -u
: "${SETU_BUILD_DIR:?SETU_BUILD_DIR must name the build directory}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
    XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$HOME"
fails=0
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}
cmake --install "$SETU_BUILD_DIR" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; echo "FAIL: cmake --install" >&2; exit 1; }
editors="$prefix/share/setu/editors"
for f in nvim/lua/setu.lua emacs/setu.el; do
    [ -f "$editors/$f" ] || fail "not installed: share/setu/editors/$f"
done

if command -v nvim >/dev/null; then
    got=$(timeout 30 nvim --headless --clean -u NONE -i NONE -n \
        --cmd "set rtp^=$editors/nvim" \
        -c "lua io.stdout:write(type(require('setu').setup))" -c 'qall!' </dev/null 2>&1)
    [ "$got" = function ] || fail "nvim: require('setu') from the installed runtime path: $got"
fi
if command -v emacs >/dev/null; then
    got=$(timeout 30 emacs --batch -Q -L "$editors/emacs" \
        --eval "(progn (require 'setu) (princ (if (fboundp 'setu-lookup-line) \"ok\" \"no\")))" 2>&1)
    [ "$got" = ok ] || fail "emacs: (require 'setu) from the installed load-path: $got"
fi
[ "$fails" -eq 0 ] || exit 1
echo "t_install_editors: ok"
