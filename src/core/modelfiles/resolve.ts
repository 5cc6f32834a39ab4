/**
 * Reads the model files a document names, through the I/O port, before validation: the results
 * (a derived model or a failure per source) are handed to `validateText` / the estimate as a
 * table, so validation itself stays synchronous and pure. The CLI awaits this before validating;
 * the extension validates at once, resolves in the background and validates again.
 */
import type { Catalog } from '../catalog';
import type { ModelEntry } from '../catalog/types';
import type { ModelFileResult } from './derived';
import { MAX_JSON_BYTES, ModelFileError, type HfCacheEnvironment, type ModelFileReader } from './port';
import { mapHfConfigText } from './hf/config';
import { GgufFormatError, GgufNeedMore, parseGgufHeader } from './gguf/header';
import { mapGgufHeader } from './gguf/model';
import { isMtpTensor, parseSafetensorsHeader, parseSafetensorsIndex, safetensorsHeaderLength } from './safetensors';
import { MAX_MODEL_SOURCES, modelSourceKey, type ModelSource } from './sources';

/** Results by `modelSourceKey`. */
export type ModelFileTable = ReadonlyMap<string, ModelFileResult>;

export interface ResolveContext {
  reader: ModelFileReader;
  /** Directory of the deployment file (relative paths start there). */
  baseDir: string;
  hfCache: HfCacheEnvironment;
  /** A known repo id → its catalog entry (used when the repo is not in the local cache). */
  findByRepoId?: (repoId: string) => ModelEntry | undefined;
  catalog?: Catalog;
}

/** First bytes of a GGUF file read; more is read only when the header is longer. */
const GGUF_FIRST_READ = 1 << 20;
/** Longest GGUF header read (vocabularies of 260 k tokens take ~10 MB). */
const GGUF_MAX_HEADER = 256 << 20;
/** Most safetensors shards whose headers are read. */
const MAX_SHARDS = 2000;

/** A shard the port cannot read (too big for a whole-file read): the index is used instead. */
class ShardUnreadable extends Error {}

const failure = (reason: 'missing' | 'unreadable' | 'invalid' | 'restricted', message: string): ModelFileResult => ({
  ok: false,
  failure: { reason, message },
});

/** Resolves every distinct source (at most MAX_MODEL_SOURCES; the rest fail with a message). */
export async function resolveModelSources(
  sources: readonly ModelSource[],
  ctx: ResolveContext,
): Promise<Map<string, ModelFileResult>> {
  const table = new Map<string, ModelFileResult>();
  for (const source of sources) {
    const key = modelSourceKey(source.kind, source.value, source.revision);
    if (table.has(key)) continue;
    if (table.size >= MAX_MODEL_SOURCES) {
      table.set(key, failure('unreadable', `a document may name at most ${MAX_MODEL_SOURCES} model files`));
      continue;
    }
    table.set(key, await resolveOne(source, ctx));
  }
  return table;
}

async function resolveOne(source: ModelSource, ctx: ResolveContext): Promise<ModelFileResult> {
  try {
    switch (source.kind) {
      case 'config':
        return await readConfig(ctx.reader, ctx.reader.joinPath(ctx.baseDir, source.value), source.value);
      case 'gguf':
        return await readGguf(ctx.reader, ctx.reader.joinPath(ctx.baseDir, source.value), source.value);
      case 'safetensors':
        return await readSafetensorsDir(ctx.reader, ctx.reader.joinPath(ctx.baseDir, source.value), source.value);
      case 'huggingface':
        return await readHfCache(source.value, source.revision, ctx);
    }
  } catch (error) {
    if (error instanceof ModelFileError) return failure('unreadable', error.message);
    throw error;
  }
}

async function requireFile(reader: ModelFileReader, path: string, what: string): Promise<number | ModelFileResult> {
  const stat = await reader.stat(path);
  if (!stat) return failure('missing', `${what} not found: ${path}`);
  if (stat.kind !== 'file') return failure('unreadable', `${what} is not a regular file: ${path}`);
  return stat.size;
}

async function readConfig(reader: ModelFileReader, path: string, label: string): Promise<ModelFileResult> {
  const size = await requireFile(reader, path, 'config.json');
  if (typeof size !== 'number') return size;
  if (size > MAX_JSON_BYTES)
    return failure('unreadable', `${path} is ${size} bytes, over the ${MAX_JSON_BYTES}-byte limit for a config.json`);
  return mapHfConfigText(await reader.readText(path, MAX_JSON_BYTES), path, label);
}

