/**
 * Publishes one org connection's queue: a few lanes lease batches of up to 200
 * and publish them concurrently, write each row's fate to the outbox, and keep
 * the connection's state. When the org is unwell the connection pauses (rows
 * stay queued, leases released) and probes again with backoff. Stopping lets
 * in-flight publishes finish and gives back leases not yet sent; stopping with a
 * deadline (the relay's shutdown budget) stops waiting for publishes still in flight
 * when it passes and hands their rows back to the queue unsettled: they are published
 * after the restart (at least once: Salesforce may have taken the abandoned call, and
 * the package skips an exchange it has already processed).
 *
 * An idle connection costs close to nothing: a lane that finds nothing due waits
 * until it is told of new work (`notify`: a webhook stored for it on this relay, rows
 * routed to it, a retry coming due) and otherwise looks again after a delay that
 * doubles with each empty look, from `pollIntervalMs` up to `idlePollMaxMs`, with one
 * lane looking for all of them. A full batch wakes every lane.
 *
 * A leased batch is renewed every third of the lease while it is in hand, so a slow
 * org never lets another relay take it over mid-publish; every result is written
 * under this worker's lease owner, and results the store rejects (the lease was
 * taken over all the same: a relay frozen past its lease) are logged and dropped.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import type { SalesforceError } from '../salesforce/salesforce-error';
import { describeError } from '../salesforce/salesforce-error';
import type { OutboxStore } from '../store/outbox-store';
import { equalJitterDelay, type BackoffPolicy } from './backoff';
import { connectionStateFor, type ConnectionState } from './connection-state';
import { publishBatch, type BatchPlan, type EventPublisher } from './publish-batch';
import type { PublishMetrics } from './publish-metrics';

export interface PublisherLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface WorkerSettings {
  batchSize: number;
  maxInFlight: number;
  leaseMs: number;
  /** The first idle look after one that found nothing; each empty look doubles it. */
  pollIntervalMs: number;
  /** The longest an idle connection goes without looking at its queue (work it was not told of). */
  idlePollMaxMs: number;
  /**
   * How long a partial batch may wait for more exchanges before it is sent: under a
   * steady stream this fills batches (fewer API calls, which the org's daily
   * allocation counts) at the price of this much latency.
   */
  lingerMs: number;
  maxAgeMs: number;
  retry: BackoffPolicy;
  pause: BackoffPolicy;
  random: () => number;
}

export interface WorkerDeps {
  store: OutboxStore;
  client: EventPublisher;
  clock: { now(): number };
  logger: PublisherLogger;
  metrics: PublishMetrics;
  settings: WorkerSettings;
  /** The connection cannot work at all (see PublisherConnection.unavailable): it starts paused with this. */
  unusable?: SalesforceError;
  /** Receipts (receipt-checker.ts): when a row published now is first looked for, and who to tell. */
  receipts?: { firstCheckAt(publishedAt: number): number; published(checkAt: number): void };
}

export interface ConnectionStatus {
  id: string;
  name: string;
  state: ConnectionState;
  lastError: string | null;
  lastPublishAt: number | null;
}

/** What a publish raced against the shutdown deadline answers when the deadline won. */
const ABANDONED = Symbol('abandoned');

