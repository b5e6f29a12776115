/** The `tianyi` command line: start the server, import and export MARC, manage accounts. */
import { Command } from 'commander';
import { ConfigError } from '../kernel/config.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('tianyi').description('Tianyi (天一) library services platform').version('0.1.0');

  program
    .command('start')
    .description('start the server (embedded PostgreSQL unless DATABASE_URL is set; demo network on an empty database)')
    .option('-p, --port <port>', 'HTTP port (default: PORT or 3000)')
    .option('--no-demo', 'do not load the demo network into an empty database')
    .action(async (opts) => {
      const { start } = await import('./start.js');
      await start({ ...(opts.port ? { port: Number(opts.port) } : {}), ...(opts.demo === false ? { loadDemo: false } : {}) });
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const { openRuntime } = await import('./runtime.js');
      const rt = await openRuntime({ loadDemo: false });
      await rt.close();
    });

  const { registerDataCommands } = await import('./cli-data.js');
  registerDataCommands(program);
  (await import('./cli-devices.js')).registerDeviceCommands(program);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    // A configuration that cannot run (database unreachable, data folder in use, ...): one line.
    if (!(err instanceof ConfigError)) throw err;
    console.error(`tianyi: ${err.message}`);
    process.exit(1);
  }
}
