#!/usr/bin/env bash
# Fails when the committed .ts files are not what lupdate makes of today's sources
# (run the update_translations target), or when Spanish has unfinished entries.
set -euo pipefail
lupdate="${1:?lupdate}"; root="${2:?source folder}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/translations/handoff_en.ts" "$root/translations/handoff_es.ts" "$work/"
args=("$root/src" "$root/ui" -extensions cpp,h,ui -locations none -no-obsolete -silent)
(cd "$root" && "$lupdate" "${args[@]}" -ts "$work/handoff_es.ts" && "$lupdate" "${args[@]}" -pluralonly -ts "$work/handoff_en.ts")
status=0
for ts in handoff_en.ts handoff_es.ts; do
    if ! diff -u "$root/translations/$ts" "$work/$ts" >"$work/$ts.diff"; then
        echo "FAIL: translations/$ts is stale; run: cmake --build build --target update_translations" >&2
        head -n 40 "$work/$ts.diff" >&2
        status=1
    fi
done
unfinished=$(grep -c 'type="unfinished"' "$root/translations/handoff_es.ts" || true)
if [ "$unfinished" -ne 0 ]; then
    echo "FAIL: translations/handoff_es.ts has $unfinished unfinished entries" >&2
    status=1
fi
[ $status -eq 0 ] && echo "1 passed, 0 failed"
exit $status
