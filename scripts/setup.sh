#!/usr/bin/env bash
# Prepares a fresh machine with Node.js >= 20.19 to build and run the project:
# pnpm through corepack (pinned by package.json's packageManager), then the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

# packageManager pins pnpm by version *and* sha512, and corepack refuses a tarball whose hash differs.
# That pin is the trust anchor, so corepack's registry-signature check is switched off: Node 20's
# bundled corepack knows outdated signing keys, and some registries serve no signatures at all.
export COREPACK_INTEGRITY_KEYS=0
corepack enable
corepack install >/dev/null
pnpm install --frozen-lockfile
