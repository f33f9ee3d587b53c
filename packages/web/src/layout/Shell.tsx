/** The frame around every page: navigation (a drawer below 860 px), theme switch, connection state. */
import { A, type RouteSectionProps, useLocation } from "@solidjs/router"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { createTheme } from "../lib/createTheme.js"
import { Icon, type IconName } from "./Icon.js"

const links: ReadonlyArray<{ href: string; label: string; icon: IconName; end?: boolean }> = [
  { href: "/", label: "Dashboard", icon: "dashboard", end: true },
  { href: "/tasks", label: "Tasks", icon: "tasks" },
  { href: "/new", label: "New task", icon: "plus" },
  { href: "/templates", label: "Templates", icon: "templates" },
  { href: "/decisions", label: "Decisions", icon: "decisions" },
  { href: "/ideas", label: "Ideas", icon: "ideas" },
  { href: "/schedules", label: "Schedules", icon: "schedules" },
  { href: "/repos", label: "Repos", icon: "repos" },
  { href: "/settings", label: "Settings", icon: "settings" },
  { href: "/logs", label: "Logs", icon: "logs" }
]

export const Shell = (props: RouteSectionProps) => {
  const { theme, toggle } = createTheme()
  const [open, setOpen] = createSignal(false)
  const location = useLocation()
  let menuButton!: HTMLButtonElement
  let nav!: HTMLElement
  // A new page: close the drawer and move focus to the content, so keyboard and screen-reader users start there.
  createEffect(on(() => location.pathname, () => {
    setOpen(false)
    document.getElementById("content")?.focus({ preventScroll: true })
  }, { defer: true }))
  const openDrawer = () => {
    setOpen(true)
    nav.querySelector<HTMLElement>("a[aria-current='page'], a")?.focus()
  }
  const closeDrawer = () => {
    if (!open()) return
    setOpen(false)
    menuButton.focus()
  }
  const Brand = () => (
    <A href="/" class="brand" aria-label="DevServer home">
      <img src="/favicon.svg" alt="" />
      <span>DevServer</span>
    </A>
  )
  return (
    <>
      <a
        class="skip"
        href="#content"
        onClick={(e) => {
          e.preventDefault()
          document.getElementById("content")?.focus()
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <button ref={menuButton} class="ghost" aria-label="Open navigation" aria-expanded={open()} aria-controls="sidebar" onClick={openDrawer}>
          <Icon name="menu" />
        </button>
        <Brand />
      </header>
      <Show when={open()}>
        <div class="backdrop" aria-hidden="true" onClick={closeDrawer} />
      </Show>
      <div class="shell">
        <nav ref={nav} id="sidebar" class="sidebar" classList={{ open: open() }} aria-label="Main" onKeyDown={(e) => e.key === "Escape" && closeDrawer()}>
          <Brand />
          <div class="nav">
            <For each={links}>
              {(link) => (
                <A href={link.href} end={link.end ?? false} activeClass="" inactiveClass="">
                  <Icon name={link.icon} />
                  {link.label}
                </A>
              )}
            </For>
          </div>
          <div class="grow" />
          <button class="ghost" onClick={toggle} aria-label={`Switch to ${theme() === "dark" ? "light" : "dark"} theme`}>
            <Icon name={theme() === "dark" ? "sun" : "moon"} />
            {theme() === "dark" ? "Light theme" : "Dark theme"}
          </button>
        </nav>
        <main id="content" class="main" tabindex="-1">{props.children}</main>
      </div>
    </>
  )
}
