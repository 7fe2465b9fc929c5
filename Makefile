# relight: the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIP_USER := $(shell [ "$$(id -u)" = 0 ] || echo --user)
SWIFT ?= swift
CONFIG ?= examples/relight.yaml

# Debian packages the build and the tests need.
APT_PACKAGES := pkg-config libinotifytools0-dev inotify-tools libturbojpeg0-dev libjpeg-turbo-progs \
	libpng-dev libwebp-dev libsqlite3-dev imagemagick exiftool
# PyPI tools the tests need: moto's S3 server and botocore for the SigV4 vectors.
PIP_PACKAGES := moto[server] boto3 botocore

.PHONY: deps deps-test build release run test clean

deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

deps-test: deps
	@python3 -c 'import moto, boto3, botocore' 2>/dev/null && command -v moto_server >/dev/null || \
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

test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
