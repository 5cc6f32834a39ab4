/**
 * Checked reads of config.json values: a value that is present but of the wrong type or outside a
 * plausible range is an error naming the key, never a silent default.
 */
export type Loose = Record<string, unknown>;

export const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A config.json key with a value that cannot describe a model. */
export class ConfigValueError extends Error {}

/** Reads keys of one config object, with defaults, and remembers which defaults were used. */
export class ConfigReader {
  readonly defaulted: string[] = [];
  constructor(
    private readonly values: Loose,
    private readonly defaults: Loose,
    private readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  /** The raw value (config first, then the family default). An explicit null in config.json wins over a default. */
  raw(key: string): unknown {
    if (key in this.values) return this.values[key];
    if (key in this.defaults) {
      if (this.defaults[key] !== null)
        this.defaulted.push(`${this.prefix}${key} = ${JSON.stringify(this.defaults[key])}`);
      return this.defaults[key];
    }
    return undefined;
  }

  /** A whole number in [min, max], or undefined when absent and without default. */
  optionalInt(key: string, min = 1, max = 100_000_000): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigValueError(
        `\`${this.prefix}${key}\` must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  }

  int(key: string, min = 1, max = 100_000_000, fallback?: number): number {
    const v = this.optionalInt(key, min, max);
    if (v !== undefined) return v;
    if (fallback !== undefined) return fallback;
    throw new ConfigValueError(`\`${this.prefix}${key}\` is missing and has no default for this model type`);
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw(key);
    return typeof v === 'boolean' ? v : fallback;
  }

  intList(key: string): number[] | undefined {
    const v = this.raw(key);
    if (!Array.isArray(v)) return undefined;
    if (v.length > 100_000 || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) {
      throw new ConfigValueError(`\`${this.prefix}${key}\` must be a list of whole numbers`);
    }
    return v as number[];
  }

  stringList(key: string): string[] | undefined {
    const v = this.raw(key);
    if (!Array.isArray(v)) return undefined;
    if (v.length > 100_000 || !v.every((x) => typeof x === 'string'))
      throw new ConfigValueError(`\`${this.prefix}${key}\` must be a list of strings`);
    return v as string[];
  }
}
