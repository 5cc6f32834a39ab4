/**
 * The command table. Each command lives in its own module.
 */
import type { CliCommand } from '../io';
import { validateCommand } from './validate';
import { accuracyCommand } from './accuracy';

export const commands: Record<string, { run: CliCommand; summary: string }> = {
  validate: { run: validateCommand, summary: 'check deployment files; findings with line:column (exit 2 on errors)' },
  accuracy: { run: accuracyCommand, summary: 'estimate measured cases (calibration format) and report the error' },
};
