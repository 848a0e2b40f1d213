#!/bin/bash
# t_install.sh — `cmake --install` into a temporary prefix gives a usable
# setu: the files a packager expects (shared library with its SONAME, static
# library, header, pkg-config file, program, man page), only setu_* symbols
# exported, and a small C program built with `pkg-config --cflags --libs
# setu` (and once more against the static library) that looks a sentence up
# in a small memory and transliterates a name (ISO 15919: exact by
# definition), with the output checked.  The memory is built by the
# installed program's `serve`.
set -u
: "${SETU_BUILD_DIR:?SETU_BUILD_DIR must name the build directory}"

cache="$SETU_BUILD_DIR/CMakeCache.txt"
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$cache" 2>/dev/null)
[ -n "$cc" ] && [ -x "$cc" ] || cc=$(command -v cc || true)
if [ -z "$cc" ]; then
    echo "skip: no C compiler" >&2
    exit 77
fi
if ! command -v pkg-config >/dev/null; then
    echo "skip: no pkg-config" >&2
    exit 77
fi
# A sanitized library needs the sanitizer runtime in the program too.
cflags=()
if grep -q '^SETU_SANITIZE:BOOL=ON' "$cache" 2>/dev/null; then
    cflags=(-fsanitize=address,undefined -fno-sanitize-recover=all)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fails=0
fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

if ! cmake --install "$SETU_BUILD_DIR" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    echo "FAIL: cmake --install" >&2
    exit 1
fi

# --- the files -----------------------------------------------------------------
pc=$(find "$prefix" -name setu.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no setu.pc installed" >&2; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
for f in "$prefix/bin/setu" "$prefix/include/setu.h" "$libdir/libsetu.a" \
    "$libdir/libsetu.so" "$prefix/share/man/man1/setu.1"; do
    [ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"
done
so=$(find "$libdir" -name 'libsetu.so.[0-9]*' ! -name '*.*.*.*' | head -n 1)
[ -n "$so" ] || fail "no libsetu.so.N installed"
if [ -n "$so" ] && command -v readelf >/dev/null; then
    soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
    [ "$soname" = "$(basename "$so")" ] || fail "SONAME '$soname', file $(basename "$so")"
fi
if command -v nm >/dev/null && [ -e "$libdir/libsetu.so" ]; then
    extra=$(nm -D --defined-only "$libdir/libsetu.so" | awk '{print $NF}' | grep -v '^setu_' | head)
    [ -z "$extra" ] || fail "exported symbols without the setu_ prefix: $extra"
fi
if [ -e "$prefix/share/man/man1/setu.1" ] && command -v groff >/dev/null; then
    warnings=$(LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$prefix/share/man/man1/setu.1" 2>&1)
    [ -z "$warnings" ] || fail "man page warnings: $warnings"
fi

# --- the installed program builds a small memory -------------------------------
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset SETU_CONFIG SETU_RULES SETU_TM
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
tm="$tmp/tm"
printf '%s\n' \
    '{"id":1,"op":"add","hi":"प्रधानमंत्री ने राजदूत से मुलाकात की।","en":"The prime minister met the ambassador."}' \
    '{"id":2,"op":"add","hi":"बैठक कल होगी।","en":"The meeting will be held tomorrow."}' |
    "$prefix/bin/setu" serve --tm "$tm" >"$tmp/add.out" &&
    [ "$(grep -c '"added":true' "$tmp/add.out")" -eq 2 ] ||
    fail "the installed setu cannot add to a memory: $(cat "$tmp/add.out")"

# --- a program against the installed library ---------------------------------
cat >"$tmp/prog.c" <<'EOF'
#include <setu.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    setu_tm *tm = NULL;
    setu_translit *t = NULL;
    setu_tm_match *m = NULL;
    char *latin = NULL;
    size_t n = 0;
    int rc = 1;
    if (argc != 4 || setu_tm_create(&tm) || setu_tm_set_readonly(tm, 1) ||
        setu_tm_open(tm, argv[1]) || setu_tm_lookup(tm, argv[2], strlen(argv[2]),
                                                     NULL, 0, 0, &m, &n) ||
        setu_translit_create(&t) || setu_translit_set_scheme(t, "iso15919") ||
        setu_translit_open(t) ||
        setu_translit_run(t, argv[3], strlen(argv[3]), &latin, NULL)) {
        fprintf(stderr, "prog: %s / %s\n", setu_errmsg(tm), t ? setu_errmsg(t) : "");
        goto cleanup;
    }
    printf("setu %s: %s\n", setu_version(), latin);
    for (size_t i = 0; i < n; i++)
        printf("%d\t%s\t%s\n", m[i].score, m[i].unit.en, m[i].unit.hi);
    rc = 0;
cleanup:
    setu_free(latin);
    setu_free(m);
    setu_translit_close(t);
    setu_tm_close(tm);
    return rc;
}
EOF
version=$(sed -n 's/^#define SETU_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/setu.h")
printf 'setu %s: kamala\n85\tThe prime minister met the ambassador.\tप्रधानमंत्री ने राजदूत से मुलाकात की।\n' \
    "$version" >"$tmp/want"
query='The prime minister met the ambassador today.'

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046  # pkg-config output is a list of flags
if "$cc" "${cflags[@]}" -o "$tmp/prog" "$tmp/prog.c" $(pkg-config --cflags --libs setu) \
    2>"$tmp/cc.log"; then
    "$tmp/prog" "$tm" "$query" 'कमल' >"$tmp/got" 2>"$tmp/run.log" || cat "$tmp/run.log" >&2
    diff -u "$tmp/want" "$tmp/got" >&2 || fail "shared: the program's output differs"
    if command -v ldd >/dev/null; then
        ldd "$tmp/prog" | grep -q "$libdir/libsetu.so" ||
            fail "shared: the program does not load the installed libsetu.so"
    fi
else
    cat "$tmp/cc.log" >&2
    fail "shared: cannot build against 'pkg-config --cflags --libs setu' ($(pkg-config --cflags --libs setu))"
fi

# Static: libsetu.a plus the private dependencies the .pc file declares.
# shellcheck disable=SC2046
if "$cc" "${cflags[@]}" -o "$tmp/prog_static" "$tmp/prog.c" $(pkg-config --cflags setu) \
    "$libdir/libsetu.a" $(pkg-config --static --libs setu | sed 's/\(^\| \)-lsetu\( \|$\)/ /') \
    2>"$tmp/cc.log"; then
    "$tmp/prog_static" "$tm" "$query" 'कमल' >"$tmp/got" 2>"$tmp/run.log" || cat "$tmp/run.log" >&2
    diff -u "$tmp/want" "$tmp/got" >&2 || fail "static: the program's output differs"
else
    cat "$tmp/cc.log" >&2
    fail "static: cannot build with libsetu.a and 'pkg-config --static --libs setu'"
fi

[ "$fails" -eq 0 ] || exit 1
echo "t_install: ok"
