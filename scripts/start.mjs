#!/usr/bin/env node
// `npm start`: build when there is no up-to-date build, then serve the production server.
import { spawn } from 'node:child_process';
import { ensureBuild } from './ensure-build.mjs';

await ensureBuild();
const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
