/**
 * Leases of the SQLite outbox, held in this process's memory.
 *
 * Why memory and not the table: the SQLite outbox is opened in exclusive locking mode, so
 * no other process can read or write the file while this one lives, and the first thing a
 * new process does is drop every lease the file holds (whoever held one died with its
 * process). A lease written to the file therefore never protected anything beyond this
 * process — while it cost a rewrite of every leased row (about 1.4 KB each with its
 * payload) and a commit with its fsync, once to lease a batch and again for each renewal
 * and release. The rows and their states stay durable as before; only the lease — "this
 * lane has these rows in hand until then" — lives here. PostgreSQL, shared by several
 * relays, keeps its leases in the table.
 *
 * The rules are the table's, row for row (the store contract tests both stores): a row is
 * free once its lease ended (`until <= now`, the caller's clock); a holder whose lease ran
 * out keeps its claim until someone else takes the row over; results naming an owner
 * count only for rows that owner still holds.
 */

/** A lease that ended this long ago and was never settled or taken over is forgotten. */
export const FORGET_ENDED_LEASE_MS = 60 * 60 * 1000;

interface Lease {
  owner: string;
  until: number;
  /** Which queue the row was leased from: a connection's publishing queue, or the receipt checks. */
  pool: string;
}

export class ProcessLeases {
  private readonly byId = new Map<string, Lease>();
  private readonly pools = new Map<string, Set<string>>();

  /** Ids of `pool` whose lease still holds at `now` (they may not be leased again). */
  heldIn(pool: string, now: number): string[] {
    const ids = this.pools.get(pool);
    if (ids === undefined) return [];
    const held: string[] = [];
    for (const id of ids) {
      const lease = this.byId.get(id) as Lease;
      if (lease.until > now) held.push(id);
      else if (lease.until <= now - FORGET_ENDED_LEASE_MS) this.drop(id);
    }
    return held;
  }

  /** Whether anyone holds the row at `now`, in whichever pool it was leased (its connection may have changed since). */
  held(id: string, now: number): boolean {
    const lease = this.byId.get(id);
    return lease !== undefined && lease.until > now;
  }

  take(pool: string, ids: readonly string[], owner: string, until: number): void {
    for (const id of ids) {
      this.drop(id);
      this.byId.set(id, { owner, until, pool });
      let members = this.pools.get(pool);
      if (members === undefined) this.pools.set(pool, (members = new Set()));
      members.add(id);
    }
  }

  /** Whether `owner` still holds the row (with no owner named, anyone may settle it). */
  heldBy(id: string, owner: string | undefined): boolean {
    return owner === undefined || this.byId.get(id)?.owner === owner;
  }

  /** Extends a lease the owner still holds; false if it holds none. */
  extend(id: string, owner: string, until: number): boolean {
    const lease = this.byId.get(id);
    if (lease?.owner !== owner) return false;
    lease.until = until;
    return true;
  }

  drop(id: string): void {
    const lease = this.byId.get(id);
    if (lease === undefined) return;
    this.byId.delete(id);
    const members = this.pools.get(lease.pool);
    members?.delete(id);
    if (members?.size === 0) this.pools.delete(lease.pool);
  }

  dropAll(): void {
    this.byId.clear();
    this.pools.clear();
  }

  /** How many rows are leased (ended leases not yet settled or forgotten included). */
  get size(): number {
    return this.byId.size;
  }
}
