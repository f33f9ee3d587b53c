/**
 * The queue's database side. Forward-only; PostgreSQL 14+.
 *
 * - `events.tx_id`: the writing transaction's id. Event ids come from a sequence and can commit out of
 *   order; a subscriber that orders by `(tx_id, id)` and reads only transactions older than every one
 *   still in flight never skips a late-committing lower id (see queue/EventStream.ts).
 * - Triggers announce queue changes on `devserver_queue` from every write path (a task becoming
 *   `queued`, a dependency satisfied by hand, a setting changed), so workers wake without the writer
 *   knowing about them (slots freed by the queue itself are announced by it after commit); and a running task moved to `cancelled` is announced on
 *   `devserver_cancel` with its id, so the worker running it kills it from any process.
 * - Schedules get a creation time (the anchor of `every 30m`) and an index for due fires.
 * - `devserver_claim` claims the next claimable task in one round trip (see queue/QueueLive.ts).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  alter table events add column tx_id xid8 not null default pg_current_xact_id();
  create index events_tx_idx on events (tx_id, id);

  create index task_dependencies_depends_on_idx on task_dependencies (depends_on_id);
  -- The claim order, complete: a claim reads this index in order and stops at the first free row.
  -- It supersedes tasks_claim_idx; every index on tasks costs each status change an index insert.
  create index tasks_queue_order_idx on tasks (priority, enqueued_at, id) where status = 'queued';
  drop index tasks_claim_idx;

  alter table schedules add column created_at timestamptz not null default now();
  create index schedules_due_idx on schedules (next_fire_at) where enabled;

  create function devserver_tasks_notify() returns trigger language plpgsql as $$
  begin
    -- Moves out of running/verifying made by the queue announce themselves after commit (Announcer);
    -- NOTIFY inside those hot transactions would serialise their commits.
    if new.status = 'queued'
       or (new.status in ('review', 'done') and (tg_op = 'INSERT' or old.status not in ('running', 'verifying'))) then
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

  create function devserver_claim(p_worker text, p_lease_seconds int, p_event jsonb, p_exclude int[], p_paused_default boolean)
  returns setof tasks language plpgsql volatile as $$
  declare
    c record;
    slots int;
    taken int;
  begin
    if coalesce((select s.value = 'true'::jsonb from settings s where s.key = 'queuePaused'), p_paused_default) then
      return;
    end if;
    -- Conditions are correlated subqueries on purpose: the planner then walks tasks_queue_order_idx in
    -- claim order and stops at the first free row, whatever the table statistics say.
    select t.id, t.repo_id into c
    from tasks t
    where t.status = 'queued'
      and (t.run_after is null or t.run_after <= now())
      and (select not exists (select 1 from task_dependencies td join tasks d on d.id = td.depends_on_id
           where td.task_id = t.id and d.status not in ('review', 'done')))
      and (t.repo_id is null or (
        select r.active and not (r.id = any(p_exclude))
          and (select count(*) from tasks a where a.repo_id = r.id and a.status in ('running', 'verifying'))
              < case when r.provider = 'local' then 1 else r.parallelism end
        from repos r where r.id = t.repo_id))
    order by t.priority, t.enqueued_at, t.id
    limit 1
    for update skip locked;
    if not found then
      return;
    end if;
    if c.repo_id is not null then
      -- Claims of one repo serialise here. In READ COMMITTED each statement of this function takes a
      -- fresh snapshot, so the count below sees every claim committed before the lock was granted.
      perform pg_advisory_xact_lock(1146290177, c.repo_id);
      select case when r.provider = 'local' then 1 else r.parallelism end into slots from repos r where r.id = c.repo_id;
      select count(*) into taken from tasks where repo_id = c.repo_id and status in ('running', 'verifying');
      if taken >= slots then
        raise exception 'repo % is full', c.repo_id using errcode = 'DS001', detail = c.repo_id::text;
      end if;
    end if;
    -- No NOTIFY here: the caller announces after commit (queue/Announcer.ts).
    insert into events (task_id, type, payload) values (c.id, 'status_changed', p_event);
    return query update tasks set status = 'running', updated_at = now(), blocked_reason = null,
        cancel_requested = false, run_after = null, lease_owner = p_worker, heartbeat_at = now(),
        lease_expires_at = now() + make_interval(secs => p_lease_seconds)
      where id = c.id returning *;
  end $$;
`.raw)
