/**
 * A container's serving command: which engine it runs and its flags, each with the range of its
 * value. The command line is assembled as the runtime would run it — `command` (or the image's
 * entrypoint) then `args`, `$(VAR)` expanded from `env` as Kubernetes does, a `sh -c` script
 * split into commands (the one that starts the engine is taken), `--flag=value` and
 * `--flag value`, and the environment variables an engine reads for its settings.
 */
import { isSeq, type Node } from 'yaml';
import type { TextRange } from '../findings';
import { ENGINE_FLAGS, flagSpec, normaliseFlag, type EngineKind, type FlagKey, type FlagSpec } from './flags';
import { composeEnvironment, type ContainerSite } from './workloads';
import { scalarWord, splitWord, substitute, type EnvValue, type Word } from './words';
import { asSeq, get, rangeOf, text } from './yamlNodes';

/** One flag as written. */
export interface ParsedFlag {
  key: FlagKey;
  /** The spelling used (`--max-model-len`, `-c`, or the env var name). */
  name: string;
  /** Range of the flag name (for env: the variable name). */
  nameRange: TextRange;
  /** The value (absent for a boolean switch). */
  value?: Word;
  /** A list flag's words (the first is `value`). */
  values?: Word[];
  fromEnv: boolean;
}

/** What a serving container runs. */
export interface ServingCommand {
  engine: EngineKind;
  flags: Map<FlagKey, ParsedFlag>;
  /** The model as named on the command line (positional, `--model`, env), with its range. */
  model?: Word;
  image?: { value: string; range: TextRange };
  /** Image tag (`v0.6.3`), for version-dependent defaults. */
  imageTag?: string;
  /** KServe: the model format / runtime named the engine. */
  viaKServe?: boolean;
  /** Where a CodeLens goes: the container's name, or its image. */
  anchor: TextRange;
  /** How a resource's own fields were read (declared.ts), for the placement's assumptions. */
  notes?: string[];
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|ash|zsh)$/;
const PYTHON = /^(?:\/\S*\/)?python(?:3(?:\.\d+)?)?$/;
const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1);

