/**
 * Types of the catalog data files in `src/core/catalog/data/*.json`, inferred from their zod
 * schemas in `schema.ts` (the one source: field documentation, units and constraints live there).
 */
import type { z } from '../schema/zod';
import type * as S from './schema';

/** Attention kind of one layer. */
export type LayerAttention = z.infer<typeof S.LayerAttentionSchema>;
/** Mixture-of-experts description. */
export type MoeSpec = z.infer<typeof S.MoeSpecSchema>;
/** Architecture facts of a model, as in its config.json. */
export type ModelArchitecture = z.infer<typeof S.ModelArchitectureSchema>;
/** One catalog model. */
export type ModelEntry = z.infer<typeof S.ModelEntrySchema>;
export type HardwareClass = z.infer<typeof S.HardwareClassSchema>;
/** One catalog device (a GPU, accelerator, or unified-memory SoC). */
export type HardwareEntry = z.infer<typeof S.HardwareEntrySchema>;
/** One weight or KV-cache storage format. */
export type FormatEntry = z.infer<typeof S.FormatEntrySchema>;
/** Engine memory contract and behaviour. */
export type EngineEntry = z.infer<typeof S.EngineEntrySchema>;
export type EngineFamily = z.infer<typeof S.EngineFamilySchema>;
/** When a paged engine admits a request: with its whole length reserved, or on the blocks in use. */
export type KvAdmissionRule = z.infer<typeof S.KvAdmissionRuleSchema>;
/** Cloud providers whose GPU instance types are in instances.json. */
export type CloudProvider = z.infer<typeof S.CloudProviderSchema>;
/** One cloud GPU instance type / VM size and the devices it carries. */
export type InstanceEntry = z.infer<typeof S.InstanceEntrySchema>;

/** The data files as their imports are typed (`data/*.d.json.ts`). */
export type ModelsFile = z.infer<typeof S.ModelsFileSchema>;
export type HardwareFile = z.infer<typeof S.HardwareFileSchema>;
export type FormatsFile = z.infer<typeof S.FormatsFileSchema>;
export type EnginesFile = z.infer<typeof S.EnginesFileSchema>;
export type ReferenceFile = z.infer<typeof S.ReferenceFileSchema>;
