// The C/C++ files of a benchmark corpus: the product's own file collection (same extensions,
// node_modules/.git skipped), without the editor's default excludes so a corpus is read whole.

import { collectSourceFiles } from '../../server/src/analysis/loadFiles';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

export function corpusFiles(dir: string): string[] {
  return collectSourceFiles([dir], { include: DEFAULT_SETTINGS.include, exclude: [] });
}
