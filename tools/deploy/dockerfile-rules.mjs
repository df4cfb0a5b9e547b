// The Dockerfile, checked as far as possible without a Docker engine: the syntax checks
// of dockerfile-utils (the VS Code Docker extension's validator), then our own rules on
// the parsed instructions: pinned Node 24 base, a build stage and a runtime stage, the
// built output started by plain node, a non-root user owning the data folder, and COPY
// sources that exist in the build context.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { SERVER_APPS } from '../build/apps.mjs';

export function dockerfileProblems(text, root) {
  const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const instructions = DockerfileParser.parse(text).getInstructions();
  const args = new Map();
  const stages = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const words = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value] = words[0].split('=');
      args.set(name, value);
    } else if (keyword === 'FROM') {
      const image = words[0].replace(/\$\{(\w+)\}/g, (_, name) => args.get(name) ?? '');
      stages.push({ image, name: words[2], instructions: [] });
      const tag = /^node:(\d+)\.(\d+)\.(\d+)-/.exec(image);
      if (!tag) problems.push(`FROM ${words[0]} (${image}) is not node pinned to a full version`);
      else if (tag[1] !== '24') problems.push(`FROM ${image} is not Node 24 LTS`);
    } else if (stages.length > 0) {
      const flags = (instruction.getFlags?.() ?? []).map((flag) => flag.getName());
      stages.at(-1).instructions.push({ keyword, words, flags, content: instruction.getArgumentsContent() ?? '' });
    }
  }
  if (stages.length < 2) problems.push('not a multi-stage build');
  const runtime = stages.at(-1)?.instructions ?? [];
  const last = (keyword) => runtime.filter((i) => i.keyword === keyword).at(-1);
  const user = last('USER')?.words[0] ?? '';
  if (!/^[1-9]\d*(:\d+)?$/.test(user))
    problems.push(`the runtime stage runs as "${user || 'root'}", not a numeric non-root user`);
  const dataDir = /DATA_DIR=(\S+)/.exec(
    runtime
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.content)
      .join(' '),
  )?.[1];
  const uid = user.split(':')[0];
  if (!dataDir) problems.push('the runtime stage sets no DATA_DIR');
  else if (
    !runtime.some((i) => i.keyword === 'RUN' && i.content.includes(`chown ${uid}`) && i.content.includes(dataDir))
  )
    problems.push(`${dataDir} is not made writable for uid ${uid}`);
  const cmd = last('CMD')?.content ?? '';
  if (!cmd.includes('dist/apps/') || /\.ts\b|register|--import/.test(cmd))
    problems.push('CMD does not start the built JavaScript with plain node');
  for (const app of SERVER_APPS) if (!cmd.includes(app)) problems.push(`CMD cannot start APP=${app}`);
  if (!stages.some((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.content.includes('npm run build'))))
    problems.push('no stage runs npm run build');
  for (const stage of stages)
    for (const copy of stage.instructions.filter((i) => i.keyword === 'COPY' && !i.flags.includes('from')))
      for (const source of copy.words.slice(0, -1))
        if (!existsSync(join(root, source))) problems.push(`COPY ${source}: not in the repository`);
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8');
  for (const local of ['node_modules', 'dist', 'data', '.env', '.git'])
    if (!ignored.split('\n').includes(local)) problems.push(`.dockerignore lets ${local} into the build context`);
  return problems;
}
