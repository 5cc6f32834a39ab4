/**
 * docs/diagnostics.md from the code registry.
 */
import { allCodes } from '../../src/core/validate/codes';

export function renderDiagnosticsDoc(): string {
  const lines = [
    '# Diagnostics',
    '',
    'Every finding has a stable code. Generated from `src/core/validate/codes.ts` by `npm run generate`; do not edit by hand.',
    '',
    '| code | name | severity | meaning |',
    '| --- | --- | --- | --- |',
    ...allCodes().map(
      (c) =>
        `| [${c.code}](#${c.code.toLowerCase()}) | ${c.name} | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  for (const c of allCodes()) {
    lines.push(
      `## ${c.code}`,
      '',
      `**${c.name}** (${c.severity}) — ${c.summary}`,
      '',
      'Example:',
      '',
      '```yaml',
      c.example,
      '```',
      '',
      `Fix: ${c.fix}`,
      '',
    );
  }
  return lines.join('\n');
}
