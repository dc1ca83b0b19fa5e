/**
 * Named SQL parameters (`@p0`, `@p1`...). Names rather than `?` because translated predicates repeat
 * a value in several places (a field and its array elements), and the order of text and values can then
 * never drift apart.
 */
export class Params {
  readonly values: Record<string, string | number | null> = {};
  private next = 0;

  bind(value: string | number | boolean | null): string {
    const name = `p${this.next++}`;
    // better-sqlite3 binds no booleans; JSON true/false surface in SQLite as 1/0 anyway.
    this.values[name] = typeof value === 'boolean' ? Number(value) : value;
    return `@${name}`;
  }
}

export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
