// Compiles the server apps to plain ESM JavaScript with SWC: the same transform the tests
// and `npm start` use (legacy decorators with metadata, which Nest's injection and
// validation need, and which esbuild cannot emit), with the tsconfig path aliases and
// extensionless relative imports rewritten to real file paths, so `node dist/...` runs
// with nothing compiled at start-up.
//
// Only what an entry point reaches is compiled: the build follows the import graph of
// the output, so test harnesses living beside the sources never reach dist/, and a
// production file that imports a devDependency (absent from the image, which installs
// with --omit=dev) fails the build here instead of the container at start.
import { transformFile, parse } from '@swc/core';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** SWC options matching jest.config.js and tools/register.mjs (tsconfig.base.json). */
export function swcOptions(root) {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'es6', resolveFully: true },
  };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every module specifier a JavaScript module names: static imports, re-exports and literal dynamic imports. */
export async function specifiersOf(code) {
  const ast = await parse(code, { syntax: 'ecmascript', target: 'es2022' });
  const found = [];
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (
      (node.type === 'ImportDeclaration' ||
        node.type === 'ExportAllDeclaration' ||
        node.type === 'ExportNamedDeclaration') &&
      node.source
    ) {
      found.push(node.source.value);
    }
    if (node.type === 'CallExpression' && node.callee?.type === 'Import') {
      const arg = node.arguments?.[0]?.expression;
      if (arg?.type === 'StringLiteral') found.push(arg.value);
      else throw new Error('a dynamic import() with a computed specifier cannot be followed by the build');
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'span') visit(value);
  };
  visit(ast.body);
  return found;
}

/**
 * Whether a bare specifier may appear in the built output: Node built-ins and the
 * production `dependencies` only.
 */
export function checkBareSpecifier(specifier, dependencies) {
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return undefined;
  const name = packageName(specifier);
  return dependencies.has(name)
    ? undefined
    : `imports "${specifier}", which is not a production dependency in package.json`;
}

/**
 * Compiles `entries` (paths relative to `root`, .ts) and everything they import into
 * `outDir`, keeping the repository's layout (apps/x/src/main.ts → outDir/apps/x/src/main.js),
 * so that `new URL('../assets/…', import.meta.url)` finds the assets copied beside.
 */
export async function compile({ root, entries, outDir }) {
  const options = swcOptions(root);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
  const problems = [];
  const queue = entries.map((entry) => ({ source: resolve(root, entry), from: 'entry point' }));
  const done = new Set();
  const projects = new Set();
  while (queue.length > 0) {
    const { source, from } = queue.shift();
    if (done.has(source)) continue;
    const rel = relative(root, source);
    if (!existsSync(source)) {
      problems.push(`${from}: imports ${rel}, which does not exist`);
      continue;
    }
    done.add(source);
    const target = join(outDir, rel.replace(/\.ts$/, '.js'));
    const output = await transformFile(source, {
      ...options,
      filename: source,
      sourceFileName: relative(dirname(target), source).split(sep).join('/'),
    });
    mkdirSync(dirname(target), { recursive: true });
    const mapName = `${target.split(sep).pop()}.map`;
    writeFileSync(target, `${output.code}\n//# sourceMappingURL=${mapName}\n`);
    if (output.map) writeFileSync(`${target}.map`, output.map);
    const srcAt = rel.split(sep).indexOf('src');
    if (srcAt > 0) projects.add(rel.split(sep).slice(0, srcAt).join(sep));
    for (const specifier of await specifiersOf(output.code)) {
      if (specifier.startsWith('.')) {
        const imported = resolve(dirname(source), specifier).replace(/\.js$/, '.ts');
        if (!imported.startsWith(root + sep)) problems.push(`${rel}: imports ${specifier}, outside the repository`);
        else queue.push({ source: imported, from: rel });
      } else {
        const problem = checkBareSpecifier(specifier, dependencies);
        if (problem) problems.push(`${rel}: ${problem}`);
      }
    }
  }
  // Files read at run time (the built-in terms of use) live in a project's assets/.
  for (const project of projects) {
    const assets = join(root, project, 'assets');
    if (existsSync(assets)) cpSync(assets, join(outDir, project, 'assets'), { recursive: true });
  }
  return { files: [...done].map((file) => relative(root, file)).sort(), problems };
}
