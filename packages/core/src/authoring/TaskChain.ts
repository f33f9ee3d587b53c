/**
 * Creates an ordered list of drafted tasks whose `dependsOn` name earlier items by index, in one
 * transaction: either every task exists with its dependencies (which the queue enforces), or none.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"
import type { Task } from "../domain/Task.js"
import type { TasksService } from "../store/Tasks.js"

export interface ChainItem {
  readonly title: string
  readonly description: string
  readonly acceptance?: string | undefined
  /** Indices of earlier items this one waits for. */
  readonly dependsOn: ReadonlyArray<number>
  readonly ideaId?: number | null | undefined
}

/** Keeps only dependencies on earlier items (the model's order is the run order; no cycles). */
export const earlierOnly = (index: number, dependsOn: ReadonlyArray<number>) =>
  [...new Set(dependsOn)].filter((d) => Number.isInteger(d) && d >= 0 && d < index)

export const createChain = (sql: SqlClient.SqlClient, tasks: TasksService, items: ReadonlyArray<ChainItem>, repo: string | null) =>
  sql.withTransaction(Effect.gen(function*() {
    const created: Array<Task> = []
    for (const [i, item] of items.entries()) {
      created.push(yield* tasks.create({
        title: item.title,
        description: item.description,
        acceptance: item.acceptance ?? "",
        repo,
        ideaId: item.ideaId ?? null,
        dependsOn: earlierOnly(i, item.dependsOn).map((d) => created[d]!.key)
      }))
    }
    return created
  }))
