// Outcomes typed one per line ("Food safety — Chiang Mai Food Valley") -> the API's `[{ title, detail? }]`: the text
// before the first " — " or " - " is the title, the rest the detail.
export function outcomesFromLines(lines: unknown): unknown {
  if (lines === undefined) return [];
  if (!Array.isArray(lines)) return lines;
  return lines.map((line: string) => {
    const match = /^(.*?)\s+[—-]\s+(.*)$/.exec(line);
    return match ? { title: match[1].trim(), detail: match[2].trim() } : { title: line };
  });
}