/** Reads only the GGUF header: 1 MiB first, more while the header goes on (at most GGUF_MAX_HEADER). */
async function readGguf(reader: ModelFileReader, path: string, label: string): Promise<ModelFileResult> {
  const size = await requireFile(reader, path, 'GGUF file');
  if (typeof size !== 'number') return size;
  let bytes = await reader.readBytes(path, 0, Math.min(size, GGUF_FIRST_READ));
  for (;;) {
    try {
      return mapGgufHeader(parseGgufHeader(bytes, size), path, label);
    } catch (error) {
      if (error instanceof GgufFormatError) return failure('invalid', `${path}: ${error.message}`);
      if (!(error instanceof GgufNeedMore)) throw error;
      if (error.bytesNeeded > GGUF_MAX_HEADER)
        return failure('invalid', `${path}: the GGUF header is longer than ${GGUF_MAX_HEADER >> 20} MiB; not read`);
      const want = Math.min(size, GGUF_MAX_HEADER, Math.max(error.bytesNeeded * 2, bytes.byteLength * 8));
      const more = await reader.readBytes(path, bytes.byteLength, want - bytes.byteLength);
      if (more.byteLength === 0) return failure('invalid', `${path}: the file ended inside the GGUF header`);
      const joined = new Uint8Array(bytes.byteLength + more.byteLength);
      joined.set(bytes, 0);
      joined.set(more, bytes.byteLength);
      bytes = joined;
    }
  }
}

/**
 * A directory with config.json and safetensors shards (or their index): the architecture from
 * config.json, the bytes from the shard headers (MTP layers left out), else from the index.
 */
async function readSafetensorsDir(reader: ModelFileReader, dir: string, label: string): Promise<ModelFileResult> {
  const stat = await reader.stat(dir);
  if (!stat) return failure('missing', `safetensors directory not found: ${dir}`);
  if (stat.kind !== 'directory')
    return failure(
      'unreadable',
      `not a directory: ${dir} (model.safetensors takes the directory holding config.json and the *.safetensors files)`,
    );
  const mapped = await readConfig(reader, reader.joinPath(dir, 'config.json'), label);
  if (!mapped.ok) return mapped;
  const names = (await reader.listDir(dir)).filter((n) => n.endsWith('.safetensors')).sort();
  const layers = mapped.model.entry.architecture.layers;
  let bytes = 0;
  let mtpBytes = 0;
  let shardsRead = 0;
  for (const name of names.slice(0, MAX_SHARDS)) {
    const path = reader.joinPath(dir, name);
    const size = await requireFile(reader, path, 'safetensors file');
    if (typeof size !== 'number') continue;
    let tensors;
    try {
      const length = safetensorsHeaderLength(
        await reader.readBytes(path, 0, 8).catch((error: unknown) => {
          // A port that cannot read ranges of a big shard (the editor): use the index instead.
          if (error instanceof ModelFileError) throw new ShardUnreadable(error.message);
          throw error;
        }),
      );
      if (8 + length > size) throw new Error('the header is longer than the file');
      const text = new TextDecoder().decode(await reader.readBytes(path, 8, length));
      tensors = parseSafetensorsHeader(text);
    } catch (error) {
      if (error instanceof ShardUnreadable) {
        bytes = 0;
        mtpBytes = 0;
        shardsRead = 0;
        break;
      }
      return failure('invalid', `${path}: ${(error as Error).message}`);
    }
    for (const t of tensors) {
      if (isMtpTensor(t.name, layers)) mtpBytes += t.bytes;
      else bytes += t.bytes;
    }
    shardsRead++;
  }
  let how: string;
  if (shardsRead > 0) {
    how = `${shardsRead} safetensors header${shardsRead > 1 ? 's' : ''}`;
  } else {
    const indexPath = reader.joinPath(dir, 'model.safetensors.index.json');
    const index = await reader.stat(indexPath);
    if (!index || index.kind !== 'file') return mapped; // config.json only: the derived bytes stand
    let total: number | undefined;
    try {
      total = parseSafetensorsIndex(await reader.readText(indexPath, MAX_JSON_BYTES)).totalBytes;
    } catch {
      return failure('invalid', `${indexPath} is not valid JSON`);
    }
    if (!total) return mapped;
    bytes = total;
    how = 'model.safetensors.index.json metadata.total_size (MTP layers included)';
  }
  const derived = mapped.model.entry.checkpoint!;
  const model = mapped.model;
  model.entry = {
    ...model.entry,
    checkpoint: { format: derived.format, bytes, source: dir },
    sources: [dir, ...model.entry.sources],
  };
  model.sourceFile = dir;
  model.details.push(
    `weights from ${how}: ${(bytes / 1e9).toFixed(2)} GB (config.json shapes give ${(derived.bytes / 1e9).toFixed(2)} GB)` +
      (mtpBytes > 0 ? `; ${(mtpBytes / 1e9).toFixed(2)} GB of multi-token-prediction layers left out` : ''),
  );
  return mapped;
}

