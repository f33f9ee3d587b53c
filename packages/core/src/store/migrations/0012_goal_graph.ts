/**
 * Goal-graph dependencies. Forward-only; PostgreSQL 14+.
 *
 * `idea_dependencies`: a child idea of an expanded node waits for earlier siblings; when leaves
 * become tasks, these become the tasks' dependencies.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.flatMap(SqlClient.SqlClient, (sql) => sql`
  create table idea_dependencies (
    idea_id int not null references ideas(id) on delete cascade,
    depends_on_id int not null references ideas(id) on delete cascade,
    primary key (idea_id, depends_on_id)
  );
`)
