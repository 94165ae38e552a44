#!/usr/bin/env bash
# The whole test run: type-check, lint, unit and integration tests, build, e2e in Debian Chromium,
# benchmark smoke. Each step runs even if an earlier one failed; the last line sums them all.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json test-results/steps.txt

step() { # step <name> <command...>: a check that counts as one test
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "pass $name" >> test-results/steps.txt; else echo "fail $name" >> test-results/steps.txt; echo "!! $name failed"; fi
}

step typecheck npm run --silent typecheck
step lint npx eslint .
echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || true
step build npm run --silent build
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "== end-to-end tests (Playwright, Debian Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json || true
else
  echo "fail e2e-no-chromium" >> test-results/steps.txt
fi
if [ -f bench/run.ts ]; then step bench-smoke npm run --silent bench -- --smoke; fi
node tools/ci/tally.mjs
