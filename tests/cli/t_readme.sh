# The README's examples are tests: every ```console block is run in order in
# one scratch folder (with memory/ of the source tree beside it and a fresh
# translation memory in $SETU_TM); each "$ command" line must print exactly
# the lines that follow it, up to the next "$ " line or the end of the block.
. "$(dirname "$0")/lib.sh"

readme="$SETU_SOURCE_DIR/README.md"
[ -f "$readme" ] || skip "no README.md"
work="$TMP/work"
mkdir -p "$work"
ln -s "$SETU_SOURCE_DIR/memory" "$work/memory"
# A fixed path, so examples can show it; removed before and after.  Two
# builds' suites running at once would share it (one run failed so), so
# each holds a lock on it for its whole run.
export SETU_TM=/tmp/setu-readme-tm
exec 9>"$SETU_TM.lock"
flock 9
rm -rf "$SETU_TM"
trap 'rm -rf "$TMP" "$SETU_TM"' EXIT
bindir="$TMP/bin"
mkdir -p "$bindir"
ln -s "$SETU" "$bindir/setu"
export PATH="$bindir:$PATH"

in_block=0
cmd=""
expected=""
n=0
run_one() {
    [ -n "$cmd" ] || return 0
    n=$((n + 1))
    # The expected text ends with the newline of its last line.
    check "README example $n: $cmd" 0 "${expected%$'\n'}" '*' -- bash -c "cd '$work' && $cmd"
    cmd=""
    expected=""
}
while IFS= read -r line || [ -n "$line" ]; do
    if [ $in_block = 0 ]; then
        [ "$line" = '```console' ] && in_block=1
        continue
    fi
    if [ "$line" = '```' ]; then
        run_one
        in_block=0
    elif [ "${line#\$ }" != "$line" ]; then
        run_one
        cmd="${line#\$ }"
    else
        expected+="$line"$'\n'
    fi
done <"$readme"
[ "$n" -gt 0 ] || { echo "FAIL: no examples found in README.md"; exit 1; }
finish
