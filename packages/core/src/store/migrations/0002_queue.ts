/**
 * The queue's database side (PRODUCT §11, §12). Forward-only; PostgreSQL 14+.
 *
 * - `events.tx_id`: the writing transaction's id. Event ids come from a sequence and can commit out of
 *   order; a subscriber that orders by `(tx_id, id)` and reads only transactions older than every one
 *   still in flight never skips a late-committing lower id (see queue/EventStream.ts).
 * - Triggers announce queue changes on `devserver_queue` from every write path (a task becoming
 *   `queued`, a slot freed, a dependency satisfied, a setting changed), so workers wake without the
 *   writer knowing about them; and a running task moved to `cancelled` is announced on
 *   `devserver_cancel` with its id, so the worker running it kills it from any process.
 * - Schedules get a creation time (the anchor of `every 30m`) and an index for due fires.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  alter table events add column tx_id xid8 not null default pg_current_xact_id();
  create index events_tx_idx on events (tx_id, id);
  create index events_task_tx_idx on events (task_id, tx_id, id);

  create index task_dependencies_depends_on_idx on task_dependencies (depends_on_id);

  alter table schedules add column created_at timestamptz not null default now();
  create index schedules_due_idx on schedules (next_fire_at) where enabled;

  create function devserver_tasks_notify() returns trigger language plpgsql as $$
  begin
    if new.status = 'queued'
       or (tg_op = 'UPDATE' and old.status in ('running', 'verifying') and new.status not in ('running', 'verifying'))
       or new.status in ('review', 'done') then
      perform pg_notify('devserver_queue', 'task');
    end if;
    if tg_op = 'UPDATE' and new.status = 'cancelled' and old.status in ('running', 'verifying') then
      perform pg_notify('devserver_cancel', new.id::text);
    end if;
    return null;
  end $$;
  create trigger tasks_queue_notify after insert or update of status on tasks
    for each row execute function devserver_tasks_notify();

  create function devserver_settings_notify() returns trigger language plpgsql as $$
  begin
    perform pg_notify('devserver_queue', 'settings');
    return null;
  end $$;
  create trigger settings_queue_notify after insert or update on settings
    for each row execute function devserver_settings_notify();
`.raw)
