/** Entry point of the web page: mounts the app into index.html's #root. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";
import "./form.css";
import "./result.css";
import "./panels.css";
import "./pairs.css";
import "./pair-view.css";
import "./session.css";
import "./suites.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
