#!/usr/bin/env bash
# Installs what ssmd runs and tests with, and nothing that is already there:
#   Debian: nats-server, postgresql-15, capnproto, zstd      npm: s3rver, hyparquet (+ its compressors)
# The .NET 10 SDK must already be installed (https://dot.net); DCP and the Aspire dashboard come from NuGet.
# Without root (and without passwordless sudo) it prints the exact commands instead.
set -euo pipefail

S3RVER_VERSION=3.7.1
# hyparquet: a Parquet reader sharing no code with Parquet.Net; the archiver tests read the export's files with it.
HYPARQUET=(hyparquet@1.33.0 hyparquet-compressors@1.1.2)
apt_missing=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || apt_missing+=(nats-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && id postgres >/dev/null 2>&1 || apt_missing+=(postgresql-15)
command -v capnp >/dev/null 2>&1 || apt_missing+=(capnproto)
# zstd: the reference tool that reads the archive's .zst files (and the archiver tests check with it).
command -v zstd >/dev/null 2>&1 || apt_missing+=(zstd)
npm_missing=()
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_missing+=(nodejs npm)
fi
command -v s3rver >/dev/null 2>&1 || npm_missing+=("s3rver@${S3RVER_VERSION}")
hyparquet_missing() { ! command -v npm >/dev/null 2>&1 || [ ! -f "$(npm root -g)/hyparquet-compressors/package.json" ] || [ ! -f "$(npm root -g)/hyparquet/package.json" ]; }
hyparquet_missing && npm_missing+=("${HYPARQUET[@]}")

if ! command -v dotnet >/dev/null 2>&1; then
  echo "ssmd: the .NET 10 SDK is missing: install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi

if [ ${#apt_missing[@]} -eq 0 ] && [ ${#npm_missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "ssmd: missing prerequisites and no root to install them. Run:" >&2
  [ ${#apt_missing[@]} -gt 0 ] && echo "  sudo apt-get update && sudo apt-get install -y ${apt_missing[*]}" >&2
  [ ${#npm_missing[@]} -gt 0 ] && echo "  sudo npm install -g ${npm_missing[*]}" >&2
  exit 1
fi

if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "ssmd: installing ${apt_missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi
if ! command -v s3rver >/dev/null 2>&1; then
  echo "ssmd: installing s3rver@${S3RVER_VERSION}"
  "${sudo[@]}" npm install -g --no-fund --no-audit "s3rver@${S3RVER_VERSION}" >/dev/null
fi
if hyparquet_missing; then
  echo "ssmd: installing ${HYPARQUET[*]}"
  "${sudo[@]}" npm install -g --no-fund --no-audit "${HYPARQUET[@]}" >/dev/null
fi
