#!/usr/bin/env node
'use strict';
// The package's command-line tool; `npm run build:node` produces dist/cli.js.
const { main } = require('../dist/cli.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { console.error(e instanceof Error ? e.message : e); process.exitCode = 1; });
