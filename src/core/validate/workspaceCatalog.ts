/**
 * The workspace catalog file itself (`.llm-sizing/catalog.yaml`) as findings: each problem
 * `applyWorkspaceCatalog` finds, at the field it names, with a stable code (LLMS057). The editor
 * shows them in Problems while the file is edited; deployments that use the catalog see the
 * built-in figures for an ignored entry.
 */
import type { Catalog } from '../catalog';
import { applyWorkspaceCatalog, WORKSPACE_CATALOG_PATH } from '../catalog/workspace';
import type { Finding } from '../findings';
import { parseCalibrationFile, WORKSPACE_CALIBRATION_PATH } from '../calibrate/corrections';
import { CODES, type CodeInfo } from './codes';

/** Whether a path or URI names a workspace catalog file (`…/.llm-sizing/catalog.yaml`). */
export function isWorkspaceCatalogPath(path: string): boolean {
  return path.replace(/\\/g, '/').endsWith(`/${WORKSPACE_CATALOG_PATH.join('/')}`);
}

/** Whether a path or URI names a workspace calibration file (`…/.llm-sizing/calibration.yaml`). */
export function isWorkspaceCalibrationPath(path: string): boolean {
  return path.replace(/\\/g, '/').endsWith(`/${WORKSPACE_CALIBRATION_PATH.join('/')}`);
}

/** Problems of a `.llm-sizing/` file as located findings with `code`. */
function asFindings(problems: ReadonlyArray<{ message: string; range: Finding['range'] }>, code: CodeInfo): Finding[] {
  return problems.map((p) => ({
    code: code.code,
    severity: code.severity,
    message: p.message,
    range: p.range,
    documentIndex: 0,
  }));
}

/** The problems of a workspace calibration file's text, as located findings (LLMS062). Never throws. */
export function workspaceCalibrationFindings(text: string): Finding[] {
  return asFindings(parseCalibrationFile(text).problems, CODES.workspaceCalibrationEntry);
}

/** The problems of a workspace catalog's text, as located findings. Never throws. */
export function workspaceCatalogFindings(text: string, base: Catalog): Finding[] {
  return asFindings(applyWorkspaceCatalog(base, text).problems, CODES.workspaceCatalogEntry);
}
