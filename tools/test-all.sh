#!/usr/bin/env bash
# The test command of the README: unit, the web app's component tests (Vitest),
# integration (real nats-server, PostgreSQL, SMTP) and end-to-end tiers (the web app in
# a real browser among them), then one closing line with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
jest=(node node_modules/jest/bin/jest.js --ci)
status=0
# SOUDAN_TESTS=runtime (CI's second Node.js): what depends on the server's runtime only.
# The browser's share (Vitest, the web app driven in Chromium) and the fault, flood and
# fuzz runs, which test the system's behaviour rather than the runtime's, run once.
scope="${SOUDAN_TESTS:-all}"
tiers=(unit web int e2e)
e2e_skip=()
if [ "$scope" = runtime ]; then
  tiers=(unit int e2e)
  e2e_skip=(--testPathIgnorePatterns '/node_modules/' 'web\.e2e' 'web-staff\.e2e' 'faults\.e2e' 'floods\.e2e' 'fuzz\.e2e')
fi
rm -f tmp/jest-unit.json tmp/vitest-web.json tmp/jest-int.json tmp/jest-e2e.json
"${jest[@]}" --selectProjects unit --json --outputFile=tmp/jest-unit.json || status=1
if [ "$scope" != runtime ]; then
  # Vitest runs without jest's NODE_OPTIONS (no VM modules there).
  NODE_OPTIONS= node node_modules/vitest/vitest.mjs run --config apps/web/vite.config.ts --reporter=default \
    --reporter=json --outputFile.json="$PWD/tmp/vitest-web.json" || status=1
fi
"${jest[@]}" --selectProjects int --maxWorkers=2 --json --outputFile=tmp/jest-int.json || status=1
"${jest[@]}" --selectProjects e2e --runInBand "${e2e_skip[@]}" --json --outputFile=tmp/jest-e2e.json || status=1
TIERS="${tiers[*]}" node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const tier of process.env.TIERS.split(" ")) {
    const file = tier === "web" ? "tmp/vitest-web.json" : `tmp/jest-${tier}.json`;
    if (!fs.existsSync(file)) { failed += 1; console.log(`${tier}: no results`); continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0); skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${tier}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped (${r.numTotalTestSuites} files)`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (passed === 0) process.exitCode = 1;
' || status=1
exit $status
