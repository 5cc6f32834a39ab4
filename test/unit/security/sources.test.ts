/**
 * Our own sources (src/, webview/) never generate code: no `eval`, no `Function` constructor (called,
 * constructed or aliased), no string timers, no dynamic `import()`, no computed `require`. Checked
 * on the TypeScript syntax tree, so comments and strings cannot hide or fake a hit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every dynamic-code construct in a file, as `file:line: what`. */
export function dynamicCode(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const report = (node: ts.Node, what: string) =>
    out.push(`${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const isName = (node: ts.Node, name: string) => ts.isIdentifier(node) && node.text === name;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) report(node, 'dynamic import()');
      if (isName(callee, 'eval') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'eval'))
        report(node, 'eval(…)');
      if (isName(callee, 'Function') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'Function'))
        report(node, 'Function(…)');
      if (
        (isName(callee, 'setTimeout') || isName(callee, 'setInterval')) &&
        node.arguments[0] &&
        (ts.isStringLiteralLike(node.arguments[0]) || ts.isTemplateExpression(node.arguments[0]))
      )
        report(node, 'a timer with a string body');
      if (isName(callee, 'require') && node.arguments[0] && !ts.isStringLiteral(node.arguments[0]))
        report(node, 'require() of a computed name');
    }
    if (
      ts.isNewExpression(node) &&
      (isName(node.expression, 'Function') ||
        (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'Function'))
    )
      report(node, 'new Function(…)');
    // `Function` as a value anywhere else (an alias such as `const F = Function`, or `globalThis['Function']`).
    if (
      ts.isIdentifier(node) &&
      (node.text === 'Function' || node.text === 'eval') &&
      !ts.isTypeReferenceNode(node.parent) &&
      !ts.isCallExpression(node.parent) &&
      !ts.isNewExpression(node.parent) &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) &&
      !ts.isPropertyAssignment(node.parent) &&
      !ts.isExpressionWithTypeArguments(node.parent)
    ) {
      report(node, `\`${node.text}\` used as a value`);
    }
    if (
      ts.isElementAccessExpression(node) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      ['eval', 'Function'].includes(node.argumentExpression.text)
    )
      report(node, `['${node.argumentExpression.text}'] lookup`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('security: no eval or Function constructor in our sources', () => {
  const files = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'webview'))];

  it('scans every TypeScript file of src/ and webview/', () => {
    assert.ok(files.length > 50, `${files.length} files`);
    assert.ok(files.some((f) => f.endsWith(join('src', 'core', 'schema', 'deployment.ts'))));
    assert.ok(files.some((f) => f.endsWith(join('webview', 'main.ts'))));
  });

  it('none of them evaluates code', () => {
    assert.deepEqual(
      files.flatMap((f) => dynamicCode(f, readFileSync(f, 'utf8'))),
      [],
    );
  });

  it('the scanner finds what it looks for (self-test)', () => {
    const bad = [
      'eval("1")',
      'window.eval(x)',
      'new Function("return 1")',
      'Function("return 1")()',
      'const F = Function; new F("")',
      'globalThis["eval"](s)',
      'setTimeout("alert(1)", 1)',
      'import("https://example.com/x.js")',
      'require(name)',
    ];
    for (const code of bad) assert.ok(dynamicCode('x.ts', code).length > 0, code);
    const fine = [
      'const evaluate = (x: number) => x',
      'type F = Function',
      'obj.evaluateFiles(1)',
      '// eval("x") in a comment',
      'const s = "new Function()"',
      'setTimeout(() => 1, 5)',
      'require("node:fs")',
      'const o = { eval: 1 }',
    ];
    for (const code of fine) assert.deepEqual(dynamicCode('x.ts', code), [], code);
  });

  it('zod, the one dependency that can compile validators, runs jitless, configured in the only module that imports it', () => {
    const configured = readFileSync(join(ROOT, 'src', 'core', 'schema', 'zod.ts'), 'utf8');
    assert.match(configured, /^z\.config\(\{\s*jitless:\s*true\s*\}\);$/m);
    const importers = [...tsFilesUnder(join(ROOT, 'src')), ...tsFilesUnder(join(ROOT, 'webview'))]
      .filter((path) =>
        /from 'zod'|require\('zod'\)/.test(readFileSync(path, 'utf8').replace(/import type[^;]*;/g, '')),
      )
      .map((path) => relative(ROOT, path).replace(/\\/g, '/'));
    assert.deepEqual(importers, ['src/core/schema/zod.ts']);
  });
});

/** Every .ts file below a folder. */
function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFilesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
