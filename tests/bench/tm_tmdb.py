#!/usr/bin/python3
"""tm_tmdb.py — the Translate Toolkit baseline for tm_bench.c.

Builds a Translate Toolkit tmdb (SQLite, translate.storage.tmdb) from a TSV of
hi<TAB>en pairs (each pair stored in both directions), then runs the queries
of QUERIES (one per line: LANG<TAB>TEXT) with threshold 70 and 5 candidates.
Prints one line per query: milliseconds<TAB>top match's source text (empty if
none), after a first line: "build SECONDS".  Needs the Debian package
translate-toolkit; tm_bench.c runs it only when that imports.
"""
import os
import sys
import tempfile
import time

from translate.storage import tmdb


def main():
    pairs, queries = sys.argv[1], sys.argv[2]
    fd, path = tempfile.mkstemp(suffix=".tmdb")
    os.close(fd)
    os.unlink(path)
    try:
        db = tmdb.TMDB(path, max_candidates=5, min_similarity=70, max_length=2000)
        t0 = time.time()
        units_hi, units_en = [], []
        with open(pairs, encoding="utf-8") as f:
            for line in f:
                hi, en = line.rstrip("\n").split("\t")[:2]
                units_en.append({"source": en, "target": hi, "context": ""})
                units_hi.append({"source": hi, "target": en, "context": ""})
        db.add_list(units_en, "en", "hi")
        db.add_list(units_hi, "hi", "en")
        print("build %.3f" % (time.time() - t0), flush=True)
        with open(queries, encoding="utf-8") as f:
            for line in f:
                lang, text = line.rstrip("\n").split("\t", 1)
                other = "hi" if lang == "en" else "en"
                t0 = time.time()
                res = db.translate_unit(text, lang, other)
                ms = (time.time() - t0) * 1000
                top = res[0]["source"] if res else ""
                print("%.3f\t%s" % (ms, top.replace("\t", " ")), flush=True)
    finally:
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    main()
