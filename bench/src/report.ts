/** One line of the final table: a figure, what it was measured against in the same run, and its target. */
export interface Figure {
  part: string;
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null when the figure has no target (shown for context only). */
  met: boolean | null;
}

const figures: Figure[] = [];

export function record(figure: Figure): void {
  figures.push(figure);
  const verdict = figure.met === null ? '' : figure.met ? '  [target met]' : '  [TARGET NOT MET]';
  const target = figure.target ? `  target ${figure.target}` : '';
  const ratio = figure.ratio ? `  ratio ${figure.ratio}` : '';
  line(`  => ${figure.name}: ${figure.value}${figure.baseline ? ` vs baseline ${figure.baseline}` : ''}${ratio}${target}${verdict}`);
}

export function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function heading(text: string): void {
  line();
  line(text);
  line('-'.repeat(Math.min(100, text.length)));
}

export function failed(part: string, error: unknown): void {
  const message = (error as Error)?.stack ?? String(error);
  line(`  !! ${part} failed: ${message}`);
  figures.push({ part, name: `${part} did not complete`, value: 'error', baseline: '', ratio: '', target: '', met: false });
}

/** The summary as a Markdown table, so that it can be pasted into docs/performance.md as printed. */
export function printSummary(): void {
  heading('Summary');
  const rows = [['part', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', 'met']];
  for (const f of figures)
    rows.push([f.part, f.name, f.value, f.baseline || '-', f.ratio || '-', f.target || '-', f.met === null ? '-' : f.met ? 'yes' : 'NO']);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  line(fmt(rows[0]));
  line(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) line(fmt(r));
  const missed = figures.filter((f) => f.met === false);
  line();
  line(missed.length === 0 ? 'Every target was met.' : `Targets not met: ${missed.map((f) => f.name).join('; ')}`);
}

export function anyPartFailed(): boolean {
  return figures.some((f) => f.value === 'error');
}
