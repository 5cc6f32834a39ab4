/**
 * How placement figures are rounded for the report and written in finding sentences.
 */
import type { LoadKind } from './load';
import type { Shape } from './sizing';

/** A number in a sentence: grouped integers from 100, one decimal from 10, two significant digits below. */
export const num = (x: number): string =>
  x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : Number(x.toPrecision(2)).toString();
export const r1 = (x: number): number => Math.round(x * 10) / 10;
export const r2 = (x: number): number => Math.round(x * 100) / 100;
export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** "6 req/s" or "concurrency 12". */
export const loadText = (kind: LoadKind, x: number): string => (kind === 'rate' ? `${num(x)} req/s` : `concurrency ${Math.ceil(x - 1e-9)}`);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "tensor 2 × pipeline 2", or "1 GPU per replica". */
export function shapeText(shape: Shape): string {
  const parts = [shape.tensor > 1 ? `tensor ${shape.tensor}` : '', shape.pipeline > 1 ? `pipeline ${shape.pipeline}` : ''].filter(Boolean);
  return parts.length ? parts.join(' × ') : '1 GPU per replica';
}
