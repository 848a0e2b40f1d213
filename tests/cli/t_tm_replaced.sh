#!/bin/bash
# t_tm_replaced.sh — memories changed under the program (issue 11):
#  - `rm -rf m && setu tm add --tm m …` while an editor's `setu serve` ran on
#    m: serve kept answering {"added":true} into the deleted file and those
#    pairs were gone.  Now serve reopens the memory at the path and the add
#    lands in the new memory (or is answered with an error, never "added").
#    (Dead readers, the other way serve's memory went wrong, are
#    tests/unit/test_tm_robust.c: 140 of them take seconds as programs.)
#  - another user's memory (0644 files, 0755 folder) could not be read: the
#    read-only commands now read it with a notice; writes name the file.
. "$(dirname "$0")/lib.sh"

tm="$TMP/m"
"$SETU" tm add --tm "$tm" --hi 'पहला वाक्य।' --en 'The first sentence.' >/dev/null ||
    echo "FAIL: setu tm add (first)"

coproc SERVE { "$SETU" serve --tm "$tm" 2>"$TMP/serve.err"; }
serve_pid=$SERVE_PID # bash unsets SERVE_PID once the coprocess has ended
ask() { # REQUEST: one round trip, the answer in $reply
    printf '%s\n' "$1" >&"${SERVE[1]}"
    reply=""
    IFS= read -r -t 20 reply <&"${SERVE[0]}" || true
}
ask '{"id":1,"op":"add","hi":"दूसरा वाक्य।","en":"The second sentence."}'
check "serve add before the replacement" 0 '{"id":1,"added":true,"unit":2}' '' -- printf '%s' "$reply"

# Another process deletes the memory and makes a new one at the same path.
rm -rf "$tm"
check "a new memory at the path" 0 "added 1" '' -- \
    "$SETU" tm add --tm "$tm" --hi 'नया पहला वाक्य।' --en 'The new first sentence.'

# serve's next add goes into the new memory (unit 2 there), not the deleted one.
ask '{"id":2,"op":"add","hi":"तीसरा वाक्य।","en":"The third sentence."}'
check "serve add after the replacement" 0 '{"id":2,"added":true,"unit":2}' '' -- printf '%s' "$reply"
check "the new memory holds serve's add" 0 "$(printf '1\tनया पहला वाक्य।\tThe new first sentence.\n2\tतीसरा वाक्य।\tThe third sentence.')" '' -- \
    bash -c '"$SETU" tm export --tm "$1" --format jsonl | sed -E "s/.*\"hi\":\"([^\"]*)\",\"en\":\"([^\"]*)\".*/\1\t\2/" | nl -w1 -s"	"' _ "$tm"
ask '{"id":3,"op":"lookup","text":"The new first sentence.","max":1}'
check "serve's lookups read the new memory" 0 \
    '{"id":3,"matches":[{"score":100,"hi":"नया पहला वाक्य।","en":"The new first sentence.","id":1}]}' '' -- \
    printf '%s' "$reply"

ask '{"id":4,"op":"stats"}'
check "serve stats of the new memory" 0 ok '' -- \
    bash -c 'case "$1" in "{\"id\":4,\"units\":2,"*) echo ok ;; *) echo "$1" ;; esac' _ "$reply"

exec {SERVE[1]}>&-
wait "$serve_pid"
check "serve exits cleanly" 0 "" '' -- cat "$TMP/serve.err"

# Another user's memory: 0644 files in a 0755 folder.  As root, chmod does not
# stop writes, so the commands run as uid 65534 (setpriv) when that works.
chmod 755 "$TMP"
chmod 644 "$tm"/*.mdb
as_other=""
if [ "$(id -u)" = 0 ]; then
    if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
    else
        echo "note: running as root without setpriv: unwritable-memory checks skipped"
    fi
else
    chmod 555 "$tm"
    chmod 444 "$tm"/*.mdb
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_other" ]; then
    notice="lock.mdb is not writable by you; reading it without the lock"
    check "their memory: stats" 0 "units: 2" "$notice" -- \
        bash -c '$1 "$SETU" tm stats --tm "$2" | grep "^units:"' _ "$as_other" "$tm"
    check "their memory: lookup" 0 "$(printf '100\tतीसरा वाक्य।\tThe third sentence.')" "$notice" -- \
        $as_other "$SETU" tm lookup --tm "$tm" 'The third sentence.'
    check "their memory: check" 0 "ok: 2 units" "$notice" -- $as_other "$SETU" tm check --tm "$tm"
    check "their memory: add is refused, naming the file" 74 "" "$tm/data.mdb: Permission denied" -- \
        $as_other "$SETU" tm add --tm "$tm" --hi 'चौथा।' --en 'Fourth.'
    chmod 755 "$tm"
fi
finish
