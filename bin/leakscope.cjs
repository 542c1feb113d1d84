#!/usr/bin/env node
// Entry for the `leakscope` command: the CLI is bundled by `npm run build` into dist/.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write(`leakscope: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(1);
}
require(cli);
