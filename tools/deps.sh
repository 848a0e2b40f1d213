#!/bin/sh
# deps.sh — installs the Debian packages setu needs to build and test, with
# apt-get (through sudo when not root).  The one list of build dependencies:
# the README's commands and CI both call this.
set -e
packages="gcc make cmake pkg-config libicu-dev liblmdb-dev libyaml-dev libxml2-dev
libjansson-dev libcunit1-dev"
# For the setu program's static link (CMakeLists.txt, SETU_STATIC_PROGRAM):
# libstdc++.a (with g++) under ICU and libxml2's liblzma.a and libz.a; without
# them the program links the shared libraries and starts slower.
packages="$packages g++ liblzma-dev zlib1g-dev"
# Optional at run time, installed so tests cover them: FreeDict's English-Hindi
# dictionary (a lexicon for the aligner); hunspell-hi's Hindi word list (the
# names scheme reads its words as Hindi, not as American names); Debian's
# python3 with pytest, Dask distributed and mypy (the Python package's suite,
# its cluster test and its type check).
optional="dict-freedict-eng-hin hunspell-hi python3 python3-pytest python3-distributed python3-mypy"
missing=""
for p in $packages $optional; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
echo "setu: installing:$missing" >&2
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
