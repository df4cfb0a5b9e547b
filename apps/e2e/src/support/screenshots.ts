// Where the browser journeys put a screenshot of every screen: tmp/screenshots/ in the
// checkout, which git ignores, so a test run (or one that stops half way) never changes
// what the repository holds. `npm run screenshots` runs the same journeys with
// SCREENSHOTS_DIR=docs/screenshots to refresh the pictures kept for people to look at;
// those are then reviewed and committed on purpose.
import { join, resolve } from 'node:path';
import { ROOT } from './processes';

export const SCREENSHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR || join('tmp', 'screenshots'));
