/** Routes users can bookmark; each page is its own chunk, loaded on first visit. */
import { Route, Router } from "@solidjs/router"
import { lazy } from "solid-js"
import { Shell } from "./layout/Shell.js"

const Dashboard = lazy(() => import("./pages/Dashboard.js"))
const Tasks = lazy(() => import("./pages/Tasks.js"))
const TaskDetail = lazy(() => import("./pages/TaskDetail.js"))
const NewTask = lazy(() => import("./pages/NewTask.js"))
const Templates = lazy(() => import("./pages/Templates.js"))
const Ideas = lazy(() => import("./pages/Ideas.js"))
const Decisions = lazy(() => import("./pages/Decisions.js"))
const Schedules = lazy(() => import("./pages/Schedules.js"))
const Repos = lazy(() => import("./pages/Repos.js"))
const Settings = lazy(() => import("./pages/Settings.js"))
const Logs = lazy(() => import("./pages/Logs.js"))
const NotFound = lazy(() => import("./pages/NotFound.js"))

export const App = () => (
  <Router root={Shell}>
    <Route path="/" component={Dashboard} />
    <Route path="/tasks" component={Tasks} />
    <Route path="/tasks/:key" component={TaskDetail} />
    <Route path="/new" component={NewTask} />
    <Route path="/templates" component={Templates} />
    <Route path="/ideas" component={Ideas} />
    <Route path="/decisions" component={Decisions} />
    <Route path="/schedules" component={Schedules} />
    <Route path="/repos" component={Repos} />
    <Route path="/settings" component={Settings} />
    <Route path="/logs" component={Logs} />
    <Route path="*" component={NotFound} />
  </Router>
)
