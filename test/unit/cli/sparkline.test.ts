import assert from 'node:assert/strict';
import { sparkline } from '../../../src/cli/render/sparkline';
import { runCli } from '../../../src/cli/main';
import { examplePath, memoryIo } from '../support/helpers';

describe('estimate: latency-vs-load sparklines', () => {
  it('bars scale to the SLO; a point over it is "!"; ASCII and Unicode ramps', () => {
    assert.equal(sparkline([0, 10, 20, 30, 40, 41, Infinity], 40, 'unicode'), '▁▂▄▆█!!');
    assert.equal(sparkline([0, 10, 20, 30, 40, 41, Infinity], 40, 'ascii'), '_.:+#!!');
    assert.equal(sparkline([NaN], 40, 'ascii'), '!', 'an unknown value is never drawn as fine');
  });

  it('estimate prints one line per placement: plain ASCII when not a terminal, Unicode blocks in one', async () => {
    const run = async (unicodeTerminal: boolean) => {
      const { io, out } = memoryIo();
      assert.equal(await runCli(['estimate', examplePath('chat-assistant')], { ...io, unicodeTerminal }), 0);
      return out.stdout;
    };
    const plain = await run(false);
    const lines = plain.split('\n');
    const head = lines.findIndex((l) =>
      l.startsWith('Latency p95 vs load, 0 → 9 req/s (peak 6 req/s); a full bar is the SLO'),
    );
    assert.ok(head > 0, plain);
    const rows = lines.slice(head + 1, head + 5);
    assert.deepEqual(
      rows.map((r) => r.trim().split(/\s+/)[0]),
      ['dc-h100', 'base-plus-burst', 'office-workstations', 'cloud-h100'],
    );
    for (const r of rows) {
      // A band reads "(18–68 ms)", or "(116 ms–1.4 s)" when its ends are in different units.
      const t = String.raw`[\d.]+ m?s`;
      const band = String.raw`\((?:[\d.]+–[\d.]+ ms|${t}–${t})\)`;
      assert.match(
        r,
        new RegExp(String.raw`TTFT [_.\-:=+*#!]{13} ${t} ${band} +TPOT [_.\-:=+*#!]{13} ${t} ${band}`),
        r,
      );
      assert.ok(/^[\x20-\x7e–]*$/.test(r), `ASCII only (besides the dash of a range): ${r}`);
    }
    const fancy = await run(true);
    assert.match(fancy, /dc-h100 +TTFT [▁▂▃▄▅▆▇█!]{13} [\d.]+ m?s/);
    assert.equal(fancy.replace(/[▁▂▃▄▅▆▇█]/g, '').length < fancy.length, true);
  });

  it('JSON, Markdown and check output carry no sparklines', async () => {
    for (const args of [
      ['estimate', examplePath('chat-assistant'), '--format', 'markdown'],
      ['check', examplePath('chat-assistant')],
    ]) {
      const { io, out } = memoryIo();
      await runCli(args, { ...io, unicodeTerminal: true });
      assert.doesNotMatch(out.stdout, /Latency p95 vs load/, args.join(' '));
    }
  });
});
