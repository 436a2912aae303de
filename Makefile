# MySciHub Desktop. `make run` and `make test` set up whatever is missing first.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Tauri's WebKitGTK stack, the window test tools (Xvfb, WebKitWebDriver, a D-Bus session bus),
# the desktop tools that register the myscihub:// handler, Chromium, which opens the Zoom bounce
# page in tests/e2e/bounce.test.mjs (Ubuntu has no chromium .deb, only a snap: there a Chromium
# already at /usr/bin/chromium will do), GNOME Keyring: the token-key tests run against a real
# Secret Service in a private D-Bus session, and PostgreSQL's server: the team database's tests
# start a throwaway cluster of their own; python3-dbus and python3-gi run the desktop notification
# server the reminder's window test clicks (tests/e2e/notification-server.py).
APT_PACKAGES := build-essential curl wget file pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev xvfb xauth webkit2gtk-driver dbus xdg-utils desktop-file-utils libglib2.0-bin \
	chromium gnome-keyring postgresql python3-dbus python3-gi
TAURI_DRIVER_VERSION := 2.1.0
APP := target/debug/myscihub
SANDBOX := target/debug/zoom-sandbox
DEMO_DATA := $(CURDIR)/target/demo-data

.PHONY: run test setup system-packages npm-packages tools ui app demo-data clean

# The app in demo mode against the Zoom sandbox (tests/zoom-sandbox/scenarios/demo.json): Connect
# opens the sandbox's consent page in your browser, which returns to the app on 127.0.0.1.
run: setup ui app
	@log=$$(mktemp); ./$(SANDBOX) --scenario tests/zoom-sandbox/scenarios/demo.json > $$log & sandbox=$$!; \
	trap 'kill $$sandbox 2>/dev/null; rm -f '$$log EXIT; \
	for _ in $$(seq 100); do grep -q 'listening on' $$log && break; sleep 0.1; done; \
	zoom=$$(sed -n 's/^zoom-sandbox listening on //p' $$log); \
	echo "Zoom sandbox at $$zoom; demo data in $(DEMO_DATA)"; \
	MYSCIHUB_DEMO=$${MYSCIHUB_DEMO:-1} MYSCIHUB_DATA_DIR=$${MYSCIHUB_DATA_DIR:-$(DEMO_DATA)} \
	MYSCIHUB_ZOOM_OAUTH_URL=$$zoom MYSCIHUB_ZOOM_API_URL=$$zoom/v2 MYSCIHUB_ZOOM_CLIENT_ID=myscihub-demo \
	MYSCIHUB_ZOOM_REDIRECT_URI=http://127.0.0.1/oauth/zoom/callback ./$(APP)

test: setup ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	# Also builds target/debug/myscihub and zoom-sandbox, which the window tests run: a separate
	# `cargo build` would compile the app again, with the features of fewer packages.
	cargo test --workspace --locked
	@[ -z "$$(git status --porcelain -- ui/src/lib/bindings)" ] || { echo "ui/src/lib/bindings differ from the Rust types and the IPC contract: commit the regenerated files."; git status --short -- ui/src/lib/bindings; exit 1; }
	npm --prefix ui run check
	npm --prefix ui run lint
	npm --prefix ui test
	xvfb-run -a -s "-screen 0 1280x860x24" dbus-run-session -- npm --prefix tests/e2e test
	tests/bundle/install-test.sh

# The installers, in target/release/bundle/: here the .deb and the AppImage (whose tools the Tauri
# CLI downloads from GitHub on first use; `make bundle BUNDLES=deb` builds the .deb alone). On
# Windows and macOS the same CLI builds NSIS/MSI and .app/.dmg: see README, "Install".
BUNDLES ?= deb,appimage
.PHONY: bundle bundle-test
bundle: system-packages npm-packages
	npm --prefix ui run tauri -- build --ci --bundles $(BUNDLES) -- --locked

# Builds the .deb, installs it, opens a myscihub:// link in the installed app through `gio open`,
# and removes the package again (root or sudo; see tests/bundle/install-test.sh).
bundle-test: setup
	tests/bundle/install-test.sh

# What admins feel, measured against the Zoom sandbox and written to docs/BENCHMARKS.md (not part of
# `make test`): the release app and a blank Tauri window to compare it with, then
# src-tauri/benches/perf inside Xvfb and a D-Bus session (about 3 minutes once built).
# `cargo bench` also builds the app with the test-only features of the dev-dependencies, into the
# same target/release/myscihub: the benchmark runs a copy of the release build made before.
.PHONY: bench
bench: setup ui
	cargo build --release -p myscihub --locked
	mkdir -p target/bench-app && cp target/release/myscihub target/bench-app/myscihub
	cargo build --release -p myscihub --example blank --locked
	cargo bench -p myscihub --bench perf --locked --no-run
	MYSCIHUB_BENCH_APP=$(CURDIR)/target/bench-app/myscihub \
	xvfb-run -a -s "-screen 0 1280x860x24" dbus-run-session -- cargo bench -p myscihub --bench perf --locked

setup: system-packages npm-packages tools

system-packages:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it from rustup.rs, then run make again."; exit 1; }
	@node -e 'process.exit(parseInt(process.versions.node, 10) >= 20 ? 0 : 1)' 2>/dev/null || { echo "Node.js 20 or newer is missing: install it, then run make again."; exit 1; }
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
		|| { [ $$p = chromium ] && [ -x /usr/bin/chromium ]; } || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

npm-packages:
	npm ci --prefix ui --no-audit --no-fund
	npm ci --prefix tests/e2e --no-audit --no-fund

tools:
	@tauri-driver --help >/dev/null 2>&1 || cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION)

ui:
	npm --prefix ui run build

app: ui
	cargo build -p myscihub -p zoom-sandbox --locked

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules tests/e2e/artifacts
