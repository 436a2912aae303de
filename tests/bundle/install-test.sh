#!/usr/bin/env bash
# The installed product on Debian/Ubuntu, end to end:
#   1. build the release .deb with the Tauri CLI (skipped when MYSCIHUB_DEB names a built one);
#   2. install it with dpkg and check what it put on the system: the binary, the icons, the desktop
#      entry (`Exec=myscihub %u`, `MimeType=x-scheme-handler/myscihub;`), the package version, and
#      that the desktop knows the entry as the myscihub:// handler without any per-user setting;
#   3. start the installed app under Xvfb in a D-Bus session (fresh data folder, token key in a file,
#      Russian), open a Zoom Marketplace-style link with the desktop's opener (`gio open`) and wait
#      for the running window to explain it (tests/bundle/installed.test.mjs, over WebDriver);
#   4. remove the package and check that nothing of it is left but the user's data folder;
#   5. print the release binary and .deb sizes.
# Needs root or sudo (dpkg); `make bundle-test` installs the tools first. It refuses to run when the
# package is already installed, since it removes the package at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
LINK_SCHEME=myscihub

step() { printf '\n== bundle test: %s\n' "$*"; }
fail() { printf 'bundle test FAILED: %s\n' "$*" >&2; exit 1; }
conf() { node -p "require('./tauri.conf.json').$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }

product=$(conf productName)
binary=$(conf mainBinaryName)
version=$(conf version)
arch=$(dpkg --print-architecture)
deb=${MYSCIHUB_DEB:-target/release/bundle/deb/${product}_${version}_${arch}.deb}
installed_binary=/usr/bin/$binary
entry=/usr/share/applications/$product.desktop
started=$SECONDS

# 1. Build.
if [ -z "${MYSCIHUB_DEB:-}" ]; then
	step "building the release .deb"
	build_started=$SECONDS
	npm --prefix ui run tauri -- build --ci --bundles deb -- --locked
	echo "release build and .deb: $((SECONDS - build_started)) s"
fi
[ -f "$deb" ] || fail "no package at $deb"
package=$(dpkg-deb --field "$deb" Package)
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
	fail "$package is already installed on this machine; this test installs and removes it. Remove it first: sudo dpkg -r $package"
fi

work=$(mktemp -d)
cleanup() {
	status=$?
	if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
		echo "bundle test: removing $package after a failure" >&2
		$SUDO dpkg -r "$package" >/dev/null || true
	fi
	rm -rf "$work"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2. Install and inspect.
step "installing $deb"
if ! $SUDO dpkg -i "$deb"; then
	# Missing dependencies: let apt bring them and finish the configuration.
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -f --no-install-recommends
fi
[ -x "$installed_binary" ] || fail "$installed_binary is missing after install"
[ "$(dpkg-query -W -f='${Version}' "$package")" = "$version" ] || fail "installed version is not $version"
[ -f "$entry" ] || fail "no desktop entry at $entry"
echo "--- $entry"
cat "$entry"
echo "---"
desktop-file-validate "$entry" || fail "$entry is not a valid desktop entry"
grep -qx "Exec=$binary %u" "$entry" || fail "the desktop entry does not pass the link on (want Exec=$binary %u)"
grep -qx "MimeType=x-scheme-handler/$LINK_SCHEME;" "$entry" || fail "the desktop entry does not claim $LINK_SCHEME://"
grep -qx "Name=$product" "$entry" || fail "the desktop entry is not named $product"
grep -qx "Icon=$binary" "$entry" || fail "the desktop entry's icon is not $binary"
icons=$(dpkg -L "$package" | grep -c "^/usr/share/icons/hicolor/.*/apps/$binary\.png$" || true)
[ "$icons" -ge 3 ] || fail "the package installs $icons icons"
echo "installed: $installed_binary, $entry, $icons icons"

# A desktop session of its own: no user's mimeapps.list or caches decide anything here.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/share XDG_CACHE_HOME=$work/cache
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
handler=$(LC_ALL=C gio mime "x-scheme-handler/$LINK_SCHEME")
echo "$handler"
grep -q "^Default application for .*: $product\.desktop$" <<<"$handler" ||
	fail "the desktop does not take $product.desktop as the $LINK_SCHEME:// handler"

# 3. The installed app receives its link.
step "opening a $LINK_SCHEME:// link in the installed app"
data_dir=$work/data
MYSCIHUB_APP=$installed_binary MYSCIHUB_DATA_DIR=$data_dir MYSCIHUB_EXPECTED_VERSION=$version \
	xvfb-run -a -s "-screen 0 1280x860x24" dbus-run-session -- \
	node --test --test-timeout=120000 tests/bundle/installed.test.mjs
[ -f "$data_dir/myscihub.db" ] || fail "the app kept no database in $data_dir"
installed_size=$(stat -c %s "$installed_binary")

# 4. Uninstall.
step "removing $package"
$SUDO dpkg -r "$package"
status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
case "$status" in "" | *not-installed*) ;; *) fail "after dpkg -r, $package is '$status'" ;; esac
for path in "$installed_binary" "$entry"; do
	[ ! -e "$path" ] || fail "$path is still there after removal"
done
if compgen -G "/usr/share/icons/hicolor/*/apps/$binary.png" >/dev/null; then fail "icons are left after removal"; fi
if [ -f /usr/share/applications/mimeinfo.cache ] && grep -q "x-scheme-handler/$LINK_SCHEME=" /usr/share/applications/mimeinfo.cache; then
	fail "the desktop still lists a $LINK_SCHEME:// handler after removal"
fi
[ -f "$data_dir/myscihub.db" ] || fail "removing the package should leave the user's data folder alone"
echo "removed: $installed_binary, $entry and the icons are gone; the user's data folder stays ($(cd "$data_dir" && echo *))"

# 5. Sizes, for the performance table.
deb_size=$(stat -c %s "$deb")
step "passed in $((SECONDS - started)) s"
echo "bundle sizes: release binary $installed_size bytes ($(mib "$installed_size") MiB), .deb $deb_size bytes ($(mib "$deb_size") MiB)"
