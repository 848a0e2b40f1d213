#!/bin/bash
# t_tmx_fidelity.sh — a CAT tool's TMX kept (issue 15, item 3): tuid,
# changedate, changeid, usagecount, <note>s and <prop>s in order, hi-IN/en-US
# and a DOCTYPE's internal entity come back on TMX export; --lang-codes sets
# the codes; hi-Latn variants are refused, never stored as Hindi; TSV and
# Moses write plain text unless --keep-tags; characters XML cannot hold are
# refused with FILE:LINE; a JSONL created in milliseconds is converted with a
# notice; a file name that is not UTF-8 becomes an origin with U+FFFD; a
# <tu> with an undeclared entity (&nbsp;) is refused alone, FILE:LINE:COL.
# Counts what went in against what the memory holds.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/mem"
T="$SETU_SOURCE_DIR/tests/data/tm/cat-tool.tmx"

check "hi-Latn unit refused" 65 "" "cat-tool.tmx:15:9: <tu> whose Hindi is in Latin letters (xml:lang=\"hi-Latn\"): the memory keeps Hindi in Devanagari; transliterate it (setu translit) or add a Devanagari variant" -- "$SETU" tm import --tm "$M" "$T"
check "nothing stored" 0 "ok: 0 units" "" -- "$SETU" tm check --tm "$M"
check "--keep-going skips it" 65 "$T: 1 added, 0 duplicates, 1 skipped" "*" -- "$SETU" tm import --tm "$M" --keep-going "$T"
check "metadata back in TMX" 0 '    <tu creationdate="20200102T030405Z" tuid="42" changedate="20210101T000000Z" changeid="anu" usagecount="3">
      <prop type="x-setu-origin">cat-tool.tmx</prop>
      <note>checked by Anu</note>
      <prop type="x-client">Acme Ltd.</prop>
      <prop type="x-project">P1</prop>
      <tuv xml:lang="hi-IN">
        <seg>नमस्ते <bpt i="1">&lt;b&gt;</bpt>दुनिया<ept i="1">&lt;/b&gt;</ept> &amp; Acme Ltd.</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept> &amp; Acme Ltd.</seg>
      </tuv>
    </tu>' "" -- bash -c "'$SETU' tm export --tm '$M' --format tmx | sed -n '5,16p'"
check "--lang-codes" 0 '<tuv xml:lang="hi">
<tuv xml:lang="en-GB">' "" -- bash -c "'$SETU' tm export --tm '$M' --format tmx --lang-codes hi,en-GB | grep -o '<tuv xml:lang=\"[^\"]*\">'"
check "--lang-codes hi-Latn refused" 2 "" "*" -- "$SETU" tm export --tm "$M" --format tmx --lang-codes hi-Latn,en
check "--lang-codes without a comma" 2 "" "--lang-codes is HI,EN" -- "$SETU" tm export --tm "$M" --format tmx --lang-codes hi-IN
check "TSV: plain text" 0 $'नमस्ते दुनिया & Acme Ltd.\tHello world & Acme Ltd.' "" -- "$SETU" tm export --tm "$M" --format tsv
check "TSV --keep-tags" 0 $'नमस्ते <bpt i="1">&lt;b&gt;</bpt>दुनिया<ept i="1">&lt;/b&gt;</ept> &amp; Acme Ltd.\tHello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept> &amp; Acme Ltd.' "" -- "$SETU" tm export --tm "$M" --format tsv --keep-tags
check "Moses: plain text" 0 "Hello world & Acme Ltd." "" -- bash -c "'$SETU' tm export --tm '$M' --format moses -o '$TMP/mo' && cat '$TMP/mo.en'"
# TMX -> JSONL -> a new memory -> TMX: the same bytes.
"$SETU" tm export --tm "$M" --format tmx -o "$TMP/a.tmx"
"$SETU" tm export --tm "$M" --format jsonl -o "$TMP/a.jsonl"
check "JSONL carries the metadata" 0 "$TMP/a.jsonl: 1 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$TMP/m2" "$TMP/a.jsonl"
check "TMX -> JSONL -> TMX byte-exact" 0 "" "" -- bash -c "'$SETU' tm export --tm '$TMP/m2' --format tmx | sed 's/a.jsonl/cat-tool.tmx/' | cmp - '$TMP/a.tmx'"

