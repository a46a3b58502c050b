/** The two suite views the address can name: the "Compare environments" form and one suite's run. */
import type { View } from "../use-url-view";
import { EnvironmentsForm } from "./environments-form";
import { SuiteView } from "./suite-view";

/** `canEdit`: whether the identity holds the admin scope an edit of a suite needs. */
export function SuitePages({
  view,
  onNavigate,
  canEdit,
}: {
  view: View;
  onNavigate: (view: View) => void;
  canEdit: boolean;
}) {
  if (view.kind === "environments") return <EnvironmentsForm onNavigate={onNavigate} />;
  if (view.kind === "suite") return <SuiteView suiteId={view.suiteId} onNavigate={onNavigate} canEdit={canEdit} />;
  return null;
}
