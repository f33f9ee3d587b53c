/** Checks run inside the page: controls without an accessible name, and content wider than the screen. */
import type { Page } from "playwright-core"

/** Buttons, links, inputs, selects and text areas a screen reader would announce without a name. */
export const unnamedControls = (page: Page) =>
  page.evaluate(() => {
    const named = (el: HTMLElement) => {
      if (el.getAttribute("aria-label")?.trim()) return true
      const by = el.getAttribute("aria-labelledby")
      if (by && by.split(" ").some((id) => document.getElementById(id)?.textContent?.trim())) return true
      if ((el as HTMLInputElement).labels?.length) return true
      if (el instanceof HTMLInputElement && (el.type === "search" || el.type === "text") && el.placeholder && el.title) return true
      return (el.textContent ?? "").trim() !== "" && !(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)
    }
    return [...document.querySelectorAll<HTMLElement>("button, a[href], input, select, textarea")]
      .filter((el) => el.offsetParent !== null && !named(el))
      .map((el) => el.outerHTML.slice(0, 120))
  })

/** How far the page is wider than the viewport (0 = no sideways scrolling). */
export const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