# Characters XML cannot hold: refused at the door, FILE:LINE.
printf 'एक\tone\nदो\ttwo\x01\n' > "$TMP/c0.tsv"
check "C0 control refused" 65 "" "c0.tsv:2: en: character U+0001 at byte 3 cannot be stored" -- "$SETU" tm import --tm "$M" "$TMP/c0.tsv"
check "U+FFFF refused by add" 65 "" "character U+FFFF" -- "$SETU" tm add --tm "$M" --hi "तीन" --en $'three\xef\xbf\xbf'
# created: milliseconds converted with a notice, out of range refused.
printf '{"hi":"चार","en":"four","created":1700000000000}\n{"hi":"पाँच","en":"five","created":1700000000}\n' > "$TMP/ms.jsonl"
check "created in milliseconds" 0 "$TMP/ms.jsonl: 2 added, 0 duplicates, 0 skipped" "ms.jsonl:1: \"created\" in milliseconds, converted to seconds (1 record)" -- "$SETU" tm import --tm "$M" "$TMP/ms.jsonl"
check "both as 2023-11-14" 0 '"created":"2023-11-14T22:13:20Z"
"created":"2023-11-14T22:13:20Z"' "" -- bash -c "'$SETU' tm export --tm '$M' --format jsonl | grep -o '\"created\":\"2023[^\"]*\"'"
printf '{"hi":"छह","en":"six","created":-5}\n' > "$TMP/neg.jsonl"
check "created out of range" 65 "" "neg.jsonl:1: created -5 is outside 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z" -- "$SETU" tm import --tm "$M" "$TMP/neg.jsonl"

# A file name that is not UTF-8 (Latin-1 é) is the origin with U+FFFD.
NAME="$TMP/$(printf 'caf\xe9').tsv"
printf 'सात\tseven\n' > "$NAME"
check "non-UTF-8 file name" 0 "$NAME: 1 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" "$NAME"
check "its origin" 0 '"origin":"caf�.tsv"' "" -- bash -c "'$SETU' tm export --tm '$M' --format jsonl | grep -o '\"origin\":\"caf[^\"]*\"'"

# What went in is what is there: 1 (TMX) + 2 (JSONL) + 1 (TSV); nothing refused was stored.
check "count" 0 "ok: 4 units" "" -- "$SETU" tm check --tm "$M"

# An entity no DOCTYPE declares (&nbsp;, &eacute;: HTML's, not XML's) once
# failed the whole file, --keep-going or not.  Now the <tu> holding one is
# refused with FILE:LINE:COL, never stored with the reference dropped; without
# --keep-going nothing is stored.  Declared (&co;), predefined and character
# references, and '&' in comments and CDATA, are not undeclared entities
# (a start tag over two lines, too).
E="$TMP/ent.tmx"
cat > "$E" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [ <!ENTITY co "Acme"> <!ENTITY % pe "x"> ]>
<tmx version="1.4">
<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body>
<!-- a comment &nbsp; with <tu> inside -->
<tu tuid="1"><tuv xml:lang="hi"><seg>पहला</seg></tuv><tuv xml:lang="en"><seg>first &co;</seg></tuv></tu>
<tu tuid="x&nbsp;"
><tuv xml:lang="hi"><seg>दूसरा</seg></tuv><tuv xml:lang="en"><seg>second</seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>तीसरा</seg></tuv><tuv xml:lang="en"><seg><![CDATA[third &nbsp; <b>]]></seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>चौथा</seg></tuv><tuv xml:lang="en"><seg>fourth&eacute; &amp; &#160;</seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>पाँचवाँ &hellip;</seg></tuv><tuv xml:lang="en"><seg>fifth</seg></tuv></tu>
<tu><tuv xml:lang="hi"><seg>छठा</seg></tuv><tuv xml:lang="en"><seg>sixth &lt; &#x263A;</seg></tuv></tu>
</body>
</tmx>
TMX
M2="$TMP/mem-ent"
check "undeclared entity: nothing stored" 65 "" "ent.tmx:8:12: entity &nbsp; is not declared" -- "$SETU" tm import --tm "$M2" "$E"
check "undeclared entity: still nothing" 0 "ok: 0 units" "" -- "$SETU" tm check --tm "$M2"
check "undeclared entity: --keep-going" 65 "$E: 3 added, 0 duplicates, 3 skipped" "ent.tmx:11:83: entity &eacute; is not declared" -- "$SETU" tm import --tm "$M2" --keep-going "$E"
check_out "undeclared entity kept units" 0 "" -- "$SETU" tm export --tm "$M2" --format tsv
check "undeclared entity: 6 in, 3 skipped, 3 stored" 0 "ok: 3 units" "" -- "$SETU" tm check --tm "$M2"
# Many, across the scanner's buffers: every 7th of 1,500 units has one, at
# varying offsets; exactly the others are stored.
B="$TMP/big.tmx"
awk 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>"
    for (i = 0; i < 1500; i++)
        printf "<tu><tuv xml:lang=\"hi\"><seg>इकाई %d</seg></tuv><tuv xml:lang=\"en\"><seg>unit%*s %d %s end</seg></tuv></tu>\n", i, i % 50, "", i, i % 7 ? "&amp;" : "&nbsp;"
    print "</body></tmx>"
}' > "$B"
M3="$TMP/mem-big"
check "1,500 units, 215 with &nbsp;" 65 "$B: 1285 added, 0 duplicates, 215 skipped" "*" -- "$SETU" tm import --tm "$M3" --keep-going "$B"
check "the 1,285 stored" 0 "ok: 1285 units" "" -- "$SETU" tm check --tm "$M3"
check "none of them had one" 0 "1285 0" "" -- bash -c "'$SETU' tm export --tm '$M3' --format tsv | awk -F'\t' '{split(\$2, w, \" \"); n += (w[length(w) - 2] % 7 == 0); c++} END {print c, n}'"
finish
