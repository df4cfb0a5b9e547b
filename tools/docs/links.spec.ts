// Every relative link in the repository's Markdown resolves in a fresh clone: the target
// exists, is not git-ignored (a clone would not have it), stays inside the repository,
// and a #fragment names a heading of the target.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', 'dist', 'tmp', 'data', 'coverage', '.git', '.nx']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1].replace(/`/g, ''))));
}

const ignored = (path: string) => {
  try {
    execFileSync('git', ['check-ignore', '-q', path], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
};

function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, fragment] = target.split('#');
    const resolved = path ? resolve(dirname(file), path) : file;
    const where = `${relative(ROOT, file)} → ${target}`;
    if (!resolved.startsWith(ROOT + '/') && resolved !== ROOT) problems.push(`${where}: outside the repository`);
    else if (!existsSync(resolved)) problems.push(`${where}: missing`);
    else if (ignored(resolved)) problems.push(`${where}: git-ignored, so not in a clone`);
    else if (fragment && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchors(resolved).has(fragment))
      problems.push(`${where}: no such heading`);
  }
  return problems;
}

describe('documentation links', () => {
  it('slugs headings the way GitHub does', () => {
    expect(slug('What CI verifies here, and what it does not')).toBe('what-ci-verifies-here-and-what-it-does-not');
    expect(slug('Read models: snapshots and rebuilds')).toBe('read-models-snapshots-and-rebuilds');
  });

  it('README.md, docs/ and deploy/ link only to files a fresh clone has', () => {
    const files = markdownFiles(ROOT);
    expect(files.map((f) => relative(ROOT, f))).toEqual(
      expect.arrayContaining(['README.md', 'docs/domain.md', 'docs/api.md', 'docs/operations.md']),
    );
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });
});
