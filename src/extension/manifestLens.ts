/**
 * CodeLens above each serving container of a manifest: its headline ("vLLM · llama-3.1-70b bf16 ·
 * 4× H100 · 32.9 GiB weights + 36 GiB KV per GPU · 14 sequences at 32k"), red when it does not
 * fit or breaks a limit. Computed with the validation, so it needs no save.
 */
import * as vscode from 'vscode';
import type { ServingWorkload } from '../core/manifests';
import { toRange } from './convert';

/** One lens per serving container, at the container's name (or image). */
export function manifestLenses(
  document: vscode.TextDocument,
  workloads: readonly ServingWorkload[],
): vscode.CodeLens[] {
  const lenses: vscode.CodeLens[] = [];
  for (const w of workloads) {
    for (const c of w.containers) {
      const a = c.analysis;
      const icon = a.fails ? '$(error)' : a.result ? '$(pass)' : '$(info)';
      const range = toRange(document, { start: c.command.anchor.start, end: c.command.anchor.start });
      lenses.push(
        new vscode.CodeLens(range, {
          title: `${icon} ${a.headline}`,
          tooltip: a.fails
            ? a.reasons.join('\n')
            : `${w.object.kind} ${w.object.name}: sized without a workload (see Problems for the capacity and single-stream latency).`,
          command: '',
        }),
      );
    }
  }
  return lenses;
}
