#!/usr/bin/env bash
# Builds the .deb, checks what it declares and ships, validates its desktop files,
# and runs handoff-cli from the unpacked package as an installed user would.
set -euo pipefail
build="${1:?build folder}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack"; }
deb="$(ls "$work"/out/handoff_*.deb)"
echo "package: $(basename "$deb")"

info="$(dpkg-deb --field "$deb" Depends Recommends)"
grep -q "libqt6sql6-sqlite" <<<"$info" || fail "Depends lacks libqt6sql6-sqlite: $info"
grep -q "^Recommends:.*libqt6sql6-psql" <<<"$info" || fail "Recommends lacks libqt6sql6-psql: $info"
grep -q "libphonenumber" <<<"$info" || fail "Depends lacks libphonenumber: $info"
grep -q "^Depends:.*libqt6keychain1" <<<"$info" || fail "Depends lacks libqt6keychain1: $info"
grep -q "^Depends:.*libqt6charts6" <<<"$info" || fail "Depends lacks libqt6charts6: $info"
grep -q "^Recommends:.*libsecret-1-0" <<<"$info" || fail "Recommends lacks libsecret-1-0: $info"

dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/handoff usr/bin/handoff-cli \
         usr/share/applications/app.handoff.Handoff.desktop \
         usr/share/metainfo/app.handoff.Handoff.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/app.handoff.Handoff.svg \
         usr/lib/systemd/user/handoff-sweep.service usr/lib/systemd/user/handoff-sweep.timer; do
    [ -e "$work/root/$f" ] || fail "the package lacks /$f"
done
desktop-file-validate "$work/root/usr/share/applications/app.handoff.Handoff.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/app.handoff.Handoff.metainfo.xml" >/dev/null \
    || fail "appstreamcli validate"

grep -q "^ExecStart=/usr/bin/handoff-cli sweep --all-campaigns$" "$work/root/usr/lib/systemd/user/handoff-sweep.service" \
    || fail "the sweep service does not run handoff-cli sweep --all-campaigns"
grep -q "^OnCalendar=" "$work/root/usr/lib/systemd/user/handoff-sweep.timer" || fail "the sweep timer has no OnCalendar"

cli="$work/root/usr/bin/handoff-cli"
"$cli" --version | grep -q "^handoff-cli " || fail "handoff-cli --version"
out="$(HOME="$work" "$cli" --db "sqlite://$work/store.db" demo --campaign Packaged --contacts 40 --senders 3)"
grep -q "Unassigned" <<<"$out" || fail "demo from the unpacked package printed: $out"
echo "1 passed, 0 failed"
