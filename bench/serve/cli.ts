// The splitkit CLI from source, for the bench's child process.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
