#!/usr/bin/env bash
# Prepares a fresh machine with Node.js >= 20.19 to build and run the project:
# pnpm through corepack (pinned by package.json's packageManager), then the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node 20's bundled corepack cannot verify the current registry signing keys; a pinned newer one can.
corepack_version=0.36.0
if [ "$(corepack --version 2>/dev/null)" != "$corepack_version" ]; then
  npm install --global --no-audit --no-fund "corepack@$corepack_version" >/dev/null
fi
corepack enable
corepack install >/dev/null
pnpm install --frozen-lockfile
