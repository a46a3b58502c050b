/** The two suite views the address can name: the "Compare environments" form and one suite's run. */
import type { View } from "../use-url-view";
import { EnvironmentsForm } from "./environments-form";
import { SuiteView } from "./suite-view";

export function SuitePages({
  view,
  onNavigate,
  canWatch = false,
}: {
  view: View;
  onNavigate: (view: View) => void;
  /** Whether the identity may set or stop a suite's watch (admin scope). */
  canWatch?: boolean;
}) {
  if (view.kind === "environments") return <EnvironmentsForm onNavigate={onNavigate} />;
  if (view.kind === "suite") return <SuiteView suiteId={view.suiteId} onNavigate={onNavigate} canWatch={canWatch} />;
  return null;
}
