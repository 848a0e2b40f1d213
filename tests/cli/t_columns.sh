#!/bin/bash
# t_columns.sh — each side's language checked on the way in (tm add, import,
# serve's add): swapped columns are refused with FILE:LINE and the fix
# (--columns en,hi), headers in any spelling are skipped with a notice, a
# header naming the languages sets the columns, one-sided units are refused
# everywhere; Latin names and digits inside Hindi text are accepted.  Counts
# what went in against what the memory holds.
. "$SETU_SOURCE_DIR/tests/cli/lib.sh"
M="$TMP/mem"

printf 'The capital of Bihar is Patna.\tबिहार की राजधानी पटना है।\nIndia won.\tभारत जीता।\n' > "$TMP/enhi.tsv"
check "swapped columns refused" 65 "" "enhi.tsv:1: the Hindi column (1) has no Devanagari letters: is the file en,hi? import it with --columns en,hi" -- "$SETU" tm import --tm "$M" "$TMP/enhi.tsv"
check "nothing stored" 0 "ok: 0 units" "" -- "$SETU" tm check --tm "$M"
check "--columns en,hi" 0 "$TMP/enhi.tsv: 2 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" --columns en,hi "$TMP/enhi.tsv"
check "sides stored right" 0 $'100\tबिहार की राजधानी पटना है।\tThe capital of Bihar is Patna.' "" -- "$SETU" tm lookup --tm "$M" "The capital of Bihar is Patna."
printf 'हिंदी\tHindi\n' > "$TMP/hien.tsv"
check "--columns en,hi on a hi,en file" 65 "" "hien.tsv:1: the English column (1) is Devanagari and the Hindi column (2) is not: is the file hi,en? import it without --columns en,hi" -- "$SETU" tm import --tm "$M" --columns en,hi "$TMP/hien.tsv"
check "bad --columns" 2 "" "--columns" -- "$SETU" tm import --tm "$M" --columns hi "$TMP/enhi.tsv"

# Headers: any case, language codes with regions, roles.
printf 'en\thi\nThe river is wide.\tनदी चौड़ी है।\n' > "$TMP/h1.tsv"
check "en<TAB>hi header sets the columns" 0 "$TMP/h1.tsv: 1 added, 0 duplicates, 0 skipped" "h1.tsv:1: header skipped; columns read as en,hi" -- "$SETU" tm import --tm "$M" "$TMP/h1.tsv"
printf 'HI\tEN\nपेड़ ऊँचा है।\tThe tree is tall.\n' > "$TMP/h2.tsv"
check "HI<TAB>EN header" 0 "$TMP/h2.tsv: 1 added, 0 duplicates, 0 skipped" "h2.tsv:1: header skipped; columns read as hi,en" -- "$SETU" tm import --tm "$M" "$TMP/h2.tsv"
printf 'en-US\thi-IN\tconfidence\nThe sky is blue.\tआसमान नीला है।\t0.9\n' > "$TMP/h3.tsv"
check "en-US<TAB>hi-IN header" 0 "$TMP/h3.tsv: 1 added, 0 duplicates, 0 skipped" "columns read as en,hi" -- "$SETU" tm import --tm "$M" "$TMP/h3.tsv"
printf 'Source\tTarget\nThe road is long.\tसड़क लंबी है।\n' > "$TMP/h4.tsv"
check "source<TAB>target header, en,hi" 0 "$TMP/h4.tsv: 1 added, 0 duplicates, 0 skipped" "h4.tsv:1: header skipped; columns read as en,hi" -- "$SETU" tm import --tm "$M" --columns en,hi "$TMP/h4.tsv"
printf 'hi\ten\nघर बड़ा है।\tThe house is big.\n' > "$TMP/h5.tsv"
check "setu's own header: no notice" 0 "$TMP/h5.tsv: 1 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" "$TMP/h5.tsv"

# What is not a wrong language: Latin names, acronyms and digits in Hindi,
# a Hindi word quoted in English.
printf 'ISRO ने Chandrayaan-3 को 14 जुलाई 2023 को भेजा।\tISRO launched Chandrayaan-3 on 14 July 2023.\n2024\t2024\nG20 शिखर सम्मेलन।\tThe G20 summit.\nवह "Hello" बोला।\tHe said "नमस्ते".\n' > "$TMP/mixed.tsv"
check "names and digits accepted" 0 "$TMP/mixed.tsv: 4 added, 0 duplicates, 0 skipped" "" -- "$SETU" tm import --tm "$M" "$TMP/mixed.tsv"

# One-sided units: refused by add, import and serve alike.
check "add empty hi" 65 "" "one-sided unit: the Hindi text is empty" -- "$SETU" tm add --tm "$M" --hi "" --en "Only English"
check "add empty en" 65 "" "one-sided unit: the English text is empty" -- "$SETU" tm add --tm "$M" --hi "केवल हिंदी" --en ""
check "add swapped" 65 "" "the languages are swapped" -- "$SETU" tm add --tm "$M" --hi "Only English" --en "केवल हिंदी"
check "add Latin hi" 65 "" "the Hindi text has letters but no Devanagari ones" -- "$SETU" tm add --tm "$M" --hi "kewal hindi" --en "Only Hindi"
printf 'नदी\t\n' > "$TMP/one.tsv"
check "import one-sided" 65 "" "one.tsv:1: one-sided unit: the English text is empty" -- "$SETU" tm import --tm "$M" "$TMP/one.tsv"
printf '{"hi":"","en":"Only English"}\n' > "$TMP/one.jsonl"
printf 'G20 — ।\tG20 —.\n' > "$TMP/acr.tsv"
check "Hindi side of Latin letters only" 65 "" "acr.tsv:1: the Hindi column (1) has no Devanagari letters" -- "$SETU" tm import --tm "$M" "$TMP/acr.tsv"
check "import one-sided jsonl" 65 "" "one.jsonl:1: one-sided unit: the Hindi text is empty" -- "$SETU" tm import --tm "$M" "$TMP/one.jsonl"
printf '{"hi":"The sun.","en":"सूरज।"}\n' > "$TMP/sw.jsonl"
check "import swapped jsonl" 65 "" "sw.jsonl:1: the languages are swapped" -- "$SETU" tm import --tm "$M" "$TMP/sw.jsonl"
STDIN='{"id":1,"op":"add","hi":"Only English","en":"केवल हिंदी"}
{"id":2,"op":"add","hi":"","en":"Only English"}'
check "serve add swapped and one-sided" 0 '{"id":1,"error":{"code":"bad_input","message":"the languages are swapped: the Hindi text is not Devanagari and the English text is"}}
{"id":2,"error":{"code":"bad_field","message":"'"'"'hi'"'"' must not be empty"}}' "" -- "$SETU" serve --tm "$M"

# What went in is what is there: 2 + 5 × 1 (headers) + 4 units; nothing refused.
check "count" 0 "ok: 11 units" "" -- "$SETU" tm check --tm "$M"
finish
