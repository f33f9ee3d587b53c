/** The idea tree: folders and markdown ideas, with plan / expand / create-tasks on the selected one. */
import { createMemo, createResource, createSignal, For, Show } from "solid-js"
import { api, type Outputs } from "../api/client.js"
import { Loaded } from "../components/Loaded.js"
import { IdeaActions, type IdeaOutcome } from "./ideas/IdeaActions.js"

type Idea = Outputs["ideas"]["list"][number]

/** The plan's markdown when the idea holds a DevPlan (stored as JSON), else the stored text. */
const planText = (plan: string): string => {
  try {
    const parsed = JSON.parse(plan) as { text?: unknown }
    return typeof parsed.text === "string" ? parsed.text : plan
  } catch {
    return plan
  }
}

const Node = (props: { idea: Idea; children: (id: number) => ReadonlyArray<Idea>; selected: Idea | null; onSelect: (i: Idea) => void }) => {
  const kids = () => props.children(props.idea.id)
  const [open, setOpen] = createSignal(true)
  return (
    <li role="treeitem" aria-expanded={kids().length > 0 ? open() : undefined} aria-selected={props.selected?.id === props.idea.id}>
      <button class="ghost" style={{ "min-height": "26px", padding: "2px 6px" }} onClick={() => (kids().length > 0 ? setOpen(!open()) : undefined, props.onSelect(props.idea))}>
        {kids().length > 0 ? (open() ? "▾" : "▸") : props.idea.kind === "folder" ? "▸" : "•"} {props.idea.title}
      </button>
      <Show when={props.idea.taskId !== null}><span class="chip">task</span></Show>
      <Show when={props.idea.goalStatus !== "open" && props.idea.goalStatus !== "task"}><span class="chip">{props.idea.goalStatus.replace("_", " ")}</span></Show>
      <Show when={open() && kids().length > 0}>
        <ul class="tree" role="group">
          <For each={kids()}>{(c) => <Node idea={c} children={props.children} selected={props.selected} onSelect={props.onSelect} />}</For>
        </ul>
      </Show>
    </li>
  )
}

export default function Ideas() {
  const [ideas, { refetch }] = createResource(() => api.ideas.list.query())
  const [selectedId, setSelectedId] = createSignal<number | null>(null)
  const selected = createMemo(() => (ideas.latest ?? []).find((i) => i.id === selectedId()) ?? null)
  const setSelected = (i: Idea) => setSelectedId(i.id)
  const [outcome, setOutcome] = createSignal<IdeaOutcome | null>(null)
  const acted = (o: IdeaOutcome) => {
    setOutcome(o)
    void refetch()
  }
  const byParent = createMemo(() => {
    const map = new Map<number | null, Array<Idea>>()
    for (const idea of ideas.latest ?? []) map.set(idea.parentId, [...(map.get(idea.parentId) ?? []), idea])
    return map
  })
  const children = (id: number | null) => byParent().get(id) ?? []
  return (
    <>
      <div class="page-head"><h1>Ideas</h1><span class="sub">A tree of folders and ideas; leaves become tasks.</span></div>
      <Loaded of={ideas} what="Ideas">
        {(list) => (
          <Show when={list.length > 0} fallback={<section class="panel empty">No idea yet. Add one with <code>devserver idea add</code>.</section>}>
            <div class="grid side">
              <section class="panel">
                <ul class="tree root" role="tree" aria-label="Ideas">
                  <For each={children(null)}>{(i) => <Node idea={i} children={children} selected={selected()} onSelect={setSelected} />}</For>
                </ul>
              </section>
              <section class="panel" aria-live="polite">
                <Show when={selected()} fallback={<p class="empty">Select an idea to read it.</p>}>
                  {(i) => (
                    <>
                      <h2>{i().title}</h2>
                      <pre style={{ "white-space": "pre-wrap", margin: 0 }}>{i().body || "(empty)"}</pre>
                      <Show when={i().kind !== "folder"}>
                        <IdeaActions idea={i()} hasPlan={i().plan !== null} outcome={outcome()} onDone={acted} />
                      </Show>
                      <Show when={i().plan}>{(plan) => <><h3 style={{ "margin-top": "16px" }}>Plan</h3><pre style={{ "white-space": "pre-wrap", margin: 0 }}>{planText(plan())}</pre></>}</Show>
                      <Show when={i().summary}>{(summary) => <><h3 style={{ "margin-top": "16px" }}>Summary{i().score === null ? "" : ` · ${i().score}/100`}</h3><p>{summary()}</p></>}</Show>
                    </>
                  )}
                </Show>
              </section>
            </div>
          </Show>
        )}
      </Loaded>
    </>
  )
}
