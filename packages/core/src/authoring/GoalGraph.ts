/**
 * The goal graph over the ideas tree. `expand` asks the system LLM whether a node is atomic or splits
 * into 3–7 ordered children (each may wait for earlier siblings); `toTasks` turns the leaves under a
 * node into tasks on a repo, their dependencies enforced by the queue (a leaf waits for every leaf
 * under each sibling it, or one of its ancestors, depends on); `sync` makes each node follow its task
 * (`done` when the task is done); `rollUp` summarises and scores a split node whose children are all
 * done. Answers that do not fit the Schemas are `BadOutput` and change nothing.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, Schema } from "effect"
import { type AlreadyExists, InvalidInput, type NotFound, type StoreError } from "../domain/Errors.js"
import type { Idea } from "../domain/Idea.js"
import type { Task } from "../domain/Task.js"
import { storeFailure } from "../internal/sqlFailure.js"
import { Llm, type LlmError } from "../llm/Llm.js"
import { Ideas } from "../store/Ideas.js"
import { Tasks } from "../store/Tasks.js"
import { earlierOnly } from "./TaskChain.js"

const Child = Schema.Struct({
  title: Schema.String.pipe(Schema.trimmed(), Schema.minLength(1), Schema.maxLength(200)),
  body: Schema.String.pipe(Schema.maxLength(20_000)),
  dependsOn: Schema.Array(Schema.Int)
})

export const Expansion = Schema.Union(
  Schema.Struct({ decision: Schema.Literal("atomic"), reason: Schema.String }),
  Schema.Struct({ decision: Schema.Literal("split"), children: Schema.Array(Child).pipe(Schema.minItems(3), Schema.maxItems(7)) })
)
export type Expansion = typeof Expansion.Type

export const RollUp = Schema.Struct({ summary: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(4000)), score: Schema.Number.pipe(Schema.between(0, 100)) })

const EXPAND = `You decompose software goals. Decide whether the goal can be done as ONE task by a coding agent
("atomic"), or must be split into 3 to 7 ordered sub-goals. Answer with one JSON object and nothing else:
{"decision": "atomic", "reason": "..."} or
{"decision": "split", "children": [{"title": "...", "body": "what and why", "dependsOn": [indices of earlier children]}]}`
const ROLL_UP = `Summarise what was achieved for a goal from its finished sub-goals, and score from 0 to 100 how
fully the goal is met. Answer with one JSON object and nothing else: {"summary": "...", "score": 0-100}`

export interface GoalGraphService {
  /** Expands an open node: `atomic`, or `split` with its stored children. */
  readonly expand: (ideaId: number) => Effect.Effect<Expansion, LlmError | InvalidInput | NotFound | StoreError>
  /** Tasks for the leaves under `ideaId` (itself, when it is a leaf) not yet turned into tasks. */
  readonly toTasks: (ideaId: number, repo: string | null) => Effect.Effect<ReadonlyArray<Task>, InvalidInput | AlreadyExists | NotFound | StoreError>
  /** Nodes whose task is done become `done`; answers how many changed. */
  readonly sync: () => Effect.Effect<number, StoreError>
  /** Summary and score for a split node whose children are all done or rolled up. */
  readonly rollUp: (ideaId: number) => Effect.Effect<Idea, LlmError | InvalidInput | NotFound | StoreError>
}

export class GoalGraph extends Context.Tag("@devserver/core/authoring/GoalGraph")<GoalGraph, GoalGraphService>() {}

