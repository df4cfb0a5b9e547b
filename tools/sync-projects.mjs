// Writes tsconfig path aliases and each project's project.json from tools/projects.mjs.
// Run after adding a project: node tools/sync-projects.mjs
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { apps, libs } from './projects.mjs';

const base = JSON.parse(readFileSync('tsconfig.base.json', 'utf8'));
// Sub-path aliases written by hand (`@soudan/testing/decider`) are kept.
base.compilerOptions.paths = {
  ...base.compilerOptions.paths,
  ...Object.fromEntries(libs.map((l) => [`@soudan/${l.name}`, [`${l.dir}/src/index.ts`]])),
};
writeFileSync('tsconfig.base.json', JSON.stringify(base, null, 2) + '\n');

for (const p of [
  ...libs.map((l) => ({ ...l, kind: 'library' })),
  ...apps.map((a) => ({ ...a, type: 'app', kind: 'application' })),
]) {
  mkdirSync(`${p.dir}/src`, { recursive: true });
  const project = {
    name: p.name,
    $schema: '../../../node_modules/nx/schemas/project-schema.json'.replace(
      p.dir.split('/').length === 2 ? '../../../' : '',
      p.dir.split('/').length === 2 ? '../../' : '',
    ),
    sourceRoot: `${p.dir}/src`,
    projectType: p.kind,
    tags: [`scope:${p.scope}`, `type:${p.type}`],
  };
  writeFileSync(`${p.dir}/project.json`, JSON.stringify(project, null, 2) + '\n');
  if (p.kind === 'library' && !existsSync(`${p.dir}/src/index.ts`))
    writeFileSync(`${p.dir}/src/index.ts`, 'export {};\n');
}
