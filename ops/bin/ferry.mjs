#!/usr/bin/env node
// Launcher of `npx ferry`: Node strips TypeScript types itself (22.18+, 23.6+), so the CLI runs
// from its .ts sources without tsx, which is only a devDependency.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`ferry: needs Node 22.18 or later (this is ${process.version}): upgrade Node\n`);
  process.exit(1);
}
const { runCli } = await import('../main.ts');
process.exitCode = await runCli(process.argv);
