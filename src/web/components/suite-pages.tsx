/** The two suite views the address can name: the "Compare environments" form and one suite's run. */
import type { View } from "../use-url-view";
import { EnvironmentsForm } from "./environments-form";
import { SuiteView } from "./suite-view";

export function SuitePages({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  if (view.kind === "environments") return <EnvironmentsForm onNavigate={onNavigate} />;
  if (view.kind === "suite") return <SuiteView suiteId={view.suiteId} onNavigate={onNavigate} />;
  return null;
}