/** Image → engine and implied entrypoint (when `command` is absent). */
function engineOfImage(image: string): EngineKind | undefined {
  const i = image.toLowerCase();
  if (/(^|\/)vllm[-/]|vllm-openai|\/vllm:|^vllm\//.test(i)) return 'vllm';
  if (/sglang/.test(i)) return 'sglang';
  if (/llama\.cpp|llama-cpp|llamacpp/.test(i)) return 'llama.cpp';
  if (/text-generation-inference|\/tgi[:-]/.test(i)) return 'tgi';
  if (/^nvcr\.io\/nim\//.test(i)) return 'nim';
  if (/(^|\/)ollama(:|$|\/)/.test(i)) return 'ollama';
  if (/tensorrt-llm|trtllm/.test(i)) return 'tensorrt-llm';
  return undefined;
}

/** The engine a word sequence starts, and where its own arguments begin. */
function programOf(words: readonly Word[]): { engine: EngineKind; argsFrom: number } | undefined {
  let i = 0;
  // Skip wrappers: exec, env, VAR=value assignments.
  while (
    i < words.length &&
    (words[i]!.value === 'exec' || words[i]!.value === 'env' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.value))
  )
    i++;
  const program = words[i]?.value;
  if (program === undefined) return undefined;
  const name = base(program);
  const next = words[i + 1]?.value;
  if (PYTHON.test(program) || name === 'python' || name === 'python3') {
    const m = next === '-m' ? words[i + 2]?.value : undefined;
    if (m && /^vllm\.entrypoints\.(openai\.)?api_server$/.test(m)) return { engine: 'vllm', argsFrom: i + 3 };
    if (m && /^sglang\.launch_server$/.test(m)) return { engine: 'sglang', argsFrom: i + 3 };
    if (m && /^text_generation_server/.test(m)) return { engine: 'tgi', argsFrom: i + 3 };
    // NVIDIA Dynamo's workers take their engine's own flags (ai-dynamo/dynamo components/backends).
    if (m === 'dynamo.vllm') return { engine: 'vllm', argsFrom: i + 3 };
    if (m === 'dynamo.sglang') return { engine: 'sglang', argsFrom: i + 3 };
    if (m === 'dynamo.trtllm') return { engine: 'tensorrt-llm', argsFrom: i + 3 };
    return undefined;
  }
  if (name === 'vllm' && next === 'serve') return { engine: 'vllm', argsFrom: i + 2 };
  if (name === 'sglang' && next === 'serve') return { engine: 'sglang', argsFrom: i + 2 };
  if (name === 'llama-server' || name === 'llama-cpp-server') return { engine: 'llama.cpp', argsFrom: i + 1 };
  if (name === 'text-generation-launcher') return { engine: 'tgi', argsFrom: i + 1 };
  if (name === 'trtllm-serve') return { engine: 'tensorrt-llm', argsFrom: next === 'serve' ? i + 2 : i + 1 };
  if (name === 'ollama' && (next === 'serve' || next === 'run' || next === 'pull'))
    return { engine: 'ollama', argsFrom: i + 1 };
  return undefined;
}

/** A scalar's range without its quotes (a fix then keeps the quotes an env value needs). */
function innerRange(range: TextRange, source: string): TextRange {
  const first = source[range.start];
  return (first === '"' || first === "'") && range.end - range.start >= 2
    ? { start: range.start + 1, end: range.end - 1 }
    : range;
}

function envOf(site: ContainerSite, source: string): Map<string, EnvValue> {
  const env = new Map<string, EnvValue>();
  if (site.role === 'service') {
    for (const e of composeEnvironment(site.node)) {
      const interpolated = substitute({ value: e.value, range: e.range, exact: true }, NO_ENV, 'compose').value;
      env.set(e.name, { value: interpolated, range: e.range });
    }
    return env;
  }
  for (const item of asSeq(get(site.node, 'env'))?.items ?? []) {
    const name = text(get(item, 'name'));
    const valueNode = get(item, 'value');
    const value = text(valueNode);
    const range = rangeOf(valueNode);
    if (name !== undefined && value !== undefined && range) env.set(name, { value, range: innerRange(range, source) });
  }
  return env;
}

/** Words of `command`/`args`/`entrypoint`: a list gives one word per item, a string is split like a shell would. */
function wordsOf(node: Node | undefined, source: string, env: Map<string, EnvValue>, compose: boolean): Word[] {
  if (!node) return [];
  if (isSeq(node)) {
    const out: Word[] = [];
    for (const item of node.items) {
      const w = scalarWord(item as Node, source);
      if (w) out.push(compose ? substitute(w, NO_ENV, 'compose') : substitute(w, env, 'kubernetes'));
    }
    return out;
  }
  const w = scalarWord(node, source);
  return w
    ? splitWord(w)
        .flat()
        .map((x) => (compose ? substitute(x, NO_ENV, 'compose') : substitute(x, env, 'shell')))
    : [];
}

const NO_ENV: ReadonlyMap<string, EnvValue> = new Map();

/** `/bin/sh -c`, located on the script they run (for args a resource hands to a shell). */
function shellWords(script: Word): Word[] {
  return [
    { value: '/bin/sh', range: script.range, exact: false },
    { value: '-c', range: script.range, exact: false },
  ];
}

/** Expands `sh -c SCRIPT`: the simple command of the script that starts an engine (or the whole line). */
function unwrapShell(words: Word[], env: Map<string, EnvValue>): Word[][] {
  const shell = words.findIndex((w) => SHELLS.test(w.value));
  if (shell === -1) return [words];
  const dashC = words.findIndex((w, i) => i > shell && /^-[a-z]*c[a-z]*$/.test(w.value));
  const script = dashC === -1 ? undefined : words[dashC + 1];
  if (!script) return [words];
  // Commands run in order: a variable the script assigns (`NODES=2;`, `export TP=4`) is seen by
  // the commands after it, as in the shell.
  const scope = new Map(env);
  return splitWord(script).map((cmd) => {
    const expanded = cmd.map((w) => substitute(w, scope, 'shell'));
    const assignments = expanded[0]?.value === 'export' ? expanded.slice(1) : expanded;
    if (assignments.length && assignments.every((w) => ASSIGNMENT.test(w.value)))
      for (const w of assignments) {
        const eq = w.value.indexOf('=');
        scope.set(w.value.slice(0, eq), { value: w.value.slice(eq + 1), range: w.range });
      }
    return expanded;
  });
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Parses flags of `args` against an engine's vocabulary; positional words are returned too. */
function parseFlags(
  engine: EngineKind,
  args: readonly Word[],
): { flags: Map<FlagKey, ParsedFlag>; positional: Word[] } {
  const flags = new Map<FlagKey, ParsedFlag>();
  const positional: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!word.value.startsWith('-') || /^-\d/.test(word.value)) {
      positional.push(word);
      continue;
    }
    const eq = word.value.indexOf('=');
    const name = eq === -1 ? word.value : word.value.slice(0, eq);
    const spec: FlagSpec | undefined = flagSpec(engine, name);
    const nameRange = { start: word.range.start, end: word.exact ? word.range.start + name.length : word.range.end };
    let value: Word | undefined;
    if (eq !== -1) {
      const v = word.value.slice(eq + 1);
      const offsets = word.offsets?.slice(eq + 1);
      const start = offsets?.[0] ?? (word.exact ? word.range.start + eq + 1 : word.range.start);
      const end = offsets?.length ? offsets[offsets.length - 1]! + 1 : word.exact ? word.range.end : word.range.end;
      value = {
        value: v,
        range: { start, end: Math.max(start, end) },
        exact: word.exact,
        ...(offsets ? { offsets } : {}),
      };
    } else if (spec?.type === 'list') {
      const values: Word[] = [];
      while (args[i + 1] && !args[i + 1]!.value.startsWith('-')) values.push(args[++i]!);
      if (spec)
        flags.set(spec.key, {
          key: spec.key,
          name: normaliseFlag(name),
          nameRange,
          ...(values[0] ? { value: values[0], values } : {}),
          fromEnv: false,
        });
      continue;
    } else if (spec?.type !== 'bool') {
      const next = args[i + 1];
      if (next && (!next.value.startsWith('-') || /^-\d/.test(next.value))) {
        value = next;
        i++;
      }
    } else if (args[i + 1] && /^(true|false|on|off|auto|1|0)$/i.test(args[i + 1]!.value)) {
      value = args[++i];
    }
    if (spec)
      flags.set(spec.key, {
        key: spec.key,
        name: normaliseFlag(name),
        nameRange,
        ...(value ? { value } : {}),
        fromEnv: false,
      });
  }
  return { flags, positional };
}

