#!/usr/bin/env bash
# The long proofs at full size (VAXDESK_SOAK=1): every test file that imports src/testing/soak.ts.
# Prints the figures they recorded at the end; exits non-zero if a test failed or recorded none.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(node -e 'console.log(Date.now())')
VAXDESK_SOAK=1 npx vitest run --config vitest.soak.config.mts "$@"
rc=$?
node tools/ci/soak-figures.mjs "$started" || rc=1
exit $rc
