/** Downloads the task's latest patch series as `combined.mbox` (apply with `git am`). */
import { api } from "../../api/client.js"
import { ActionButton } from "../../components/ActionButton.js"

const save = (name: string, text: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: "application/mbox" }))
  const link = document.createElement("a")
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const PatchDownload = (props: { taskKey: string }) => (
  <ActionButton
    class="ghost"
    label={`Download the patches of ${props.taskKey} as combined.mbox`}
    run={async () => {
      const set = await api.insight.patches.query({ key: props.taskKey })
      if (set === null) throw new Error("No patch series yet: it is exported with each delivery that has commits.")
      save(`${props.taskKey}-combined.mbox`, set.mbox)
    }}
  >
    Download combined.mbox
  </ActionButton>
)