/** Flags an engine reads from the environment; a command-line flag wins over its variable. */
function envFlags(engine: EngineKind, env: Map<string, EnvValue>, flags: Map<FlagKey, ParsedFlag>): void {
  for (const spec of ENGINE_FLAGS[engine]) {
    if (flags.has(spec.key)) continue;
    for (const name of spec.env ?? []) {
      const found = env.get(name);
      if (!found) continue;
      flags.set(spec.key, {
        key: spec.key,
        name,
        nameRange: found.range,
        value: { value: found.value, range: found.range, exact: true },
        fromEnv: true,
      });
      break;
    }
  }
}

function imageOf(site: ContainerSite): { value: string; range: TextRange } | undefined {
  const node = get(site.node, 'image');
  const value = text(node);
  const range = rangeOf(node);
  return value !== undefined && range ? { value, range } : site.declared?.image;
}

/** The tag of an image reference (`vllm/vllm-openai:v0.6.3` → `v0.6.3`), digest ignored. */
function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0]!;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : undefined;
}

/** KServe predictor.model: the Hugging Face runtime serves with vLLM unless `--backend=huggingface`. */
function kserveEngine(site: ContainerSite): EngineKind | undefined {
  if (site.role !== 'model') return undefined;
  const format = text(get(get(site.node, 'modelFormat'), 'name'))?.toLowerCase();
  const runtime = text(get(site.node, 'runtime'))?.toLowerCase() ?? '';
  if (runtime.includes('vllm')) return 'vllm';
  if (runtime.includes('tgi') || runtime.includes('text-generation')) return 'tgi';
  if (runtime.includes('nim')) return 'nim';
  if (format === 'huggingface' || format === 'vllm') return 'vllm';
  return undefined;
}

/**
 * The serving command of a container, or undefined when it runs no recognised engine (sidecars,
 * init containers, Ray workers, anything else: no findings).
 */
