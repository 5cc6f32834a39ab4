/**
 * Deployment-file globs (`**\/*.deploy.yaml`): files that are deployment files even before the
 * marker is typed, so a missing `apiVersion` is reported instead of ignored.
 */

/** The default globs (setting `llmSizing.files`). */
export const DEFAULT_DEPLOYMENT_GLOBS = ['**/*.deploy.yaml', '**/*.deploy.yml'];

/** Converts a glob (`**`, `*`, `?`, `{a,b}`) to an anchored RegExp over `/`-separated paths. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',') out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Whether a path (any separator; absolute or relative) matches any of the globs. */
export function matchesDeploymentGlobs(path: string, globs: readonly string[] = DEFAULT_DEPLOYMENT_GLOBS): boolean {
  const normalised = path.replace(/\\/g, '/');
  return globs.some((glob) => {
    const re = globToRegExp(glob);
    if (re.test(normalised)) return true;
    // A relative glob such as `**/x.yaml` also matches absolute paths.
    return glob.startsWith('**/') && re.test(normalised.replace(/^\/+/, ''));
  });
}
