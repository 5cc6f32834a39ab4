/**
 * What reading a model file gives: a model entry for the estimator (architecture, parameters,
 * exact checkpoint bytes) and what the hover and the diagnostics say about it.
 */
import type { ModelEntry } from '../catalog/types';

/** A model derived from files (config.json, a GGUF header, safetensors headers). */
export interface DerivedModel {
  entry: ModelEntry;
  /** The file the architecture came from, as the port names it. */
  sourceFile: string;
  /** What the mapping assumed (unknown keys or model types, approximations), shown as warnings. */
  warnings: string[];
  /** Named parts and facts for the hover ("vision tower siglip_vision_model: 0.42 B parameters"). */
  details: string[];
}

/** A failed read or mapping: the message names the paths tried or what is wrong. */
export interface ModelFileFailure {
  message: string;
  /** `missing` (nothing there), `unreadable` (I/O, size, not a regular file), `invalid` (bad content), `restricted` (not read in Restricted Mode). */
  reason: 'missing' | 'unreadable' | 'invalid' | 'restricted';
}

export type ModelFileResult = { ok: true; model: DerivedModel } | { ok: false; failure: ModelFileFailure };
