// The build follows the import graph and refuses what the production image could not run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error: a plain ESM module of the build, without type declarations.
import { checkBareSpecifier, compile, packageName, specifiersOf } from './compile.mjs';

describe('build: compile', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'soudan-build-'));
    write(
      'package.json',
      JSON.stringify({ type: 'module', dependencies: { luxon: '1' }, devDependencies: { jest: '1' } }),
    );
    write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@x/lib': ['libs/x/src/index.ts'] } } }));
    write('libs/x/src/index.ts', 'export const answer: number = 42;\nexport type Unused = string;\n');
    write('libs/x/assets/note.txt', 'read at run time');
    write('libs/x/src/helper.spec.ts', "import 'jest';\n");
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('rewrites aliases and extensionless imports to files that exist, and copies assets', async () => {
    write(
      'apps/a/src/main.ts',
      "import { answer } from '@x/lib';\nimport { two } from './two';\nimport { DateTime } from 'luxon';\n" +
        'console.log(answer, two, DateTime);\n',
    );
    write('apps/a/src/two.ts', 'export const two = 2;\n');
    const outDir = join(root, 'dist');
    const result = await compile({ root, entries: ['apps/a/src/main.ts'], outDir });
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual(['apps/a/src/main.ts', 'apps/a/src/two.ts', 'libs/x/src/index.ts']);
    const main = readFileSync(join(outDir, 'apps/a/src/main.js'), 'utf8');
    expect(main).toContain('from "../../../libs/x/src/index.js"');
    expect(main).toContain('from "./two.js"');
    expect(readFileSync(join(outDir, 'libs/x/assets/note.txt'), 'utf8')).toBe('read at run time');
  });

  it('fails on a devDependency reached from an entry point, naming the file', async () => {
    write('apps/a/src/main.ts', "import { bad } from './bad';\nconsole.log(bad);\n");
    write('apps/a/src/bad.ts', "import { jest } from 'jest';\nexport const bad = jest;\n");
    const result = await compile({ root, entries: ['apps/a/src/main.ts'], outDir: join(root, 'dist') });
    expect(result.problems).toEqual([
      'apps/a/src/bad.ts: imports "jest", which is not a production dependency in package.json',
    ]);
  });

  it('fails on an import of a file that does not exist', async () => {
    write('apps/a/src/main.ts', "import { gone } from './gone.js';\nconsole.log(gone);\n");
    const result = await compile({ root, entries: ['apps/a/src/main.ts'], outDir: join(root, 'dist') });
    expect(result.problems).toEqual(['apps/a/src/main.ts: imports apps/a/src/gone.ts, which does not exist']);
  });

  it('finds static, re-exported and literal dynamic imports', async () => {
    const code = "import a from 'a';\nexport * from './b.js';\nexport { c } from 'c/sub';\nawait import('node:fs');\n";
    expect(await specifiersOf(code)).toEqual(['a', './b.js', 'c/sub', 'node:fs']);
  });

  it('accepts built-ins and production dependencies only', () => {
    const dependencies = new Set(['@nestjs/core', 'pg']);
    expect(packageName('@nestjs/core/injector')).toBe('@nestjs/core');
    expect(checkBareSpecifier('node:crypto', dependencies)).toBeUndefined();
    expect(checkBareSpecifier('fs', dependencies)).toBeUndefined();
    expect(checkBareSpecifier('@nestjs/core/injector', dependencies)).toBeUndefined();
    expect(checkBareSpecifier('testcontainers', dependencies)).toMatch(/not a production dependency/);
  });
});
