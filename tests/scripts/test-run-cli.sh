#!/usr/bin/env bash
# scripts/run --cli, in a copy of the scripts with cmake, the package check and
# handoff-cli played by stand-ins: it builds handoff-cli alone, then runs it with the
# remaining arguments, its stdout and exit code untouched; a failed build says why.
# Then scripts/run itself: it builds only the window and handoff-cli, and names the
# demo campaign it creates.
set -uo pipefail
source_root="${1:?source folder}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

mkdir -p "$work/root/scripts" "$work/root/build/src/cli" "$work/bin"
cp "$source_root/scripts/run" "$work/root/scripts/run"
printf '#!/usr/bin/env bash\nexit 0\n' >"$work/root/scripts/install-deps"
printf '#!/usr/bin/env bash\necho "the window must not start" >&2\nexit 99\n' >"$work/root/scripts/build"
touch "$work/root/build/build.ninja"
cat >"$work/root/build/src/cli/handoff-cli" <<'CLI'
#!/usr/bin/env bash
printf 'handoff-cli'; printf ' <%s>' "$@"; printf '\n'
echo "complaint" >&2
exit 3
CLI
cat >"$work/bin/cmake" <<CMAKE
#!/usr/bin/env bash
echo "\$*" >>"$work/cmake.log"
echo "[1/1] Linking CXX executable src/cli/handoff-cli"
[ -z "\${FAIL_BUILD:-}" ] || { echo "error: it broke"; exit 1; }
CMAKE
chmod +x "$work"/root/scripts/* "$work/root/build/src/cli/handoff-cli" "$work/bin/cmake"

out="$(PATH="$work/bin:$PATH" "$work/root/scripts/run" --cli --db sqlite:///x.db stats --campaign "Ruiz, Ana" 2>"$work/err")"
code=$?
[ "$out" = "handoff-cli <--db> <sqlite:///x.db> <stats> <--campaign> <Ruiz, Ana>" ] || fail "stdout: $out"
[ "$(cat "$work/err")" = "complaint" ] || fail "stderr: $(cat "$work/err")"
[ $code -eq 3 ] || fail "exit code $code, not handoff-cli's 3"
[ "$(cat "$work/cmake.log")" = "--build $work/root/build --target handoff-cli" ] \
    || fail "cmake ran as: $(cat "$work/cmake.log")"

out="$(FAIL_BUILD=1 PATH="$work/bin:$PATH" "$work/root/scripts/run" --cli campaign list 2>"$work/err")"
code=$?
[ -z "$out" ] || fail "a failed build still ran handoff-cli: $out"
grep -q "error: it broke" "$work/err" || fail "a failed build did not say why: $(cat "$work/err")"
grep -q "handoff-cli did not build" "$work/err" || fail "a failed build did not say so"
[ $code -eq 1 ] || fail "a failed build exited $code"

# scripts/run without --cli: builds the window and handoff-cli only, creates the demo
# campaign on a store without one and says its name, then opens the window.
printf '#!/usr/bin/env bash\necho "$*" >"%s/build.log"\n' "$work" >"$work/root/scripts/build"
mkdir -p "$work/root/build/src/app"
cat >"$work/root/build/src/cli/handoff-cli" <<'CLI'
#!/usr/bin/env bash
case "$*" in
    *"campaign list --json") echo "[]" ;;
    *"demo --json") echo '{"campaign":"Demo: Test","total":{"total":42}}' ;;
    *) exit 9 ;;
esac
CLI
printf '#!/usr/bin/env bash\necho "window $*"\n' >"$work/root/build/src/app/handoff"
chmod +x "$work/root/scripts/build" "$work/root/build/src/app/handoff"
out="$("$work/root/scripts/run" --db sqlite:///x.db 2>"$work/err")"
code=$?
[ $code -eq 0 ] || fail "scripts/run exited $code: $(cat "$work/err")"
[ "$(cat "$work/build.log" 2>/dev/null)" = "handoff handoff-cli" ] \
    || fail "scripts/run built: $(cat "$work/build.log" 2>/dev/null)"
grep -qx 'Created the demo campaign "Demo: Test" with 42 conversations.' "$work/err" \
    || fail "the demo campaign's name was not shown: $(cat "$work/err")"
[ "$out" = "window --db sqlite:///x.db" ] || fail "the window ran as: $out"

[ $status -eq 0 ] && echo "1 passed, 0 failed"
exit $status
