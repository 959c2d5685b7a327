#!/usr/bin/env bash
# The test command (`npm test`): browser prerequisites, typecheck, lint, build, then every
# Vitest project (unit, integration, browser e2e). Stops at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "browser prerequisites"
bash tests/e2e/ensure-browser.sh

step "typecheck (vue-tsc)"
npx --no-install vue-tsc --noEmit -p tsconfig.json

step "lint (eslint)"
npx --no-install eslint --max-warnings 0 .

step "build the web app (browser tests load it)"
npx --no-install vite build --logLevel warn

step "unit, integration and browser tests (vitest)"
npx --no-install vitest run "$@"