export function servingCommand(site: ContainerSite, source: string): ServingCommand | undefined {
  const env = envOf(site, source);
  const image = imageOf(site);
  const commandNode = (get(site.node, 'command') ??
    (site.role === 'service' ? get(site.node, 'entrypoint') : undefined)) as Node | undefined;
  const commandWords = wordsOf(
    site.role === 'service' ? (get(site.node, 'entrypoint') as Node | undefined) : commandNode,
    source,
    env,
    site.role === 'service',
  );
  const argsWords = wordsOf(
    (site.role === 'service' ? get(site.node, 'command') : get(site.node, 'args')) as Node | undefined,
    source,
    env,
    site.role === 'service',
  );
  // A resource that runs its args through a shell (Dynamo v1alpha1 services without `command`).
  const shell = site.shellArgs && !commandWords.length && argsWords[0] ? shellWords(argsWords[0]) : [];
  const line = [...shell, ...commandWords, ...argsWords];
  let engine: EngineKind | undefined;
  let args: Word[] = [];
  const commands = unwrapShell(line, env);
  for (const cmd of commands) {
    const found = programOf(cmd);
    if (found) {
      engine = found.engine;
      args = cmd.slice(found.argsFrom);
      break;
    }
  }
  let viaKServe = false;
  const declared = site.declared;
  if (!engine && declared) {
    // The resource states the engine in its own fields; a container command that runs something
    // else (a wrapper script) still leaves its args as the engine's.
    engine = declared.engine;
    args = argsWords;
  }
  if (!engine) {
    // No engine on the command line: the image's entrypoint (args only), or KServe's runtime.
    const byKServe = kserveEngine(site);
    const byImage = image ? engineOfImage(image.value) : undefined;
    engine = byKServe ?? byImage;
    viaKServe = byKServe !== undefined;
    if (!engine) return undefined;
    // An image that wraps a shell or a different program is not the engine's entrypoint.
    if (commandWords.length && !viaKServe) return undefined;
    args = argsWords;
  }
  const extra = (declared?.extraArgs ?? []).flatMap((e) => {
    const word = (e.node ? scalarWord(e.node, source) : undefined) ?? { value: e.value, range: e.range, exact: false };
    return splitWord(word)
      .flat()
      .map((x) => substitute(x, env, 'shell'));
  });
  // Extra arguments come last on the engine's command line, so they win (argparse keeps the last).
  const { flags, positional } = parseFlags(engine, [...args, ...extra, ...(declared?.extraWords ?? [])]);
  for (const d of declared?.flags ?? []) {
    if (flags.has(d.key)) continue;
    flags.set(d.key, {
      key: d.key,
      name: d.name,
      nameRange: d.range,
      value: { value: d.value, range: d.range, exact: true },
      fromEnv: false,
    });
  }
  envFlags(engine, env, flags);
  const anchorNode = get(site.node, 'name') ?? get(site.node, 'image') ?? site.node.items[0]?.key;
  const anchor = declared?.anchor ?? rangeOf(anchorNode) ?? rangeOf(site.node) ?? { start: 0, end: 0 };
  let model = flags.get('model')?.value;
  // `vllm serve M`, `trtllm-serve M`, `ollama run M`: the first positional word.
  const first = positional[0];
  if (!model && first && (engine === 'vllm' || engine === 'tensorrt-llm' || engine === 'sglang')) model = first;
  if (!model && engine === 'ollama') {
    // `ollama serve & ollama pull M`: the model is named by a later command of the script.
    for (const cmd of commands) {
      const i = cmd.findIndex(
        (w, j) => j > 0 && base(cmd[j - 1]!.value) === 'ollama' && (w.value === 'run' || w.value === 'pull'),
      );
      if (i !== -1 && cmd[i + 1]) {
        model = cmd[i + 1];
        break;
      }
    }
  }
  if (!model && declared?.model) model = { ...declared.model, exact: true };
  if (!model && engine === 'nim' && image) model = { value: image.value, range: image.range, exact: true };
  if (!model && engine === 'nim' && site.role === 'model') {
    // NIM on KServe without its runtime in the file: the model format names the NIM
    // (`nvidia-nim-llama3-70b-instruct`, NVIDIA/nim-deploy kserve/nim-models).
    const format = get(get(site.node, 'modelFormat'), 'name');
    const name = text(format);
    const range = rangeOf(format);
    if (name && range && /^nvidia-nim-/i.test(name))
      model = { value: name.replace(/^nvidia-nim-/i, ''), range, exact: false };
  }
  if (viaKServe && !model) {
    const id = flagByName(args, '--model-id') ?? flagByName(args, '--model_id');
    const storage = get(site.node, 'storageUri');
    const storageText = text(storage);
    const storageRange = rangeOf(storage);
    model =
      id ??
      (storageText !== undefined && storageRange
        ? { value: storageText, range: storageRange, exact: true }
        : undefined);
  }
  const tag = image ? imageTag(image.value) : undefined;
  return {
    engine,
    flags,
    ...(model ? { model } : {}),
    ...(image ? { image } : {}),
    ...(tag ? { imageTag: tag } : {}),
    ...(viaKServe ? { viaKServe } : {}),
    ...(declared?.notes.length ? { notes: declared.notes } : {}),
    anchor,
  };
}

/** The value of a flag that is not in the engine's table (`--model_id=` of KServe's runtime). */
function flagByName(args: readonly Word[], name: string): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.value === name) return args[i + 1];
    if (w.value.startsWith(name + '=')) {
      const start = w.exact ? w.range.start + name.length + 1 : w.range.start;
      return { value: w.value.slice(name.length + 1), range: { start, end: w.range.end }, exact: w.exact };
    }
  }
  return undefined;
}
