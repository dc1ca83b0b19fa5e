import type { Viewer } from '@pmt/kernel';
import type { Doc, Page, ReadModelStore } from '@pmt/read-model';
import {
  Collections,
  PARTNERSHIP_PROJECTION,
  portfolioFor,
  portfolioOf,
  type GrantFacts,
  type Portfolio,
  type PortfolioQuery,
  type ProposalFacts,
} from '../index';

interface Facts {
  checkpoint: number;
  proposals: ProposalFacts[];
  grants: GrantFacts[];
  /** Whether any of them is confidential: without, every viewer's answer is the same and nothing is filtered. */
  confidential: boolean;
}

/**
 * Answers portfolio queries from the proposal and grant facts, read once per projection checkpoint: while
 * nothing new has been applied, each query only adds up what is in memory. Facts are read after the
 * checkpoint, so they are never older than it; a later query sees a newer checkpoint and reads again.
 */
export class PortfolioReader {
  private facts?: Facts;

  constructor(private readonly readModel: ReadModelStore) {}

  /** A confidential proposal or grant counts only for a viewer who may see it (API.md). */
  async portfolio(query: PortfolioQuery, viewer?: Viewer): Promise<Portfolio> {
    const { proposals, grants, confidential } = await this.current();
    return confidential ? portfolioFor(query, proposals, grants, viewer) : portfolioOf(query, proposals, grants);
  }

  private async current(): Promise<Facts> {
    const checkpoint = await this.readModel.checkpoint(PARTNERSHIP_PROJECTION);
    if (this.facts?.checkpoint === checkpoint) return this.facts;
    const [proposals, grants] = await Promise.all([
      readAll<ProposalFacts & Doc>(this.readModel, Collections.proposals),
      readAll<GrantFacts & Doc>(this.readModel, Collections.grants),
    ]);
    const confidential = proposals.some((p) => p.confidential === true) || grants.some((g) => g.confidential === true);
    this.facts = { checkpoint, proposals, grants, confidential };
    return this.facts;
  }
}

async function readAll<T extends Doc>(readModel: ReadModelStore, collection: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await readModel.find<T>(collection, {}, { limit: 2000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
