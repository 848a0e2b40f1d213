#!/bin/bash
# hunalign_dict.sh — FreeDict's English–Hindi dictionary in hunalign's
# format ("english @ hindi", one pair per line) on stdout; nothing when the
# dictionary (Debian's dict-freedict-eng-hin) is not installed.  Shared by
# align_hunalign.sh and align_speed.sh.
set -eu
DICT=${1:-/usr/share/dictd/freedict-eng-hin.dict.dz}
[ -f "$DICT" ] || exit 0
zcat "$DICT" | awk '
    /^[A-Za-z][A-Za-z -]* (\/[^\/]*\/ )?<[^>]*>$/ { sub(/ (\/[^\/]*\/ )?<[^>]*>$/, ""); head = tolower($0); next }
    /^[0-9]+\. / && head != "" { sub(/^[0-9]+\. /, ""); n = split($0, t, /[,;] */)
        for (i = 1; i <= n; i++) { gsub(/~/, " ", t[i]); if (t[i] != "") print head " @ " t[i] } }'
