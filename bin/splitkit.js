#!/usr/bin/env node
// Launcher for the `splitkit` command; the CLI itself is built to dist/cli.js.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