export const make = Effect.gen(function*() {
  const llm = yield* Llm
  const ideas = yield* Ideas
  const tasks = yield* Tasks
  const sql = yield* SqlClient.SqlClient

  const childrenOf = (all: ReadonlyArray<Idea>, id: number) => all.filter((i) => i.parentId === id)

  const expand = Effect.fn("GoalGraph.expand")(function*(ideaId: number) {
    const idea = yield* ideas.get(ideaId)
    if (idea.goalStatus !== "open") return yield* new InvalidInput({ field: "idea", reason: `idea ${ideaId} is ${idea.goalStatus}, not open` })
    const { value } = yield* llm.completeJson(Expansion, { feature: "goal_expand", system: EXPAND, prompt: `Goal: ${idea.title}\n\n${idea.body}` })
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* sql`update ideas set goal_status = ${value.decision} where id = ${ideaId}`
      if (value.decision === "atomic") return
      const ids: Array<number> = []
      for (const [i, child] of value.children.entries()) {
        const [row] = yield* sql<{ id: number }>`
          insert into ideas (parent_id, kind, title, body, position) values (${ideaId}, 'idea', ${child.title}, ${child.body}, ${i}) returning id`
        ids.push(row!.id)
        for (const d of earlierOnly(i, child.dependsOn)) yield* sql`insert into idea_dependencies (idea_id, depends_on_id) values (${row!.id}, ${ids[d]!})`
      }
    })).pipe(storeFailure("goalGraph.expand"))
    return value
  })

  const toTasks = Effect.fn("GoalGraph.toTasks")(function*(ideaId: number, repo: string | null) {
    const all = yield* ideas.list()
    const root = all.find((i) => i.id === ideaId)
    if (root === undefined) return yield* ideas.get(ideaId).pipe(Effect.as([] as ReadonlyArray<Task>))
    const deps = yield* sql<{ ideaId: number; dependsOnId: number }>`select idea_id, depends_on_id from idea_dependencies`.pipe(storeFailure("goalGraph.deps"))
    const byId = new Map(all.map((i) => [i.id, i]))
    const leavesUnder = (id: number): Array<Idea> => {
      const kids = childrenOf(all, id)
      return kids.length === 0 ? [byId.get(id)!] : kids.flatMap((k) => leavesUnder(k.id))
    }
    // A node's dependencies include those of its ancestors up to the expanded root.
    const depNodes = (idea: Idea): Array<number> => {
      const own = deps.filter((d) => d.ideaId === idea.id).map((d) => d.dependsOnId)
      return idea.id === ideaId || idea.parentId === null ? own : [...own, ...depNodes(byId.get(idea.parentId)!)]
    }
    const leaves = leavesUnder(ideaId).filter((l) => l.kind === "idea" && l.taskId === null)
    if (leaves.length === 0) return yield* new InvalidInput({ field: "idea", reason: `nothing under idea ${ideaId} is left to turn into tasks` })
    return yield* sql.withTransaction(Effect.gen(function*() {
      const existing = yield* sql<{ id: number; key: string }>`select i.id, t.key from ideas i join tasks t on t.id = i.task_id`
      const taskOf = new Map<number, string>(existing.map((r) => [r.id, r.key]))
      const created: Array<Task> = []
      // Tree order: an earlier sibling's leaves come first, so dependencies always exist already.
      for (const leaf of leaves) {
        const waits = depNodes(leaf).flatMap((n) => leavesUnder(n)).map((l) => taskOf.get(l.id)).filter((k): k is string => k !== undefined)
        const task = yield* tasks.create({ title: leaf.title, description: leaf.body, repo, ideaId: leaf.id, dependsOn: waits })
        yield* sql`update ideas set task_id = ${task.id}, goal_status = 'task' where id = ${leaf.id}`
        taskOf.set(leaf.id, task.key)
        created.push(task)
      }
      return created
    })).pipe(storeFailure("goalGraph.toTasks"))
  })

  const sync = () =>
    sql<{ id: number }>`
      update ideas i set goal_status = 'done' from tasks t
      where t.id = i.task_id and t.status = 'done' and i.goal_status = 'task' returning i.id`.pipe(
      Effect.map((rows) => rows.length),
      storeFailure("goalGraph.sync")
    )

  const rollUp = Effect.fn("GoalGraph.rollUp")(function*(ideaId: number) {
    yield* sync()
    const all = yield* ideas.list()
    const node = yield* ideas.get(ideaId)
    const kids = childrenOf(all, ideaId)
    if (node.goalStatus !== "split" || kids.some((k) => k.goalStatus !== "done" && k.goalStatus !== "rolled_up")) {
      return yield* new InvalidInput({ field: "idea", reason: `idea ${ideaId} is not a split node whose children are all done` })
    }
    const report = kids.map((k) => `- ${k.title}${k.summary === null ? "" : `: ${k.summary}`}`).join("\n")
    const { value } = yield* llm.completeJson(RollUp, { feature: "goal_roll_up", system: ROLL_UP, prompt: `Goal: ${node.title}\n${node.body}\n\nDone:\n${report}` })
    yield* sql`update ideas set summary = ${value.summary}, score = ${value.score}, goal_status = 'rolled_up' where id = ${ideaId}`.pipe(storeFailure("goalGraph.rollUp"))
    return yield* ideas.get(ideaId)
  })

  return GoalGraph.of({ expand, toTasks, sync, rollUp })
})

export const layer = Layer.effect(GoalGraph, make)
