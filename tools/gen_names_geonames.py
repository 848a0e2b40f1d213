#!/usr/bin/python3
"""gen_names_geonames.py — builds rules/names-geonames.yaml, place names whose
Hindi and English are both attested, from two Debian packages:

    apt-get install libgeonames-common iso-codes
    tools/gen_names_geonames.py rules/names-geonames.yaml

Sources (rules/README.md gives versions and licences):
  geonames   libgeonames-common: the GeoNames city, region and country names
             translated per locale (/usr/share/locale/LANG/LC_MESSAGES/
             geonames.mo, keyed by GeoNames id): the Hindi catalog paired
             with the English one by id.
  iso-codes  iso-codes: ISO 3166-1 country names (iso_3166-1.json) with their
             Hindi translations (hi/LC_MESSAGES/iso_3166-1.mo).

A pair is kept when the Hindi is Devanagari only, the English is Latin
(diacritics dropped: Gondiā → Gondia), both have as many words (so
"तहसील फ़तेहपुर" = "Fatehpur" is left out) and at most 4 of them, and
their consonants, by sound class, mostly agree (a catalog's slip such as
हिन्दी = Mariupol, and translated names such as निचला सैक्सोनी = Lower
Saxony, are left out).  A
Hindi name given two English spellings is left out.  The gazetteer
(src/lib/translit/gazetteer.c) loads this file after rules/names.yaml, whose
names win.  Python from Debian only (standard library).
"""
import difflib
import gettext
import json
import re
import sys
import unicodedata

LOCALE = "/usr/share/locale"
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"
MAX_WORDS = 4


def catalog(path):
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def devanagari(s):
    return all(c == " " or 0x900 <= ord(c) <= 0x97F for c in s) and s.strip() != ""


def ascii_latin(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'")
    ok = all(c.isascii() and (c.isalpha() or c in " -'.") for c in s)
    return s if ok and any(c.isalpha() for c in s) else None


# Consonants by sound class, for the check that the English names the same
# place the Hindi does by sound (a catalog's slip: हिन्दी = Mariupol) or is
# its exonym only where an exonym keeps the consonants.
NUKTA = "\u093c"
DEV = {}
for cls, letters in {
    "k": "\u0915\u0916", "g": "\u0917\u0918", "c": "\u091a\u091b", "j": "\u091c\u091d",
    "t": "\u091f\u0920\u0924\u0925", "d": "\u0921\u0922\u0926\u0927",
    "r": "\u0930\u090b\u0943", "n": "\u0923\u0928\u091e\u0919\u0902",
    "p": "\u092a\u092b", "b": "\u092c\u092d", "m": "\u092e\u0901", "l": "\u0932\u0933",
    "v": "\u0935", "s": "\u0938\u0936\u0937",
}.items():
    for ch in letters:
        DEV[ch] = cls
# With a nukta: ड़ ढ़ are r, ज़ z (j), फ़ f (p), क़ ख़ ग़ stay.
NUKTA_CLASS = {"\u0921": "r", "\u0922": "r"}


def squeeze(classes):
    out = []
    for c in classes:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def dev_skeleton(hi):
    s = unicodedata.normalize("NFD", hi)
    classes = []
    for i, ch in enumerate(s):
        if ch == NUKTA:
            continue
        if i + 1 < len(s) and s[i + 1] == NUKTA and ch in NUKTA_CLASS:
            classes.append(NUKTA_CLASS[ch])
        else:
            classes.append(DEV.get(ch))
    return squeeze(classes)


def en_skeleton(en):
    s = en.lower()
    s = re.sub(r"c(?=[eiy])", "s", s)  # soft c
    s = re.sub(r"g(?=[ei])", "j", s)  # soft g (Georgia; Gita keeps a g in Hindi too)
    for a, b in (("ch", "C"), ("sh", "s"), ("ph", "p"), ("x", "ks"), ("q", "k"), ("z", "j"),
                 ("f", "p"), ("w", "v"), ("c", "k"), ("C", "c")):
        s = s.replace(a, b)
    return squeeze(ch if ch in "bcdgjklmnprstv" else None for ch in s)


def sounds_alike(hi, en):
    a, b = dev_skeleton(hi), en_skeleton(en)
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def clean(hi, en):
    hi = " ".join(unicodedata.normalize("NFC", hi).split())
    en = ascii_latin(" ".join(en.split()))
    if not devanagari(hi) or not en:
        return None
    n = len(hi.split())
    if n > MAX_WORDS or n != len(en.replace("-", " ").split()):
        return None
    if not sounds_alike(hi, en):
        return None
    return hi, en


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_names_geonames.py OUT.yaml")
    pairs = {}  # hi -> {en: src}
    hi = catalog(f"{LOCALE}/hi/LC_MESSAGES/geonames.mo")
    en = catalog(f"{LOCALE}/en/LC_MESSAGES/geonames.mo")
    for gid, h in hi.items():
        if gid and gid in en:
            p = clean(h, en[gid])
            if p:
                pairs.setdefault(p[0], {}).setdefault(p[1], "geonames")
    iso_hi = catalog(f"{LOCALE}/hi/LC_MESSAGES/iso_3166-1.mo")
    with open(ISO, encoding="utf-8") as f:
        for c in json.load(f)["3166-1"]:
            for field in ("name", "common_name"):
                e = c.get(field)
                if e and e in iso_hi:
                    p = clean(iso_hi[e], e)
                    if p:
                        pairs.setdefault(p[0], {}).setdefault(p[1], "iso-codes")
    out = [
        "# names-geonames.yaml — place names attested in Hindi and English, for the",
        "# gazetteer of the `names` scheme (loaded after names.yaml, whose names win).",
        "# GENERATED by tools/gen_names_geonames.py from Debian's libgeonames-common",
        "# and iso-codes; do not edit by hand.  Sources and licences: rules/README.md.",
        "sources:",
        '  geonames: "libgeonames-common: GeoNames names (CC BY 4.0, geonames.org), hi and en catalogs paired by GeoNames id"',
        '  iso-codes: "iso-codes: ISO 3166-1 country names with their Hindi translations"',
        "names:",
    ]
    kept = 0
    for h in sorted(pairs):
        spellings = pairs[h]
        if len(spellings) != 1:
            continue  # two English names for one Hindi: neither is sure
        (e, src), = spellings.items()
        out.append('  - {hi: "%s", en: "%s", src: %s}' % (h, e.replace('"', ""), src))
        kept += 1
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{sys.argv[1]}: {kept} names", file=sys.stderr)


if __name__ == "__main__":
    main()
