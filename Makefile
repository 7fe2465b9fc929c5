# relight: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIP_USER := $(shell [ "$$(id -u)" = 0 ] || echo --user)
SWIFT ?= swift
CONFIG ?= examples/relight.yaml

# Debian packages the build and the tests need.
APT_PACKAGES := pkg-config libinotifytools0-dev inotify-tools libturbojpeg0-dev libjpeg62-turbo-dev libjpeg-turbo-progs \
	libpng-dev libwebp-dev libsqlite3-dev liblcms2-dev imagemagick exiftool chromium postgresql \
	libtiff-dev libtiff-tools libheif-dev libheif-examples libraw-dev libraw-bin
# PyPI tools the tests need: moto's S3 server, botocore for the SigV4 vectors, numpy for scripts/make-dng.py.
PIP_PACKAGES := moto[server] boto3 botocore numpy

.PHONY: deps deps-test build release run test screenshots install clean

deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

deps-test: deps
	@python3 -c 'import moto.server, boto3, botocore, flask, numpy' 2>/dev/null || \
		python3 -m pip install -q $(PIP_USER) $(PIP_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product relight

# The daemon on the example config with the local engine; Ctrl-C stops it cleanly.
run: release
	.build/release/relight validate --config $(CONFIG)
	@echo
	@echo "Try it: cp examples/photos/astronaut.png examples/inbox/golden-hour/"
	@echo
	.build/release/relight watch --config $(CONFIG)

# Tests that hold Swift's few concurrency threads for seconds at a time (subprocesses waited on,
# full-resolution pixel work in a debug build, 20,000 files written). Run with the rest, they
# stalled the whole test process for minutes on two cores and failed the timing-sensitive tests
# (WakeTests, CloudProviderTests), so they run in a process of their own.
HEAVY_TESTS := CLITests|RunCloudTests|ImageCodecsTests|RelightEngineTests|CloudRestoreQualityTests|FullFrameCloudTests|ColourManagedCloudTests|LimitTests|DaemonCameraTests|PreviewCloudTests|RestoreCrashTests|SigV4VectorTests

# Builds everything, starts moto's S3 server and a throwaway PostgreSQL (as the unprivileged user
# `postgres`, since initdb refuses root) on free loopback ports, and runs every test; the journal
# and several-hosts tests run against that PostgreSQL, not skipped. The cloud sandbox is started
# by the tests themselves (in-process or as the real `relight sandbox` binary).
test: deps-test
	$(SWIFT) build --build-tests
	@set -e; \
	port=$$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	pgdir=$$(mktemp -d /tmp/relight-postgres.XXXXXX); \
	python3 -m moto.server -H 127.0.0.1 -p $$port > .build/moto.log 2>&1 & moto=$$!; \
	trap 'kill $$moto 2>/dev/null || true; scripts/postgres.sh stop $$pgdir' EXIT; \
	eval "$$(scripts/postgres.sh start $$pgdir)"; \
	python3 scripts/wait-for-port.py $$port; \
	echo "moto_server on 127.0.0.1:$$port; PostgreSQL at $$RELIGHT_TEST_POSTGRES_URL"; \
	RELIGHT_TEST_MOTO_URL=http://127.0.0.1:$$port $(SWIFT) test --skip-build --skip 'MultiHostTests|$(HEAVY_TESTS)'; \
	echo "Heavy tests (camera files, full-resolution restores, 20,000 files, the CLI's subprocesses), on their own"; \
	RELIGHT_TEST_MOTO_URL=http://127.0.0.1:$$port $(SWIFT) test --skip-build --filter '$(HEAVY_TESTS)'; \
	echo "Several hosts: three daemons at a time, run on their own so they do not crowd the timing-sensitive tests"; \
	$(SWIFT) test --skip-build --filter MultiHostTests
	@# The dashboard's browser test runs on its own: headless Chromium competes for the CPU with
	@# the timing-sensitive watcher tests.
	RELIGHT_BROWSER_TESTS=1 $(SWIFT) test --skip-build --filter 'DashboardBrowserTests|LookBrowserTests'

# Refreshes the README's pictures: the contact sheet, the dashboard, a slider and the gallery (headless Chromium).
screenshots: deps
	$(SWIFT) build --product relight
	scripts/screenshots.sh

# Installs the binary, the systemd unit, the example config and the profiles (see docs/operations.md).
install: release
	$(SUDO) deploy/install.sh

clean:
	rm -rf .build
