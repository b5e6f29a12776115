/** CLI commands that work on the data: import, export, staff accounts. */
import { createReadStream, createWriteStream, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { openRuntime } from './runtime.js';
import { createLogger } from '../kernel/logger.js';

function parseJsonOption<T>(value: string | undefined, what: string): T | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`--${what} must be JSON`);
  }
}

export function registerDataCommands(program: Command): void {
  program
    .command('import <file>')
    .description('import MARC records (ISO 2709, MARCXML or MARC-in-JSON; MARC21 or CNMARC) with embedded items')
    .option('-f, --format <format>', 'iso2709 | marcxml | marc-json | auto', 'auto')
    .option('-e, --encoding <encoding>', 'auto | utf8 | marc8 | gb18030 | latin1 (overrides leader/09 and CNMARC 100$a)', 'auto')
    .option('--flavour <flavour>', 'marc21 | cnmarc (default: detected per record)')
    .option('-m, --match <policy>', 'control-number-then-isbn | control-number | isbn | none', 'control-number-then-isbn')
    .option('--holdings <mapping>', "'default' (Koha 952 / CNMARC 905), 'none', or a JSON mapping like {\"tag\":\"952\",\"barcode\":\"p\",\"library\":\"a\"}", 'default')
    .option('--library <code>', 'library for items that name none')
    .option('--rejects <file>', 'where to write rejected records (default: <file>.rejects.txt)')
    .option('--batch <n>', 'records per transaction', '500')
    .action(async (file: string, opts) => {
      const log = createLogger('warn');
      const rt = await openRuntime({ loadDemo: false, logLevel: 'warn' }, log);
      try {
        const { importMarc, libraryResolver } = await import('../modules/catalog/index.js');
        const libraries = await libraryResolver(rt.ctx.db);
        const defaultLibraryId = opts.library ? libraries.library(opts.library) : null;
        if (opts.library && !defaultLibraryId) throw new Error(`No library with code ${opts.library}`);
        const holdings = opts.holdings === 'default' || opts.holdings === 'none' ? opts.holdings : parseJsonOption(opts.holdings, 'holdings');
        const size = statSync(file).size;
        const bar = new cliProgress.SingleBar(
          { format: '{bar} {percentage}% | {read} records | {created} new, {updated} updated, {rejected} rejected | {eta_formatted} left', hideCursor: true, noTTYOutput: !process.stderr.isTTY, notTTYSchedule: 5000 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(size, 0, { read: 0, created: 0, updated: 0, rejected: 0 });
        const t0 = Date.now();
        const summary = await importMarc(rt.ctx.db, createReadStream(file, { highWaterMark: 1 << 20 }), {
          format: opts.format, encoding: opts.encoding, flavour: opts.flavour, match: opts.match, holdings, libraries,
          defaultLibraryId, batchSize: Number(opts.batch), source: `import:${file}`,
          onProgress: (p) => bar.update(Math.min(p.bytes || 0, size), p),
        });
        bar.update(size, summary);
        bar.stop();
        const secs = (Date.now() - t0) / 1000;
        const rejectsFile = opts.rejects ?? `${file}.rejects.txt`;
        if (summary.rejects.length || summary.warnings.length) {
          const lines = [
            ...summary.rejects.map((r) => `record ${r.position}${r.byteOffset !== undefined && r.byteOffset >= 0 ? ` (byte ${r.byteOffset})` : ''}: ${r.code}: ${r.reason}`),
            ...summary.warnings.map((w) => `record ${w.position}: warning ${w.code}: ${w.reason}`),
          ];
          writeFileSync(rejectsFile, lines.join('\n') + '\n');
        }
        console.log(
          `\n${summary.read} records read in ${secs.toFixed(1)} s (${Math.round(summary.read / Math.max(secs, 0.001))}/s): ` +
            `${summary.created} created, ${summary.updated} updated, ${summary.rejected} rejected; ` +
            `items ${summary.itemsCreated} created, ${summary.itemsUpdated} updated.`,
        );
        if (summary.rejects.length || summary.warnings.length) console.log(`Rejected records and warnings: ${rejectsFile}`);
      } finally {
        await rt.close();
      }
    });

  program
    .command('export <file>')
    .description('export the catalog as ISO 2709 (UTF-8), MARCXML or MARC-in-JSON (one record per line)')
    .option('-f, --format <format>', 'iso2709 | marcxml | marc-json', 'iso2709')
    .option('--no-generated', 'leave out generated demo/scale records')
    .action(async (file: string, opts) => {
      const rt = await openRuntime({ loadDemo: false, logLevel: 'warn' }, createLogger('warn'));
      try {
        const { exportRecords } = await import('../modules/catalog/index.js');
        const out = createWriteStream(file);
        let bytes = 0;
        for await (const chunk of exportRecords(rt.ctx.db, opts.format, { includeGenerated: opts.generated })) {
          bytes += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        console.log(`wrote ${bytes} bytes to ${file}`);
      } finally {
        await rt.close();
      }
    });

  const staff = program.command('staff').description('staff accounts');
  staff
    .command('create <username>')
    .description('create a staff account')
    .requiredOption('--password <password>', 'initial password')
    .option('--name <name>', 'display name')
    .option('--role <roles...>', 'roles (admin, circulation, cataloguer, branch-manager)', ['circulation'])
    .option('--library <code>', 'library the account acts for')
    .action(async (username: string, opts) => {
      const rt = await openRuntime({ loadDemo: false, logLevel: 'warn' }, createLogger('warn'));
      try {
        const { createStaffUser } = await import('../modules/staff/index.js');
        const { getLibrary } = await import('../modules/consortium/index.js');
        const libraryId = opts.library ? (await getLibrary(rt.ctx.db, opts.library)).id : undefined;
        await createStaffUser(rt.ctx.db, { username, displayName: opts.name ?? username, password: opts.password, roles: opts.role, libraryId, actor: 'cli' });
        console.log(`created staff account ${username}`);
      } finally {
        await rt.close();
      }
    });
}
