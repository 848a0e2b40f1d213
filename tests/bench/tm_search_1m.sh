#!/bin/sh
# tm_search_1m.sh — `tm search` at 1M units as a user builds the memory:
# pairs from ../shared/tools/gen_pairs.py, `setu tm import --no-names`
# (about a minute), then tm_search_bench on it: p50/p99 of 1,000 searches
# (cold: the first touch of the pages, each a page fault; and warm: the
# same phrases again, as a server answers after a while; wall and CPU time)
# against grep -F -i over the memory's TSV export, in the same run.
# Big files stay in WORK (default /tmp/setu-search-1m).
#
#   tests/bench/tm_search_1m.sh BUILD_DIR [N] [WORK]
set -eu
BUILD=${1:?usage: tm_search_1m.sh BUILD_DIR [N] [WORK]}
N=${2:-1000000}
WORK=${3:-/tmp/setu-search-1m}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"
if [ ! -s "$WORK/pairs-$N.tsv" ]; then
    /usr/bin/python3 "$HERE/../../../shared/tools/gen_pairs.py" "$N" 15 "$WORK/pairs-$N.tsv"
fi
rm -rf "$WORK/tm"
t0=$(date +%s)
"$BUILD/setu" tm import --tm "$WORK/tm" --no-names "$WORK/pairs-$N.tsv"
echo "import: $(( $(date +%s) - t0 )) s"
"$BUILD/setu" tm export --tm "$WORK/tm" -o "$WORK/export.tsv"
"$BUILD/tests/bench/tm_search_bench" --tm "$WORK/tm" --pairs "$WORK/pairs-$N.tsv" \
    --export "$WORK/export.tsv"
