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
# SOUDAN_TESTS=runtime (CI's second Node.js, the image's): the unit tier and the two
# end-to-end runs of the process the image and `npm start` run (the built output started
# by plain node, and the one process of `npm start` with a kill -9). Integration, the
# browser's share and the fault, flood and fuzz runs test the system's behaviour rather
# than the runtime's and run once, on the machine's Node.js, within CI's time budget.
scope="${SOUDAN_TESTS:-all}"
tiers=(unit web int e2e)
e2e_only=()
if [ "$scope" = runtime ]; then
  tiers=(unit e2e)
  e2e_only=(apps/e2e/src/built.e2e.spec.ts apps/e2e/src/standalone.e2e.spec.ts)
fi
rm -f tmp/jest-unit.json tmp/vitest-web.json tmp/jest-int.json tmp/jest-e2e.json
"${jest[@]}" --selectProjects unit --json --outputFile=tmp/jest-unit.json || status=1
if [ "$scope" != runtime ]; then
  # Vitest runs without jest's NODE_OPTIONS (no VM modules there).
  NODE_OPTIONS= node node_modules/vitest/vitest.mjs run --config apps/web/vite.config.ts --reporter=default \
    --reporter=json --outputFile.json="$PWD/tmp/vitest-web.json" || status=1
fi
if [ "$scope" != runtime ]; then
  "${jest[@]}" --selectProjects int --maxWorkers=2 --json --outputFile=tmp/jest-int.json || status=1
fi
"${jest[@]}" --selectProjects e2e --runInBand --json --outputFile=tmp/jest-e2e.json "${e2e_only[@]}" || status=1
# Calendar drift: api.md's journeys again with every process's clock moved ahead
# (libfaketime, the same shift in every process, so a restart after kill -9 keeps it): the
# walk of every route 400 days ahead (past a year's end, another weekday), the single
# process with its kill -9 40 days ahead (another month). A test that only passes in the
# week it was written fails here instead of on the day its dates run out. PostgreSQL's and
# NATS's clocks stay where they are, so only suites that never compare the two take part.
# Needs the Debian package faketime; without it the tier is skipped and says so.
faketime_lib=$(compgen -G '/usr/lib/*/faketime/libfaketime.so.1' | head -1)
if [ "$scope" != runtime ]; then
  rm -f tmp/jest-calendar-*.json
  if [ -n "$faketime_lib" ]; then
    for run in 400:journey 40:standalone; do
      shift_days=${run%%:*} suite=${run#*:}
      echo "calendar drift: ${suite} with clocks ${shift_days} days ahead"
      FAKETIME="+${shift_days}d" LD_PRELOAD="$faketime_lib" "${jest[@]}" --selectProjects e2e --runInBand --json \
        --outputFile="tmp/jest-calendar-${shift_days}.json" "apps/e2e/src/${suite}.e2e.spec.ts" || status=1
      tiers+=("calendar-${shift_days}")
    done
  else
    echo "calendar drift: skipped (libfaketime not found: apt-get install faketime)"
  fi
fi
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
