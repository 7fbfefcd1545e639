// Which grammar parses a file. `.c` is C; `.cpp .cxx .cc .hpp .hxx .hh .inl .ipp` are C++.
// A `.h` header is ambiguous: it is C++ when its own text has C++-only constructs (a `class`,
// `namespace` or `template` at the start of a line, or `name::name` outside comments), or when its
// folder holds C++ sources and no C sources; otherwise C. C++ inside `#ifdef __cplusplus` is
// blanked by the conditional pass when the file is parsed as C, so a C header that offers
// C++ helpers still parses cleanly as C.

const CPP_EXT = new Set(['.cpp', '.cxx', '.cc', '.c++', '.hpp', '.hxx', '.hh', '.h++', '.inl', '.ipp', '.tcc']);

function extOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot).toLowerCase() : '';
}

/** C++-only constructs in a header's text (comments are stripped roughly first). */
export function looksLikeCpp(text: string): boolean {
  const sample = text.length > 512 * 1024 ? text.slice(0, 512 * 1024) : text;
  const noComments = sample.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  // Keep only what is outside `#ifdef __cplusplus ... #endif` blocks: those are C headers being polite.
  const outsideCpp = noComments.replace(/#\s*if(?:def\s+__cplusplus|\s+defined\s*\(?\s*__cplusplus\s*\)?)[\s\S]*?#\s*endif/g, ' ');
  return /^[ \t]*(?:class\s+\w+\s*[:{]|class\s+\w+\s*;|namespace\s+\w*\s*\{|template\s*<)/m.test(outsideCpp) ||
    /\b\w+::~?\w+/.test(outsideCpp.replace(/"(?:[^"\\\n]|\\.)*"/g, '""'));
}

/**
 * The language of a file. `neighbours` are the other file names in the same folder (only used
 * for `.h`); `text` is the header's own text when available (it wins over the neighbours when it
 * shows C++ constructs).
 */
export function languageForFile(file: string, neighbours?: string[], text?: string): 'c' | 'cpp' {
  const ext = extOf(file);
  if (ext === '.c') return 'c';
  if (CPP_EXT.has(ext)) return 'cpp';
  if (text !== undefined && looksLikeCpp(text)) return 'cpp';
  if (neighbours && neighbours.length > 0) {
    let c = false;
    let cpp = false;
    for (const n of neighbours) {
      const e = extOf(n);
      if (e === '.c') c = true;
      else if (e === '.cpp' || e === '.cxx' || e === '.cc') cpp = true;
    }
    if (cpp && !c) return 'cpp';
  }
  return 'c';
}
