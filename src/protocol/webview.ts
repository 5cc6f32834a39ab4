/**
 * The one protocol between the extension host and the comparison webview: every message in
 * both directions, the webview's persisted state, and the zod schemas the host uses to check
 * what the webview sends (a webview is untrusted input: it renders file content).
 *
 * The webview must import this module with `import type` only — the zod schemas are host-side
 * values, and importing them as values would pull zod into the webview bundle.
 */
import { z } from '../core/schema/zod';
import type { DeploymentReport } from '../core/report/types';

/** The webview panel's view type (also the serializer's key and `onWebviewPanel:` event). */
export const COMPARISON_VIEW_TYPE = 'llmSizing.comparison';

/**
 * A placement of a deployment, identified by names. Placement names are unique within their
 * deployment; deployment names need not be unique within a file (LLMS043 warns), so `occurrence`
 * says which of the same-named deployments (0-based, in file order; omitted for the first).
 */
export interface PlacementRef {
  deployment: string;
  placement: string;
  occurrence?: number;
}

// ---------------------------------------------------------------- host → webview

/** The comparison of one file: sent on open, on every save and in answer to `ready`. */
export interface UpdateMessage {
  type: 'update';
  /** The file as the user knows it (workspace-relative when possible) and its URI string. */
  file: { path: string; uri: string };
  /** TextDocument.version the reports were computed from; older updates are ignored. */
  documentVersion: number;
  deployments: DeploymentReport[];
  /** A placement to select and scroll to (e.g. opened from a CodeLens); omitted on plain refresh. */
  selected?: PlacementRef;
}

/** Every message the host posts to the webview. */
export type HostToWebviewMessage = UpdateMessage;

// ---------------------------------------------------------------- webview → host

const name = z.string().min(1).max(1_000);
const occurrence = z.number().int().min(0).max(10_000).optional();

/** The webview has loaded its script and listens: the host answers with the latest `update`. */
export const ReadyMessageSchema = z.strictObject({ type: z.literal('ready') });
/** Open the file and select the placement's YAML node. */
export const RevealMessageSchema = z.strictObject({
  type: z.literal('reveal'),
  deployment: name,
  placement: name,
  occurrence,
});
/** Write this Markdown comparison table to the clipboard (the webview cannot). */
export const CopyMarkdownMessageSchema = z.strictObject({
  type: z.literal('copyMarkdown'),
  markdown: z.string().min(1).max(2_000_000),
});
/** The user selected a placement (keyboard or click); the host may mirror it in the sidebar. */
export const SelectMessageSchema = z.strictObject({
  type: z.literal('select'),
  deployment: name,
  placement: name,
  occurrence,
});

/** Every message the webview may post, validated on the host before use. */
export const WebviewToHostMessageSchema = z.discriminatedUnion('type', [
  ReadyMessageSchema,
  RevealMessageSchema,
  CopyMarkdownMessageSchema,
  SelectMessageSchema,
]);

/** Every message the webview posts to the host. */
export type WebviewToHostMessage = z.infer<typeof WebviewToHostMessageSchema>;

// ---------------------------------------------------------------- persisted state

/**
 * What the webview keeps with `setState` (VS Code stores it across hide/show and reloads and
 * hands it to the panel serializer). The last update is kept so a restored panel paints at once,
 * before the host has re-estimated the file.
 */
export interface WebviewState {
  version: 1;
  last?: UpdateMessage;
  selected?: PlacementRef;
  scrollY?: number;
}

/**
 * The part of the state the host reads when it restores a panel after a reload. Lenient on
 * purpose: a state written by an older build must not prevent the panel from coming back.
 */
export const RestoredStateSchema = z.looseObject({
  version: z.literal(1),
  last: z
    .looseObject({ file: z.looseObject({ uri: z.string().max(10_000), path: z.string().max(10_000) }) })
    .optional(),
  selected: z.strictObject({ deployment: name, placement: name, occurrence }).optional(),
});

/** The host's view of a restored state. */
export type RestoredState = z.infer<typeof RestoredStateSchema>;

/** Parses a message from the webview; `undefined` when it is not one of ours. */
export function parseWebviewMessage(raw: unknown): WebviewToHostMessage | undefined {
  const result = WebviewToHostMessageSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** Parses a persisted state handed to the serializer; `undefined` when unusable. */
export function parseRestoredState(raw: unknown): RestoredState | undefined {
  const result = RestoredStateSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}
