#!/usr/bin/env node
import { main } from './main.js';
import { removePendingTemps } from './output.js';

// An interrupt leaves no temporary output behind (outputs are renamed into place only when all are written).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    removePendingTemps();
    process.stderr.write(`hopfield: interrupted (${signal}); no output written\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
