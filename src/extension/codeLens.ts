/**
 * CodeLens per placement with its headline (fit and memory per GPU, TTFT/TPOT p95, throughput,
 * $/month); on `gpus: auto` the solved count. Clicking opens the comparison panel on it.
 */
import * as vscode from 'vscode';
import { isScalar } from 'yaml';
import { catalog } from '../core/catalog';
import { placementHeadline } from '../core/report/headline';
import { locate } from '../core/parse/paths';
import type { DocumentValidator } from './validation';
import type { EstimateController } from './estimates';
import { toRange } from './convert';
import { manifestLenses } from './manifestLens';
import { nameOccurrences } from '../protocol/refs';

export const COMMAND_COMPARE = 'llmSizing.comparePlacements';
const COMMAND_SET_GPUS = 'llmSizing.setGpus';

export class PlacementCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly validated: vscode.Disposable;
  /** Documents whose last validation had serving workloads (their lenses must go when they do). */
  private readonly withManifestLenses = new Set<string>();

  constructor(
    private readonly validator: DocumentValidator,
    private readonly estimates: EstimateController,
  ) {
    this.subscription = estimates.onDidChange(() => this.changed.fire());
    // Manifest lenses come with the validation (no save needed); refresh only when a file has them.
    this.validated = validator.onDidValidate((document) => {
      const key = document.uri.toString();
      const has = (validator.stateOf(document)?.workloads.length ?? 0) > 0;
      if (has || this.withManifestLenses.has(key)) this.changed.fire();
      if (has) this.withManifestLenses.add(key);
      else this.withManifestLenses.delete(key);
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const estimate = this.estimates.get(document);
    const state = this.validator.current(document);
    if (!state) return [];
    const lenses: vscode.CodeLens[] = manifestLenses(document, state.workloads);
    if (!estimate) return lenses;
    // Which of the file's same-named deployments each is (the panel selects by name + occurrence).
    const occurrences = nameOccurrences(estimate.documents.map((d) => d.report));
    for (const [k, doc] of estimate.documents.entries()) {
      const occurrence = occurrences[k] ?? 0;
      const yaml = state.result.documents[doc.documentIndex]?.yaml;
      // Manifest workloads have their own lenses (above), not `placements` entries.
      if (!yaml || doc.report.placements.some((p) => p.manifest)) continue;
      doc.report.placements.forEach((placement, i) => {
        const sourceIndex = doc.placementSourceIndex[i] ?? i;
        const node = locate(yaml, ['placements', sourceIndex])?.node;
        if (!node?.range) return;
        const range = toRange(document, { start: node.range[0], end: node.range[0] });
        const icon = placement.verdict === 'pass' ? '$(pass)' : '$(error)';
        const hardwareName = catalog.hardware.get(placement.hardware)?.name;
        const stale = estimate.stale ? ' $(sync) stale — save to re-estimate' : '';
        lenses.push(
          new vscode.CodeLens(range, {
            title: `${icon} ${placementHeadline(placement, hardwareName)}${stale}`,
            tooltip:
              placement.verdict === 'pass'
                ? 'Meets every objective and constraint. Click to compare placements.'
                : placement.reasons.join('\n'),
            command: COMMAND_COMPARE,
            arguments: [document.uri, doc.report.name, placement.name, ...(occurrence ? [occurrence] : [])],
          }),
        );
        if (placement.gpusAuto && !estimate.stale) {
          for (const gpusPath of [['gpus'], ['onPrem', 'gpus'], ['cloud', 'gpus']]) {
            const found = locate(yaml, ['placements', sourceIndex, ...gpusPath]);
            if (!found?.node || !isScalar(found.node) || found.node.value !== 'auto' || !found.node.range) continue;
            const autoRange = toRange(document, { start: found.node.range[0], end: found.node.range[1] });
            const count =
              gpusPath.length === 1 ? placement.gpus : placement.parts?.find((p) => p.role === gpusPath[0])?.gpus;
            if (count === undefined) continue;
            lenses.push(
              new vscode.CodeLens(autoRange, {
                title: `auto → ${count} GPU${count === 1 ? '' : 's'} (${placement.replicas} replica${placement.replicas === 1 ? '' : 's'}) · write it`,
                tooltip: `The fewest GPUs (whole replicas) that fit and meet the SLOs at peak. Click to replace \`auto\` with ${count}.`,
                command: COMMAND_SET_GPUS,
                arguments: [document.uri, autoRange, count],
              }),
            );
          }
        }
      });
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.validated.dispose();
    this.changed.dispose();
  }
}