/** huggingface_hub's cache roots, in its order: $HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub. */
function hfCacheRoots(env: HfCacheEnvironment, reader: ModelFileReader): string[] {
  if (env.hubCache) return [env.hubCache];
  if (env.hfHome) return [reader.joinPath(env.hfHome, 'hub')];
  return env.home ? [reader.joinPath(env.home, '.cache', 'huggingface', 'hub')] : [];
}

const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
const COMMIT = /^[0-9a-f]{40}$/;

async function readHfCache(
  repoId: string,
  revision: string | undefined,
  ctx: ResolveContext,
): Promise<ModelFileResult> {
  const { reader } = ctx;
  if (!REPO_ID.test(repoId) || repoId.includes('..'))
    return failure('invalid', `\`${repoId}\` is not a Hugging Face repo id (ORG/NAME)`);
  if (revision !== undefined && (revision.split('/').some((s) => s === '..' || s === '') || revision.length > 200)) {
    return failure('invalid', `\`${revision}\` is not a revision (a branch, tag or commit)`);
  }
  const known = ctx.findByRepoId?.(repoId);
  if (!ctx.hfCache.mayReadOutsideWorkspace) {
    if (known) return catalogFallback(known, repoId, 'the Hugging Face cache is not read in Restricted Mode');
    return failure(
      'restricted',
      `the Hugging Face cache is outside the workspace and is not read in Restricted Mode; trust the workspace, or use model.config with a config.json in the workspace`,
    );
  }
  const roots = hfCacheRoots(ctx.hfCache, reader);
  const tried: string[] = [];
  const rev = revision ?? 'main';
  for (const root of roots) {
    const repoDir = reader.joinPath(root, `models--${repoId.replace('/', '--')}`);
    let sha = COMMIT.test(rev) ? rev : undefined;
    if (!sha) {
      const ref = reader.joinPath(repoDir, 'refs', ...rev.split('/'));
      tried.push(ref);
      const stat = await reader.stat(ref);
      if (!stat || stat.kind !== 'file') continue;
      sha = (await reader.readText(ref, 1024)).trim();
      if (!COMMIT.test(sha)) return failure('invalid', `${ref} does not hold a commit hash`);
    }
    const snapshot = reader.joinPath(repoDir, 'snapshots', sha);
    const config = reader.joinPath(snapshot, 'config.json');
    tried.push(config);
    const stat = await reader.stat(config);
    if (!stat) continue;
    const result = await readSafetensorsDir(reader, snapshot, repoId);
    if (result.ok) {
      result.model.details.unshift(`Hugging Face cache: ${repoId}@${revision ?? 'main'} = ${sha.slice(0, 12)}`);
      if (known)
        result.model.details.push(`catalog entry ${known.id} has this repo id; the cached config.json is used`);
    }
    return result;
  }
  if (known)
    return catalogFallback(
      known,
      repoId,
      `not in the local Hugging Face cache (tried ${tried.join(', ') || 'no cache directory'})`,
    );
  return failure(
    'missing',
    `${repoId}${revision ? `@${revision}` : ''} is not in the local Hugging Face cache (never downloaded; tried ${tried.length ? tried.join(', ') : 'no cache directory: set HF_HUB_CACHE or HF_HOME'}). Download it with \`huggingface-cli download ${repoId} config.json\`, or use model.config.`,
  );
}

function catalogFallback(entry: ModelEntry, repoId: string, why: string): ModelFileResult {
  return {
    ok: true,
    model: {
      entry,
      sourceFile: `catalog: ${entry.id}`,
      warnings: [],
      details: [`${repoId} is the catalog model ${entry.id} (${why})`],
    },
  };
}
