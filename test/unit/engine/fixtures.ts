// Loads test/fixtures/stack/* into a fresh AnalysisWorkspace (tests run from dist/, sources live
// in the repository: walk up to find the fixtures folder).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AnalysisWorkspace } from '../../../server/src/analysis/workspace';
import { mergeSettings, type StackLensSettings } from '../../../server/src/analysis/settings';
import type { Finding, RuleId, WorkspaceAnalysis } from '../../../server/src/analysis/results';

export function fixtureDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'test', 'fixtures', 'stack');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('test/fixtures/stack not found');
}

export function fixture(name: string): { file: string; text: string } {
  const file = join(fixtureDir(), name);
  return { file, text: readFileSync(file, 'utf8') };
}

export async function analyzeFixtures(names: string[], settings: Partial<StackLensSettings> = {}): Promise<{ ws: AnalysisWorkspace; analysis: WorkspaceAnalysis; files: string[] }> {
  const ws = await AnalysisWorkspace.create(mergeSettings(settings));
  const files: string[] = [];
  for (const n of names) {
    const { file, text } = fixture(n);
    ws.updateFile(file, text);
    files.push(file);
  }
  return { ws, analysis: ws.analyze(), files };
}

export function ofRule(findings: readonly Finding[], rule: RuleId): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

export function stackFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.rule.startsWith('stack/'));
}

/** The text of the line a finding points at (for asserting what it is attached to). */
export function lineOf(text: string, f: Finding): string {
  return text.split(/\r?\n/)[f.range.start.line] ?? '';
}
