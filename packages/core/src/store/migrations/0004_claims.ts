/**
 * Claims that name themselves, lost runs, and event times. Forward-only; PostgreSQL 14+.
 *
 * - `tasks.claim`: the number of the task's current (or last) claim, incremented by every claim.
 *   A worker's release, completion and heartbeat name the claim they belong to; one for an older
 *   claim of the same task (a worker that lost the task and re-claimed it, a stale fiber's cleanup)
 *   changes nothing. `tasks.lease_seconds`: the lease length the current claim holds (set by the
 *   claim and by each renewal); the worker renews every third of it.
 * - `devserver_claim_many` sets both. Same signature and behaviour as in 0003 otherwise.
 * - Runs may end `lost`: their worker died (or lost its task) without closing them; the queue's
 *   recovery and cancel close them so run history and cost are true.
 * - Events are stamped with `clock_timestamp()` (the moment of the write), not the transaction's
 *   start, so a long transaction cannot date an event before one written earlier by another.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  alter table tasks add column claim int not null default 0, add column lease_seconds int;

  alter table runs drop constraint runs_status_check;
  alter table runs add constraint runs_status_check
    check (status in ('running', 'verifying', 'succeeded', 'failed', 'cancelled', 'lost'));
  create index runs_open_idx on runs (task_id) where status in ('running', 'verifying');

  alter table events alter column created_at set default clock_timestamp();

  create or replace function devserver_claim_many(p_worker text, p_lease_seconds int, p_limit int, p_event jsonb, p_paused_default boolean)
  returns setof tasks language plpgsql volatile
  set enable_seqscan = off set enable_bitmapscan = off set enable_sort = off
  as $$
  declare
    c record;
    slots int;
    taken int;
    excluded int[] := '{}';
    claimed int := 0;
    locked boolean := false;
  begin
    if coalesce((select s.value = 'true'::jsonb from settings s where s.key = 'queuePaused'), p_paused_default) then
      return;
    end if;
    while claimed < p_limit loop
      select t.id, t.repo_id into c
      from tasks t
      where t.status = 'queued'
        and (t.run_after is null or t.run_after <= now())
        and (select not exists (select 1 from task_dependencies td join tasks d on d.id = td.depends_on_id
             where td.task_id = t.id and d.status not in ('review', 'done')))
        and (t.repo_id is null or (
          select r.active and not (r.id = any(excluded))
            and (select count(*) from tasks a where a.repo_id = r.id and a.status in ('running', 'verifying'))
                < case when r.provider = 'local' then 1 else r.parallelism end
          from repos r where r.id = t.repo_id))
      order by t.priority, t.enqueued_at, t.id
      limit 1
      for update skip locked;
      exit when not found;
      if c.repo_id is not null then
        if not locked then
          perform pg_advisory_xact_lock(1146290177, c.repo_id);
          locked := true;
        elsif not pg_try_advisory_xact_lock(1146290177, c.repo_id) then
          excluded := excluded || c.repo_id;
          continue;
        end if;
        select case when r.provider = 'local' then 1 else r.parallelism end into slots from repos r where r.id = c.repo_id;
        select count(*) into taken from tasks where repo_id = c.repo_id and status in ('running', 'verifying');
        if taken >= slots then
          excluded := excluded || c.repo_id;
          continue;
        end if;
      end if;
      insert into events (task_id, type, payload) values (c.id, 'status_changed', p_event);
      return query update tasks set status = 'running', updated_at = now(), blocked_reason = null,
          cancel_requested = false, run_after = null, lease_owner = p_worker, heartbeat_at = now(),
          lease_expires_at = now() + make_interval(secs => p_lease_seconds),
          claim = claim + 1, lease_seconds = p_lease_seconds
        where id = c.id returning *;
      claimed := claimed + 1;
    end loop;
  end $$;
`.raw)
