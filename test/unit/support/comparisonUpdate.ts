/**
 * The webview fixtures (test/webview/fixtures) as typed payloads for the unit tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateMessage } from '../../../src/protocol/webview';

/** An update message from test/webview/fixtures. */
export function loadUpdate(name = 'comparison.json'): UpdateMessage {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'webview', 'fixtures', name), 'utf8')) as UpdateMessage;
}
