/** The light/dark theme: the saved choice, else the system's; applied to `<html data-theme>`. */
import { createSignal } from "solid-js"

export type Theme = "light" | "dark"
const KEY = "devserver.theme"

const initial = (): Theme => (document.documentElement.dataset.theme === "dark" ? "dark" : "light")

export const createTheme = () => {
  const [theme, setTheme] = createSignal<Theme>(initial())
  const apply = (next: Theme) => {
    setTheme(next)
    document.documentElement.dataset.theme = next
    try {
      localStorage.setItem(KEY, next)
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  return { theme, setTheme: apply, toggle: () => apply(theme() === "dark" ? "light" : "dark") }
}
