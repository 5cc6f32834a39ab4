/**
 * Command-line words with their source ranges. A word comes from a YAML scalar (one list item of
 * `command`/`args`), from a shell script (`sh -c "…"`, a Compose `command:` string) split into
 * words, or from an environment variable substituted into either. Every word keeps the character
 * range of its text in the file, so a finding or a quick fix lands on the exact flag value.
 */
import { isScalar, type Scalar, type Node } from 'yaml';
import type { TextRange } from '../findings';

/** One command-line word. */
export interface Word {
  value: string;
  /** Where the word's text is in the file (a substituted word: the env value's range). */
  range: TextRange;
  /** Whether `range` covers exactly `value` (false after quotes, escapes or substitution). */
  exact: boolean;
  /** File offset of each character of `value` (when known), to split a script word again. */
  offsets?: number[];
}

/** How far ahead the aligner looks for a value character in the source (quotes, escapes, indents). */
const ALIGN_LOOKAHEAD = 12;

/**
 * Maps each character of a scalar's value to its offset in the text. Greedy alignment: each value
 * character is matched to the next equal source character within a short look-ahead, which skips
 * quotes, escape backslashes, block-scalar indentation and line breaks; linear in the length.
 */
function valueOffsets(text: string, node: Scalar): number[] {
  const value = String(node.value ?? '');
  const [start, end] = node.range ?? [0, 0];
  const offsets = new Array<number>(value.length + 1);
  let source = start;
  // A block scalar's value starts on the line after its `|`/`>` header.
  if (text[start] === '|' || text[start] === '>') {
    const eol = text.indexOf('\n', start);
    if (eol !== -1 && eol < end) source = eol + 1;
  }
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    let found = -1;
    // Indentation and line breaks carry no content: skip them whatever their length.
    let from = source;
    if (ch !== ' ' && ch !== '\n' && ch !== '\t')
      while (from < end && (text[from] === ' ' || text[from] === '\n' || text[from] === '\r')) from++;
    for (let j = from; j < Math.min(end, from + ALIGN_LOOKAHEAD); j++) {
      if (text[j] === ch || (ch === ' ' && text[j] === '\n') || (ch === '\n' && text[j] === '\n')) {
        found = j;
        break;
      }
    }
    offsets[i] = found === -1 ? Math.min(source, end) : found;
    if (found !== -1) source = found + 1;
  }
  offsets[value.length] = Math.min(source, end);
  return offsets;
}

/** The word of a whole scalar (one list item of `args`). */
export function scalarWord(node: Node, text: string): Word | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  const value = String(node.value);
  const [start, end] = node.range ?? [0, 0];
  const offsets = valueOffsets(text, node);
  const exact = text.slice(start, end) === value;
  const range = exact
    ? { start, end }
    : { start: offsets[0] ?? start, end: (offsets[value.length - 1] ?? end - 1) + 1 };
  return { value, range, exact, offsets: offsets.slice(0, value.length) };
}

/** Shell operators that end one simple command. */
const COMMAND_SEPARATORS = new Set([';', '&&', '||', '|', '&', '\n']);

/**
 * Splits a shell script (the value of a scalar) into simple commands of words, the way a POSIX
 * shell would for the parts that matter here: quotes, backslash escapes and `\`-newline
 * continuations, `;`/`&&`/`||`/`|`/`&`/newline separators, `#` comments. Expansions are left as
 * written (see `substitute`). Ranges come from `offsets` (value index → file offset).
 */
function splitScript(value: string, offsets: readonly number[]): Word[][] {
  const commands: Word[][] = [];
  let current: Word[] = [];
  let word = '';
  let wordStart = -1;
  let wordEnd = -1;
  let quoted = false;
  let wordOffsets: number[] = [];
  const flush = (): void => {
    if (wordStart >= 0) {
      const start = offsets[wordStart] ?? 0;
      const end = (offsets[wordEnd] ?? start) + 1;
      current.push({
        value: word,
        range: { start, end },
        exact: !quoted && end - start === word.length,
        offsets: wordOffsets,
      });
    }
    word = '';
    wordStart = -1;
    quoted = false;
    wordOffsets = [];
  };
  const endCommand = (): void => {
    flush();
    if (current.length) commands.push(current);
    current = [];
  };
  const take = (ch: string, i: number): void => {
    if (wordStart < 0) wordStart = i;
    wordEnd = i;
    word += ch;
    wordOffsets.push(offsets[i] ?? 0);
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\') {
      if (value[i + 1] === '\n') {
        i++; // continuation: the line goes on
        continue;
      }
      if (i + 1 < value.length) take(value[++i]!, i);
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = value.indexOf(ch, i + 1);
      const stop = close === -1 ? value.length : close;
      if (wordStart < 0) wordStart = i + 1;
      quoted = true;
      for (let j = i + 1; j < stop; j++) {
        if (ch === '"' && value[j] === '\\' && j + 1 < stop) j++;
        take(value[j]!, j);
      }
      if (stop === i + 1) wordEnd = Math.max(wordEnd, i); // empty quotes: an empty word
      i = stop;
      continue;
    }
    if (ch === '$' && value[i + 1] === '(') {
      // `$(…)` and `$((…))` are one word with their spaces (command substitution, arithmetic).
      let depth = 0;
      let j = i + 1;
      for (; j < value.length; j++) {
        if (value[j] === '(') depth++;
        else if (value[j] === ')' && --depth === 0) break;
      }
      const stop = Math.min(j, value.length - 1);
      for (let k = i; k <= stop; k++) take(value[k]!, k);
      i = stop;
      continue;
    }
    if (ch === '#' && wordStart < 0) {
      while (i < value.length && value[i] !== '\n') i++;
      i--;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      flush();
      continue;
    }
    const two = value.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      endCommand();
      i++;
      continue;
    }
    if (COMMAND_SEPARATORS.has(ch)) {
      endCommand();
      continue;
    }
    take(ch, i);
  }
  endCommand();
  return commands;
}

