/** Where a relay keeps the global position it has published up to. */
export interface CheckpointStore {
  /** 0 when nothing was saved under this name. */
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();
  async load(name: string): Promise<number> {
    return this.positions.get(name) ?? 0;
  }
  async save(name: string, position: number): Promise<void> {
    this.positions.set(name, position);
  }
}
