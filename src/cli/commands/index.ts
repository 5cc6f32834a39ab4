/**
 * The command table. Each command lives in its own module.
 */
import type { CliCommand } from '../io';
import { validateCommand } from './validate';
import { accuracyCommand } from './accuracy';
import { estimateCommand } from './estimate';
import { checkCommand } from './check';
import { recommendCommand } from './recommend';
import { reportCommand } from './report';

export const commands: Record<string, { run: CliCommand; summary: string }> = {
  validate: { run: validateCommand, summary: 'check deployment files; findings with line:column (exit 2 on errors)' },
  accuracy: { run: accuracyCommand, summary: 'estimate measured cases (calibration format) and report the error' },
  estimate: { run: estimateCommand, summary: 'compare the placements of deployment files (--format text|json|markdown|sarif)' },
  check: { run: checkCommand, summary: 'like estimate; exit 1 when a placement fails its SLOs, budget, power or residency' },
  recommend: { run: recommendCommand, summary: 'cheapest catalog configurations that pass, with snippets (--limit N)' },
  report: { run: reportCommand, summary: 'a Markdown sizing report (--output FILE; --format as estimate)' },
};
