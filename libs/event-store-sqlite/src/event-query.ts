import type BetterSqlite3 from 'better-sqlite3';
import type { NormalisedQuery } from '@pmt/event-store';
import { EVENT_COLUMNS } from './schema';

/**
 * Indexes for `queryEvents`, created IF NOT EXISTS so that files made before them get them on open. An index on one
 * column is ordered by (column, rowid) and global_position is the rowid, so each serves "this actor / stream / type,
 * newest first" by walking it backwards, without a sort.
 */
export const QUERY_INDEXES = `
CREATE INDEX IF NOT EXISTS es_events_by_actor    ON es_events (actor);
CREATE INDEX IF NOT EXISTS es_events_by_stream   ON es_events (stream_id);
CREATE INDEX IF NOT EXISTS es_events_by_type     ON es_events (type);
CREATE INDEX IF NOT EXISTS es_events_by_recorded ON es_events (recorded_at);
`;

/**
 * The SQL of one query and its parameters. A category is matched as a range of stream ids (`mou-` <= id < `mou.`,
 * '.' being the character after '-'): exact under SQLite's binary collation, where LIKE would be case-insensitive.
 */
export function querySql(query: NormalisedQuery, upTo: number, limit: number): { sql: string; params: (string | number)[] } {
  const where: string[] = ['global_position <= ?'];
  const params: (string | number)[] = [upTo];
  // `+stream_id`: the categories alone hold most of the file, so walking positions backwards and stopping at `limit`
  // beats reading a whole category through the stream index and sorting it
  where.push(`(${query.categories.map(() => '(+stream_id >= ? AND +stream_id < ?)').join(' OR ')})`);
  for (const c of query.categories) params.push(`${c}-`, `${c}.`);
  if (query.streamIds) {
    where.push(`stream_id IN (${query.streamIds.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...query.streamIds);
  }
  if (query.actor !== undefined) {
    where.push('actor = ?');
    params.push(query.actor);
  }
  if (query.types) {
    where.push(`type IN (${query.types.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...query.types);
  }
  if (query.recordedFrom !== undefined) {
    where.push('recorded_at >= ?');
    params.push(query.recordedFrom);
  }
  if (query.recordedBefore !== undefined) {
    where.push('recorded_at < ?');
    params.push(query.recordedBefore);
  }
  params.push(limit);
  return { sql: `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where.join(' AND ')} ORDER BY global_position DESC LIMIT ?`, params };
}

/** Prepared statements by SQL text: a query's shape (how many categories, types...) varies little, so few are made. */
export class StatementCache<Row> {
  private readonly statements = new Map<string, BetterSqlite3.Statement<(string | number)[], Row>>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement<(string | number)[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 64) this.statements.clear();
      statement = this.db.prepare<(string | number)[], Row>(sql).raw(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
