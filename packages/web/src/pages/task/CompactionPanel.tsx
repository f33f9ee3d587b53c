/** What the system LLM condensed from earlier attempts: the five sections the next fresh attempt starts from. */
import { createResource, For, Show } from "solid-js"
import { api } from "../../api/client.js"

const SECTIONS = [["tried", "Tried"], ["filesTouched", "Files touched"], ["deadEnds", "Dead ends"], ["nextSteps", "Next steps"], ["openQuestions", "Open questions"]] as const

/** `version` changes with each `context_compacted` event. */
export const CompactionPanel = (props: { taskKey: string; version: unknown }) => {
  const [compaction] = createResource(() => [props.taskKey, props.version] as const, ([key]) => api.insight.compaction.query({ key }))
  return (
    <Show when={compaction.latest}>
      {(c) => (
        <section class="panel" aria-labelledby="compaction-h" data-testid="compaction">
          <h2 id="compaction-h">Earlier attempts, compacted</h2>
          <dl class="kv">
            <For each={SECTIONS}>
              {([field, title]) => (
                <>
                  <dt>{title}</dt>
                  <dd>
                    <Show when={c()[field].length > 0} fallback={<span class="sub">none</span>}>
                      <ul class="plain"><For each={c()[field]}>{(item) => <li>{item}</li>}</For></ul>
                    </Show>
                  </dd>
                </>
              )}
            </For>
          </dl>
        </section>
      )}
    </Show>
  )
}
