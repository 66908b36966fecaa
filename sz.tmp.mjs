import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
for (const e of process.argv.slice(2)) {
  const r = await build({ absWorkingDir: process.cwd(), entryPoints: [e], bundle: true, minify: true, platform: 'node', format: 'esm', target: 'node24', external: ['@aws-sdk/*'], outfile: `node_modules/.cache/sz/${e.replaceAll('/', '_')}.mjs`, metafile: true, logLevel: 'error', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  const out = Object.values(r.metafile.outputs)[0];
  const zod = Object.entries(out.inputs).filter(([k]) => k.includes('node_modules/zod')).reduce((s, [, v]) => s + v.bytesInOutput, 0);
  console.log(e, out.bytes, 'zod', zod);
}
