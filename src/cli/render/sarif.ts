/**
 * SARIF 2.1.0 for code scanning: one run, every registered code as a rule, each diagnostic as a
 * result with a 1-based region (columns in UTF-16 code units, SARIF's default), related
 * locations and fixes.
 */
import type { Finding, LineIndex } from '../../core/findings';
import { allCodes } from '../../core/validate/codes';
import { packageVersion } from '../version';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifInput {
  path: string;
  findings: Finding[];
  lines: LineIndex;
}

type Level = 'error' | 'warning' | 'note';

function level(severity: Finding['severity']): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/**
 * A file path as a SARIF artifact URI, built segment by segment with percent-encoding (RFC 3986):
 * `#`, `?`, `%`, `:` and line breaks in a name are data, not URI syntax. `encodeURI` left `#` and
 * `?` alone (the rest of the name became a fragment or query) and `c:\x` read as scheme `c:`.
 * A Windows drive path becomes `file:///C:/…`; a POSIX absolute path stays `/…`; a relative path
 * stays relative (a `:` in its first segment is encoded, so it cannot read as a scheme).
 */
export function toUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):(\/|$)/.exec(slashed);
  const rest = drive ? slashed.slice(2) : slashed;
  const encoded = rest
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return drive ? `file:///${drive[1]!.toUpperCase()}:${encoded}` : encoded;
}

function region(lines: LineIndex, start: number, end: number) {
  const s = lines.positionAt(start);
  const e = lines.positionAt(Math.max(start, end));
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** The SARIF log of some files' findings. */
export function toSarif(files: SarifInput[]): object {
  const codes = allCodes();
  const ruleIndex = new Map(codes.map((c, i) => [c.code, i]));
  const rules = codes.map((c) => ({
    id: c.code,
    name: c.name.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.summary },
    fullDescription: { text: c.summary },
    help: {
      text: `${c.fix}\n\nExample:\n${c.example}`,
      markdown: `${c.fix}\n\nExample:\n\n\`\`\`yaml\n${c.example}\n\`\`\``,
    },
    defaultConfiguration: { level: level(c.severity) },
    properties: { tags: [c.code.startsWith('LLMS1') ? 'estimate' : 'validation'] },
  }));
  const results = files.flatMap((file) => {
    const uri = toUri(file.path);
    return file.findings.map((f) => {
      const location = {
        physicalLocation: { artifactLocation: { uri }, region: region(file.lines, f.range.start, f.range.end) },
      };
      return {
        ruleId: f.code,
        ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
        level: level(f.severity),
        message: { text: f.message },
        locations: [location],
        ...(f.related && f.related.length
          ? {
              relatedLocations: f.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation: { uri }, region: region(file.lines, r.range.start, r.range.end) },
              })),
            }
          : {}),
        ...(f.fixes && f.fixes.length
          ? {
              fixes: f.fixes.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri },
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: region(file.lines, e.range.start, e.range.end),
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              })),
            }
          : {}),
      };
    });
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'llm-sizing',
            version: packageVersion('0.0.0-dev'),
            rules,
          },
        },
        artifacts: files.map((f) => ({ location: { uri: toUri(f.path) } })),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
