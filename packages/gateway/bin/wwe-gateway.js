#!/usr/bin/env -S node --max-semi-space-size=1 --max-old-space-size=256
// The V8 flags above keep the service's memory flat. Node's default 16 MiB semi-spaces grow to 32 MiB of
// young generation in a registration storm and keep it; a small, fixed old-space limit makes V8 grow the
// heap in small steps, the same on every host. 10,000 DNs need about 16 MiB of live heap, so 256 MiB is
// ample headroom. `pnpm bench gateway-sync` measures with these same flags.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
