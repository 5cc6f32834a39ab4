/**
 * `llm-sizing catalog models|hardware|engines|formats [--search TEXT] [--format text|json]`
 * Lists what the catalog holds (the built-in data plus `.llm-sizing/catalog.yaml` found from the
 * current directory up): JSON is a list of {id, name, aliases, facts, sources}; text a table.
 */
import { CATALOG_SECTIONS, catalogRows, type CatalogRow, type CatalogSectionName } from '../../core/catalog/listing';
import { ExitCode, type CliCommand } from '../io';
import { formatOption, parseArgs, UsageError } from '../args';
import { forOutput } from '../terminal';
import { workspaceCatalogFor } from '../workspaceCatalog';

function textTable(rows: CatalogRow[]): string {
  if (!rows.length) return 'no entries match\n';
  const keys = Object.keys(rows[0]!.facts);
  const header = ['id', 'name', ...keys];
  const cells = rows.map((r) => [r.id, r.name, ...keys.map((k) => (r.facts[k] === null ? '—' : String(r.facts[k])))]);
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]) =>
    c
      .map((x, i) => (x.length > widths[i]! ? `${x.slice(0, widths[i]! - 1)}…` : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return (
    [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') +
    `\n${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}; sources: --format json\n`
  );
}

export const catalogCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'search']);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  const section = parsed.files[0];
  if (!section || !(CATALOG_SECTIONS as readonly string[]).includes(section) || parsed.files.length > 1) {
    throw new UsageError(`catalog needs one section: ${CATALOG_SECTIONS.join(', ')}`);
  }
  const search = parsed.options.get('search');
  if (search === true) throw new UsageError('--search needs a text');
  const { catalog, problems } = await workspaceCatalogFor(process.cwd());
  for (const p of problems) io.stderr(`${p}\n`);
  const rows = catalogRows(catalog, section as CatalogSectionName, search);
  if (format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else io.stdout(forOutput(textTable(rows), 'text'));
  return ExitCode.ok;
};