export class ConnectionWorker {
  private state: ConnectionState = 'ok';
  private lastError: string | null = null;
  private lastPublishAt: number | null = null;
  private pausedUntil = 0;
  private failures = 0;
  private probing = false;
  private lingering = false;
  private running = false;
  private lanes: Promise<void>[] = [];
  /** Timed waits (a linger, a paused org): cut short by stop, wake and the end of a probe. */
  private readonly sleepers = new Set<() => void>();
  /** Lanes with nothing due, waiting for work or for the next idle look. */
  private readonly idle: (() => void)[] = [];
  /** Idle looks since there was last work: the next one waits pollIntervalMs x 2^emptyPolls. */
  private emptyPolls = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The earliest time a retried row comes due, with its timer. */
  private due: { at: number; timer: NodeJS.Timeout } | undefined;
  private readonly owner = `publisher-${randomUUID()}`;
  /** Resolves when stop's deadline passes: publishes still in flight are abandoned. */
  private abandon: () => void = () => undefined;
  private abandoned = new Promise<typeof ABANDONED>((resolve) => (this.abandon = () => resolve(ABANDONED)));

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly deps: WorkerDeps
  ) {}

  status(): ConnectionStatus {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      lastError: this.lastError,
      lastPublishAt: this.lastPublishAt
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.deps.unusable) this.pause(this.deps.unusable);
    this.lanes = Array.from({ length: this.deps.settings.maxInFlight }, () => this.lane());
  }

  /**
   * Waits for in-flight publishes; leases not yet sent are released. With `deadline`
   * (epoch ms), publishes still in flight then are abandoned and their rows handed back.
   */
  async stop(deadline = Infinity): Promise<void> {
    this.running = false;
    this.wake();
    clearTimeout(this.due?.timer);
    this.due = undefined;
    const lanes = Promise.all(this.lanes);
    if (Number.isFinite(deadline)) {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      });
      const finished = await Promise.race([lanes.then(() => true), expired]);
      clearTimeout(timer);
      if (!finished) this.abandon();
    }
    await lanes;
    this.lanes = [];
  }

  /** New work for this connection (a webhook stored, rows routed to it): one idle lane looks now. */
  notify(): void {
    this.emptyPolls = 0;
    this.stopIdleTimer();
    this.idle.shift()?.();
  }

  /** Every lane looks at the queue now (after a replay, say); timed waits are cut short. */
  wake(): void {
    this.emptyPolls = 0;
    this.stopIdleTimer();
    this.wakeIdle();
    this.wakeSleepers();
  }

  private wakeIdle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private wakeSleepers(): void {
    for (const resolve of this.sleepers) resolve();
    this.sleepers.clear();
  }

  private stopIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Nothing due: wait to be told of work, or for the next idle look (one lane looks for all). */
  private waitForWork(): Promise<void> {
    return new Promise((resolve) => {
      // Stopped while a cycle ran: stop() already woke everyone, so nothing would wake this wait.
      if (!this.running) {
        resolve();
        return;
      }
      this.idle.push(resolve);
      if (this.idleTimer !== undefined || !this.running) return;
      const { pollIntervalMs, idlePollMaxMs } = this.deps.settings;
      const delay = Math.min(idlePollMaxMs, pollIntervalMs * 2 ** Math.min(this.emptyPolls, 30));
      this.idleTimer = setTimeout(() => {
        this.idleTimer = undefined;
        this.emptyPolls += 1;
        this.idle.shift()?.();
      }, delay);
    });
  }

  /** Retried rows come due at `at`: look then, without polling in between. */
  private lookAt(at: number): void {
    if (!this.running || (this.due && this.due.at <= at)) return;
    clearTimeout(this.due?.timer);
    const timer = setTimeout(
      () => {
        this.due = undefined;
        // Node counts a timer from the loop's cached time, which synchronous work since (the
        // SQLite write that scheduled this retry) leaves behind: it can fire before the row is
        // due, the lease would find nothing and the row would wait for the next idle look.
        if (this.deps.clock.now() < at) this.lookAt(at);
        else this.notify();
      },
      Math.max(1, at - this.deps.clock.now())
    );
    this.due = { at, timer };
  }

  /** A timed wait (Infinity: until woken), cut short by stop, wake or the end of a probe. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) {
        resolve();
        return;
      }
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : undefined;
      const sleepers = this.sleepers;
      function done(): void {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  }

  private async lane(): Promise<void> {
    const { settings, clock, logger } = this.deps;
    while (this.running) {
      try {
        if (this.state !== 'ok') {
          // One lane probes the paused org with a single event; the others wait for its answer.
          if (this.probing) {
            await this.sleep(Infinity);
            continue;
          }
          const wait = this.pausedUntil - clock.now();
          if (wait > 0) {
            await this.sleep(wait);
            continue;
          }
          this.probing = true;
          try {
            if ((await this.cycle(settings.batchSize, 1)) === 0) await this.probeWithoutEvents();
          } finally {
            this.probing = false;
            this.wakeSleepers();
          }
          continue;
        }
        if (this.lingering) {
          // Another lane is filling a batch; leasing now would split it in two. It looks again after.
          await this.waitForWork();
          continue;
        }
        // Let waiting webhooks in between one batch's write and the next batch's read: both
        // are synchronous SQLite work on this event loop (docs/benchmarks.md, fourth round).
        await turn();
        const handled = await this.cycle(settings.batchSize);
        if (handled === 0) {
          await this.waitForWork();
        } else {
          this.emptyPolls = 0;
          // A full batch: there may be more, for every lane.
          if (handled >= settings.batchSize) this.wakeIdle();
        }
      } catch (error) {
        // Storage trouble: nothing was lost (rows stay leased until the lease ends); try again later.
        logger.error({ connectionId: this.id, err: (error as Error).message }, 'publish cycle failed');
        await this.sleep(settings.pollIntervalMs);
      }
    }
  }

  private async cycle(limit: number, sendAtMost?: number): Promise<number> {
    const { store, client, clock, metrics, settings, logger } = this.deps;
    const lease = (count: number) =>
      store.lease({
        connectionId: this.id,
        limit: count,
        now: clock.now(),
        leaseMs: settings.leaseMs,
        owner: this.owner
      });
    let rows = await lease(limit);
    if (rows.length === 0) return 0;
    // Renewed from here until the org has answered: lingering and a slow org never cost the lease.
    const renewal = this.keepLeased(() => rows.map((row) => row.webhookId));
    let plan: BatchPlan;
    try {
      if (sendAtMost === undefined && rows.length < limit && settings.lingerMs > 0 && !this.lingering) {
        const dueSince = Math.min(...rows.map((row) => Math.max(row.receivedAt, row.nextAttemptAt)));
        const wait = Math.min(dueSince + settings.lingerMs - clock.now(), settings.lingerMs);
        if (wait > 0) {
          this.lingering = true;
          try {
            await this.sleep(wait);
          } finally {
            this.lingering = false;
          }
          if (this.running) rows = rows.concat(await lease(limit - rows.length));
        }
      }
      if (!this.running) {
        renewal.stop();
        this.reportTakenOver(
          await store.release(
            rows.map((row) => row.webhookId),
            this.owner
          ),
          'releasing'
        );
        return rows.length;
      }
      const answer = await Promise.race([
        publishBatch(rows, client, {
          now: clock.now(),
          maxAgeMs: settings.maxAgeMs,
          retry: settings.retry,
          random: settings.random,
          sendAtMost
        }),
        this.abandoned
      ]);
      if (answer === ABANDONED) {
        // The shutdown budget ran out with the org still silent: the rows go back to the queue as they were.
        renewal.stop();
        const ids = rows.map((row) => row.webhookId);
        this.reportTakenOver(await store.release(ids, this.owner), 'handing back at shutdown');
        logger.warn(
          { connectionId: this.id, count: ids.length },
          'shutdown budget reached with a publish in flight: its exchanges were handed back to the queue'
        );
        return rows.length;
      }
      plan = answer;
    } finally {
      renewal.stop();
    }
    const now = clock.now();
    if (plan.published.length > 0) {
      const receiptCheckAt = this.deps.receipts?.firstCheckAt(now) ?? null;
      const published = plan.published.map(({ webhookId, eventUuid }) => ({ webhookId, eventUuid, receiptCheckAt }));
      this.reportTakenOver(await store.markPublished(published, this.owner), 'marking published');
      if (receiptCheckAt !== null) this.deps.receipts?.published(receiptCheckAt);
      metrics.published(this.id, plan.published.length);
      for (const row of plan.published) metrics.publishLatency(this.id, Math.max(0, now - row.receivedAt) / 1000);
      this.lastPublishAt = now;
    }
    if (plan.retry.length > 0) {
      const retry = plan.retry.map(({ webhookId, error, nextAttemptAt }) => ({ webhookId, error, nextAttemptAt }));
      this.reportTakenOver(await store.markRetry(retry, this.owner), 'scheduling a retry');
      this.lookAt(Math.min(...retry.map((row) => row.nextAttemptAt)));
      for (const row of plan.retry) metrics.retried(this.id, row.code, 1);
    }
    if (plan.dead.length > 0) {
      const dead = plan.dead.map(({ webhookId, error }) => ({ webhookId, error }));
      this.reportTakenOver(await store.markDead(dead, this.owner), 'dead-lettering');
      for (const row of plan.dead) metrics.deadLettered(this.id, row.code, 1);
      logger.warn(
        { connectionId: this.id, count: plan.dead.length, codes: [...new Set(plan.dead.map((d) => d.code))] },
        'exchanges dead-lettered'
      );
    }
    if (plan.release.length > 0) this.reportTakenOver(await store.release(plan.release, this.owner), 'releasing');

    if (plan.connectionFailure) this.pause(plan.connectionFailure);
    else if (plan.orgAnswered) this.recover();
    return rows.length;
  }

  /** Renews the lease of the rows in hand every third of the lease, until stopped. */
  private keepLeased(ids: () => string[]): { stop(): void } {
    const { store, settings, logger } = this.deps;
    let stopped = false;
    let renewing = false;
    const timer = setInterval(
      () => {
        if (renewing || stopped) return;
        renewing = true;
        store
          .renewLease(ids(), this.owner, settings.leaseMs)
          .then((lost) => {
            if (!stopped) this.reportTakenOver(lost, 'renewing the lease');
          })
          .catch((error: unknown) =>
            logger.error({ connectionId: this.id, err: (error as Error).message }, 'renewing a lease failed')
          )
          .finally(() => (renewing = false));
      },
      Math.max(1, Math.floor(settings.leaseMs / 3))
    );
    timer.unref();
    return {
      stop() {
        stopped = true;
        clearInterval(timer);
      }
    };
  }

  /** Rows another worker holds now: that worker publishes them, and what this one learnt is dropped. */
  private reportTakenOver(webhookIds: readonly string[], during: string): void {
    if (webhookIds.length === 0) return;
    this.deps.metrics.leaseTakenOver?.(this.id, webhookIds.length);
    this.deps.logger.warn(
      {
        connectionId: this.id,
        owner: this.owner,
        during,
        count: webhookIds.length,
        webhookIds: webhookIds.slice(0, 10)
      },
      'lease taken over by another worker: its results for these exchanges were rejected; the new holder publishes them'
    );
  }

  /** Nothing due to send: check the org itself, so a fixed org shows `ok` before the next exchange arrives. */
  private async probeWithoutEvents(): Promise<void> {
    const check = this.deps.client.checkHealth;
    if (!check) {
      this.pausedUntil = this.deps.clock.now() + this.deps.settings.pollIntervalMs;
      return;
    }
    const error = await Promise.race([check.call(this.deps.client), this.abandoned]);
    if (error === ABANDONED) return;
    if (error) this.pause(error);
    else this.recover();
  }

  private pause(error: SalesforceError): void {
    const state = connectionStateFor(error.kind) ?? 'unreachable';
    this.failures += 1;
    const delay = equalJitterDelay(this.failures, this.deps.settings.pause, this.deps.settings.random);
    this.pausedUntil = this.deps.clock.now() + delay;
    this.lastError = describeError(error);
    if (state !== this.state) {
      this.deps.logger.warn(
        { connectionId: this.id, state, code: error.code, retryInMs: delay },
        'org connection paused'
      );
    }
    this.state = state;
  }

  private recover(): void {
    if (this.state !== 'ok') {
      this.deps.logger.info({ connectionId: this.id }, 'org connection recovered');
      // What waited during the outage is due now, for every lane.
      this.emptyPolls = 0;
      this.wakeIdle();
    }
    this.state = 'ok';
    this.failures = 0;
    this.pausedUntil = 0;
  }
}
