/**
 * Findings: what validation and estimation say about a deployment file, located by character
 * offsets into the file's text. Presenters convert offsets to their own positions
 * (VS Code `Range`, CLI 1-based line:column, SARIF regions) with `LineIndex`.
 */

/** Half-open character range [start, end) in the file's text (UTF-16 offsets, as JS strings). */
export interface TextRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One replacement of text; `range` is in the original text. */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

/** A quick fix: a titled set of edits that can be applied (and undone) as one. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Marks the fix the editor should offer first. */
  preferred?: boolean;
}

/** A related location ("the model is declared here"). */
export interface RelatedInformation {
  message: string;
  range: TextRange;
}

/** One diagnostic-to-be. */
export interface Finding {
  /** Stable code, `LLMS` + three digits; documented in docs/diagnostics.md. */
  code: string;
  severity: Severity;
  message: string;
  range: TextRange;
  /** Index of the YAML document (0-based) the finding belongs to. */
  documentIndex: number;
  fixes?: Fix[];
  related?: RelatedInformation[];
}

/** 0-based line and character. */
export interface Position {
  line: number;
  character: number;
}

/**
 * Maps character offsets to 0-based line/character positions in O(log lines).
 * Line breaks are `\n` (a `\r\n` pair counts its `\r` as the last character of the line).
 */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  /** Lines end at `\r\n`, `\n` or a lone `\r`, as in VS Code (a CR-only file is valid YAML). */
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Position of an offset. */
  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - (this.lineStarts[low] as number) };
  }

  /** Offset of a position. */
  offsetAt(position: Position): number {
    const start = this.lineStarts[Math.min(position.line, this.lineStarts.length - 1)] ?? 0;
    return start + position.character;
  }
}