/** A variable's value and where it is written. */
export interface EnvValue {
  value: string;
  range: TextRange;
}

const K8S_REFERENCE = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g;
/** Compose interpolation (docs.docker.com/compose/how-tos/environment-variables/variable-interpolation). */
const COMPOSE_REFERENCE = /\$\$|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?([-?])([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*/g;
const SHELL_REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

const ARITHMETIC = /\$\(\(([^()]*(?:\([^()]*\)[^()]*)*)\)\)/g;

/**
 * Evaluates a shell arithmetic expression (`$(( NUM_GPUS / 2 ))`): integers, variables, `+ - * / %`
 * and parentheses, as POSIX shells do (integer division). Undefined when a variable is unknown or
 * the expression is anything else — it is then left as written, never guessed.
 */
function evaluateArithmetic(expression: string, env: ReadonlyMap<string, EnvValue>): number | undefined {
  const tokens = expression.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|[-+*/%()]|\S/g) ?? [];
  let i = 0;
  const value = (t: string | undefined): number | undefined => {
    if (t === undefined) return undefined;
    if (/^\d+$/.test(t)) return Number(t);
    const name = t.replace(/^\$/, '');
    if (!/^[A-Za-z_]/.test(name)) return undefined;
    const v = env.get(name)?.value.trim();
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
  };
  const primary = (): number | undefined => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      return tokens[i++] === ')' ? v : undefined;
    }
    if (t === '-') {
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    return value(t);
  };
  const product = (): number | undefined => {
    let left = primary();
    while (left !== undefined && (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%')) {
      const op = tokens[i++];
      const right = primary();
      if (right === undefined || (op !== '*' && right === 0)) return undefined;
      left = op === '*' ? left * right : op === '/' ? Math.trunc(left / right) : left % right;
    }
    return left;
  };
  const sum = (): number | undefined => {
    let left = product();
    while (left !== undefined && (tokens[i] === '+' || tokens[i] === '-')) {
      const op = tokens[i++];
      const right = product();
      if (right === undefined) return undefined;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  };
  const result = sum();
  return result !== undefined && i === tokens.length && Number.isSafeInteger(result) ? result : undefined;
}

/**
 * Expands variable references in a word: `$(VAR)` as Kubernetes does in command/args (`$$` is a
 * literal `$`; an undefined reference stays as written), and in shell scripts `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}` and arithmetic `$((…))`. A word that is exactly one reference takes the variable's range, so a fix
 * edits the env value rather than the reference.
 */
export function substitute(
  word: Word,
  env: ReadonlyMap<string, EnvValue>,
  style: 'kubernetes' | 'shell' | 'compose',
): Word {
  if (!word.value.includes('$')) return word;
  let whole: EnvValue | undefined;
  const replace = (match: string, name: string | undefined, fallback?: string): string => {
    if (match === '$$') return '$';
    const found = name !== undefined ? env.get(name) : undefined;
    if (found && match === word.value) whole = found;
    if (found) return found.value;
    return fallback ?? match;
  };
  const value =
    style === 'kubernetes'
      ? word.value.replace(K8S_REFERENCE, (m, name?: string) => replace(m, name))
      : style === 'compose'
        ? // Compose fills variables from the shell or `.env` at `up` time, which a file cannot know:
          // `${VAR:-default}` / `${VAR-default}` is the default, `$VAR` stays unresolved, `$$` is `$`.
          word.value.replace(COMPOSE_REFERENCE, (m, operator?: string, fallback?: string) =>
            m === '$$' ? '$' : operator === '-' ? (fallback ?? '') : m,
          )
        : word.value
            .replace(ARITHMETIC, (m, expression: string) => String(evaluateArithmetic(expression, env) ?? m))
            .replace(SHELL_REFERENCE, (m, braced?: string, dflt?: string, bare?: string) =>
              replace(m, braced ?? bare, dflt),
            );
  if (whole) return { value, range: whole.range, exact: whole.range.end - whole.range.start === value.length };
  return value === word.value ? word : { value, range: word.range, exact: false };
}

/** Re-splits a word that holds a script (`sh -c WORD`) into its simple commands. */
export function splitWord(word: Word): Word[][] {
  const offsets =
    word.offsets && word.offsets.length === word.value.length ? [...word.offsets, word.range.end] : undefined;
  const fallback = Array.from({ length: word.value.length + 1 }, () => word.range.start);
  return splitScript(word.value, offsets ?? fallback);
}
