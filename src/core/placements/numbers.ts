/**
 * How placement figures are rounded for the report, and the phrases finding sentences share.
 * Numbers in sentences are written by ../report/format.ts, as in every presenter.
 */
import { formatRate } from '../report/format';
import type { LoadKind } from './load';
import type { Shape } from './sizing';

export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const r2 = (x: number): number => Math.round(x * 100) / 100;
export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** "6 req/s" or "concurrency 12". */
export const loadText = (kind: LoadKind, x: number): string =>
  kind === 'rate' ? formatRate(x) : `concurrency ${Math.ceil(x - 1e-9)}`;

/** "tensor 2 × pipeline 2", or "1 GPU per replica". */
export function shapeText(shape: Shape): string {
  const parts = [
    shape.tensor > 1 ? `tensor ${shape.tensor}` : '',
    shape.pipeline > 1 ? `pipeline ${shape.pipeline}` : '',
    shape.data > 1 ? `data ${shape.data}` : '',
  ].filter(Boolean);
  const dcp = (shape.decodeContext ?? 1) > 1 ? ` (decode context parallel ${shape.decodeContext})` : '';
  return parts.length ? parts.join(' × ') + dcp : '1 GPU per replica';
}
