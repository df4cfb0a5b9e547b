#!/usr/bin/env bash
# The test command of the README: unit, integration (real nats-server, PostgreSQL,
# SMTP) and end-to-end tiers, then one closing line with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tmp
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
jest=(node node_modules/jest/bin/jest.js --ci)
status=0
"${jest[@]}" --selectProjects unit --json --outputFile=tmp/jest-unit.json || status=1
"${jest[@]}" --selectProjects int --maxWorkers=2 --json --outputFile=tmp/jest-int.json || status=1
"${jest[@]}" --selectProjects e2e --runInBand --json --outputFile=tmp/jest-e2e.json || status=1
node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const tier of ["unit", "int", "e2e"]) {
    const file = `tmp/jest-${tier}.json`;
    if (!fs.existsSync(file)) { failed += 1; console.log(`${tier}: no results`); continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests + r.numTodoTests;
    console.log(`${tier}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped (${r.numTotalTestSuites} files)`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (passed === 0) process.exitCode = 1;
' || status=1
exit $status
